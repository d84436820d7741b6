"""Submission files: documented JSON, atomic, one file per attempt, read back with reasons."""

import codecs
import json
import multiprocessing
import os
import shutil
import stat
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.grading import key_answers
from toolkit.course.exercises.submission import (
    FORMAT,
    _slug,
    attempt_files,
    attempt_order,
    check_learner_name,
    decode_submission,
    instructor_cannot_read,
    learner_key,
    new_submission,
    parse_submission,
    read_submission,
    scan_folder,
    write_submission,
)
from toolkit.errors import BillingInputError, SubmissionError, visible

BANK = load_bank()
EX = BANK["ex01_tidy_visit"]
MOMENT = datetime(2026, 3, 4, 9, 15, 12, tzinfo=UTC)


def test_payload_has_every_documented_field():
    payload = new_submission(
        "  Dana   Lee ", exercise_id=EX.id, answers=key_answers(EX), now=MOMENT
    )
    assert payload["format"] == FORMAT and payload["format_version"] == 1
    assert payload["learner"] == "Dana Lee" and payload["exercise"] == EX.id
    assert payload["submitted_at"] == "2026-03-04T09:15:12Z"
    assert payload["toolkit_version"]
    assert payload["answers"]["units"] == {"97530": 2, "97110": 1, "G0283": 1}


def test_resubmitting_keeps_every_attempt_even_in_the_same_second(tmp_path):
    payload = new_submission("Dana Lee", exercise_id=EX.id, answers=key_answers(EX), now=MOMENT)
    first = write_submission(payload, folder=tmp_path)
    second = write_submission(
        dict(payload, answers={"decision": "query_clinician"}), folder=tmp_path
    )
    assert first.name == "dana-lee__ex01_tidy_visit__20260304T091512Z-01.json"
    assert second.name.endswith("-02.json")
    assert json.loads(first.read_text())["answers"]["decision"] == "bill_as_documented"
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name, second.name]  # no temp left


def test_default_folder_is_the_documented_one(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_SUBMISSIONS", str(tmp_path / "class"))
    path = write_submission(new_submission("Ann", exercise_id=EX.id, answers={}, now=MOMENT))
    assert path.parent == tmp_path / "class"


def test_round_trip(tmp_path):
    path = write_submission(
        new_submission("Dana Lee", exercise_id=EX.id, answers=key_answers(EX), now=MOMENT),
        folder=tmp_path,
    )
    sub = read_submission(path, known_exercises=BANK)
    assert sub.learner == "Dana Lee" and sub.exercise_id == EX.id and sub.submitted_at == MOMENT
    assert sub.answers.as_dict() == key_answers(EX).as_dict()


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "bell\x07name"])
def test_bad_learner_names_are_refused(name):
    with pytest.raises(BillingInputError):
        new_submission(name, exercise_id=EX.id, answers={}, now=MOMENT)


def _valid():
    return new_submission("Dana Lee", exercise_id=EX.id, answers=key_answers(EX), now=MOMENT)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.json", "", "empty file"),
        ("cut.json", json.dumps(_valid())[:60], "not valid JSON"),
        ("foreign.json", json.dumps({"cells": []}), "foreign file"),
        ("list.json", "[1, 2]", "foreign file"),
        ("notes.txt", "hello", "not a submission"),
        (".x__ex01__1.pending", "{}", "unfinished"),
        ("unknown.json", json.dumps(dict(_valid(), exercise="ex99_nothing")), "unknown exercise"),
        ("newer.json", json.dumps(dict(_valid(), format_version=9)), "newer toolkit"),
        ("badtime.json", json.dumps(dict(_valid(), submitted_at="yesterday")), "submitted_at"),
        (
            "badanswers.json",
            json.dumps(dict(_valid(), answers={"units": {"97530": "two"}})),
            "malformed",
        ),
        ("noname.json", json.dumps(dict(_valid(), learner="")), "learner"),
    ],
)
def test_files_that_cannot_be_graded_say_why(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(SubmissionError, match=reason):
        read_submission(path, known_exercises=BANK)


def test_scan_lists_every_file_nothing_silently_skipped(tmp_path):
    first = write_submission(_valid(), folder=tmp_path)
    (tmp_path / "sub").mkdir()
    write_submission(
        new_submission("Ann Berg", exercise_id=EX.id, answers={}, now=MOMENT),
        folder=tmp_path / "sub",
    )
    (tmp_path / "sub" / "junk.json").write_text("{")
    (tmp_path / "sub" / "copy.json").write_bytes(first.read_bytes())  # byte-identical: once
    scan = scan_folder(tmp_path, BANK)
    assert len(scan.submissions) == 2
    assert [(p.name, r[:12]) for p, r in scan.problems] == [("junk.json", "not valid JS")]
    assert [(c.name, f.name) for c, f in scan.duplicates] == [("copy.json", first.name)]


LOOK_ALIKES = [
    "Sam Lee",
    "Sam-Lee",
    "ＳＡＭ　ＬＥＥ",
    "sam_lee",
    "SAM  LEE",
    "Sam\u2013Lee",
    "Sam\u00a0Lee",
    "S\u200bam L\u200dee",
    "ＳＡＭ－ＬＥＥ",
    "\u0405\u0430m L\u0435\u0435",
    "Sam.Lee",
    "Sam\u2212Lee",
    "\ufeffSam Lee",
]


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_look_alike_names_are_one_learner_and_one_file_stem(tmp_path, name):
    assert learner_key(name) == "sam lee"
    path = write_submission(
        new_submission(name, exercise_id=EX.id, answers={}, now=MOMENT), folder=tmp_path
    )
    assert path.name.startswith("sam-lee__ex01_tidy_visit__")


def test_look_alike_quotes_are_one_learner():
    assert {learner_key(n) for n in ("O'Brien", "O’Brien", "O´Brien", "ｏ＇ｂｒｉｅｎ")} == {
        "o'brien"
    }


@pytest.mark.parametrize(
    "typed, spoofed",
    [
        ("Nora Lee", "\u039dora Lee"),
        ("Yvonne Lee", "\u03a5vonne Lee"),
        ("Eva Lee", "\u0395va Lee"),
        ("Tom Lee", "\u0422om Lee"),
        ("Bo Lee", "\u0412o Lee"),
        ("Hal Lee", "\u041dal Lee"),
        ("Max Lee", "\u041cax Lee"),
        ("Kim Lee", "\u041aim Lee"),
        ("Ella Lee", "\u0435lla Lee"),
        ("Illa Lee", "\u04cflla Lee"),
        ("gina", "\u0261ina"),
        ("Ali", "Al\u0131"),
        ("O'Neil", "O\u02bbNeil"),
        ("Cora", "\u03f9ora"),
        ("Sam Lee", "S\u0430m L\u0435\u0435"),
        ("Dana Lee", "Dana\u034f Lee"),
        ("Dana Lee", "Dana\ufe0f Lee"),
        ("Dana Lee", "Dan\U000e0100a Lee"),
        ("Dana Lee", "Dana\u2800Lee"),
        ("Dana Lee", "Dana\u3164Lee"),
        ("Dana Lee", "Dana\uffa0Lee"),
        ("Dana Lee", "Dana\u115f\u1160Lee"),
        ("Dana Lee", "Da\u00adna Lee"),
    ],
)
def test_look_alike_letters_and_invisible_characters_are_one_learner(tmp_path, typed, spoofed):
    """Capitals are mapped before case folding: Greek capital Nu is N, not nu (drawn v)."""
    assert learner_key(spoofed) == learner_key(typed)
    a = write_submission(
        new_submission(typed, exercise_id=EX.id, answers={}, now=MOMENT), folder=tmp_path
    )
    b = write_submission(
        new_submission(spoofed, exercise_id=EX.id, answers={}, now=MOMENT), folder=tmp_path
    )
    assert b.name == a.name.replace("-01.json", "-02.json")  # one stem, never an overwrite


@pytest.mark.parametrize(
    "one, other",
    [
        ("Vora Lee", "\u039dora Lee"),
        ("Uvonne Lee", "\u03a5vonne Lee"),
        ("Ann Lee", "Anne Lee"),
        ("Zoe Lee", "Zo\u00eb Lee"),
        ("Ipek Lee", "\u0130pek Lee"),
        ("Sam Lee", "SamLee"),
        ("Jo Lee", "J.O. Lee"),
        ("Sam Lee", "Sam/Lee"),
    ],
)
def test_letters_that_only_resemble_others_are_not_merged(one, other):
    assert learner_key(one) != learner_key(other)
    assert _slug(one) != _slug(other)


@pytest.mark.parametrize(
    "name",
    [
        "\u2800",
        "\u034f",
        "\ufe0f\ufe0f",
        "\u3164",
        "\u115f",
        "\uffa0 \u200b",
        "\U000e0041",
        "- . _",
        "\u0301",
    ],
)
def test_a_name_made_only_of_invisible_characters_is_refused(name):
    with pytest.raises(BillingInputError, match="letters or digits|type your name"):
        check_learner_name(name)
    with pytest.raises(SubmissionError, match="learner name"):
        parse_submission(dict(_valid(), learner=name), BANK)


def test_every_mapped_or_dropped_character_gives_a_stable_key():
    from toolkit.course.exercises.submission import _BLANKS, _IGNORABLE, _LOOK_ALIKE

    ranges = [
        (0x00AD, 0x00AD),
        (0x034F, 0x034F),
        (0x115F, 0x1160),
        (0x180B, 0x180F),
        (0x200B, 0x206F),
        (0x2800, 0x2800),
        (0x3164, 0x3164),
        (0xFE00, 0xFE0F),
        (0xFFA0, 0xFFA0),
        (0xE0000, 0xE01EF),
        (0x0370, 0x052F),
    ]  # + all Greek, Cyrillic
    chars = {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)} | set(map(chr, _LOOK_ALIKE))
    for ch in chars:
        key = learner_key(f"a{ch}b{ch.upper()}\u0308")
        assert learner_key(key) == key, hex(ord(ch))
        if _IGNORABLE.fullmatch(ch):
            assert learner_key(f"a{ch}b") == "ab", hex(ord(ch))
        if _BLANKS.fullmatch(ch):
            assert learner_key(f"a{ch}b") == "a b", hex(ord(ch))


def test_a_fingerprint_follows_a_double_dash_no_plain_name_can_produce(tmp_path):
    lossy = "Ann Lee!"
    fingerprint = _slug(lossy).rsplit("--", 1)[1]
    plain = f"Ann Lee {fingerprint}"  # typed to land on the lossy name's file stem
    assert _slug(lossy) == f"ann-lee--{fingerprint}" and _slug(plain) == f"ann-lee-{fingerprint}"
    a = write_submission(
        new_submission(lossy, exercise_id=EX.id, answers={}, now=MOMENT), folder=tmp_path
    )
    assert attempt_files(plain, EX.id, tmp_path) == []
    assert attempt_files(lossy, EX.id, tmp_path) == [a]


@given(st.text(max_size=50))
def test_a_slug_is_either_the_key_itself_or_carries_a_fingerprint(name):
    slug = _slug(name)
    if "--" in slug:
        assert len(slug.rsplit("--", 1)[1]) == 8
    else:  # a plain slug spells the key exactly: two different keys never share it
        assert slug.replace("-", " ") == learner_key(name) or slug == "learner"
    assert "__" not in slug and not slug.endswith("-")


@pytest.mark.parametrize(
    "one, other",
    [
        ("Sam Lee", "Sam Li"),
        ("Dana Lee", "Dana Le"),
        ("O'Brien", "O Brien"),
        ("José Ruiz", "Jose Ruiz"),
        ("Anna", "Ana"),
    ],
)
def test_different_names_stay_different_learners_and_file_stems(tmp_path, one, other):
    assert learner_key(one) != learner_key(other)
    a = write_submission(
        new_submission(one, exercise_id=EX.id, answers={}, now=MOMENT), folder=tmp_path
    )
    b = write_submission(
        new_submission(other, exercise_id=EX.id, answers={}, now=MOMENT), folder=tmp_path
    )
    assert a.name.rsplit("__", 1)[0] != b.name.rsplit("__", 1)[0]
    assert attempt_files(one, EX.id, tmp_path) == [a]


@given(st.text(max_size=30))
def test_learner_key_is_stable_and_folds_full_width_and_dashes(name):
    key = learner_key(name)
    assert learner_key(key) == key  # a key is its own key
    assert key == key.strip() and "  " not in key
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and c not in "-_." else c for c in name)
    assert learner_key(wide) == key


def test_names_and_file_names_are_printed_with_escapes_visible():
    assert visible("\x1b[2J Eve\u202e\u200b") == "\\x1b[2J Eve\\u202e\\u200b"
    assert visible("bad\udcffname.json") == "bad\\udcffname.json"
    assert visible("Zoë Ruiz") == "Zoë Ruiz"


def test_an_exercise_id_cannot_steer_the_file_elsewhere(tmp_path):
    with pytest.raises(BillingInputError, match="exercise id"):
        write_submission(dict(_valid(), exercise="../../escape"), folder=tmp_path / "class")
    assert not any(tmp_path.rglob("*.json"))


@pytest.mark.parametrize("umask, mode", [(0o022, 0o640), (0o002, 0o660), (0o077, 0o640)])
def test_files_honour_the_umask_and_the_class_folders_group(tmp_path, umask, mode):
    folder = tmp_path / "class"
    folder.mkdir()
    group = next((g for g in os.getgroups() if g != os.getegid()), None) if os.geteuid() else 100
    if group is not None:
        os.chown(folder, -1, group)
    os.chmod(folder, 0o2770)  # a setgid class folder, as an instructor sets one up
    old = os.umask(umask)
    try:
        path = write_submission(_valid(), folder=folder)
    finally:
        os.umask(old)
    info = path.stat()
    assert stat.S_IMODE(info.st_mode) == mode
    assert info.st_gid == folder.stat().st_gid  # the folder's group, so the instructor can read
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.parametrize("umask, mode", [(0o022, 0o640), (0o077, 0o600)])
def test_outside_a_class_folder_the_umask_is_honoured(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        path = write_submission(_valid(), folder=tmp_path)  # a learner's own folder: no setgid bit
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def _submit_at_once(barrier, queue, folder, number):
    name = LOOK_ALIKES[number % len(LOOK_ALIKES)]
    payload = new_submission(
        name, exercise_id=EX.id, answers={"units": {"97530": number}}, now=MOMENT
    )
    barrier.wait()
    try:
        queue.put((number, str(write_submission(payload, folder=folder))))
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        queue.put((number, f"FAILED {error!r}"))


def test_thirty_processes_with_look_alike_names_at_the_same_instant(tmp_path):
    """30 files, each holding the answers of the process told it was saved there."""
    ctx = multiprocessing.get_context("fork")
    barrier, queue = ctx.Barrier(30), ctx.Queue()
    workers = [
        ctx.Process(target=_submit_at_once, args=(barrier, queue, tmp_path, n)) for n in range(30)
    ]
    for worker in workers:
        worker.start()
    reported = dict(queue.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 30 and all(p.suffix == ".json" for p in files)  # no temporary left
    for number, path in reported.items():
        assert json.loads(open(path).read())["answers"]["units"] == {"97530": number}, path
    assert {p.name.rsplit("-", 1)[0] for p in files} == {
        "sam-lee__ex01_tidy_visit__20260304T091512Z"
    }


def _payload(**changes):
    return json.dumps(dict(_valid(), **changes))


@pytest.mark.parametrize(
    "content, reason",
    [
        (_payload().replace('"97530": 2', '"97530": ' + "9" * 5000), "more than 9 digits"),
        (
            '{"format": "cpt97530-submission", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "nested more than 8",
        ),
        (_payload(learner="x").replace('"x"', '"\\ud800"'), "broken character"),
        (_payload(submitted_at="0001-01-01T00:00:00+14:00"), "outside the years"),
        (_payload(learner="N" * 201), "longer than 200"),
        (_payload().replace('"97530": 2', '"97530": Infinity'), "Infinity is not a number"),
        (_payload(learner="\u200b"), "learner name is missing"),
        (_payload()[:-1] + ', "learner": "Eve"}', "the field 'learner' is given twice"),
        (
            _payload().replace('"97530": 2', '"97530": 0, "97530": 2'),
            "the field '97530' is given twice",
        ),
    ],
)
def test_crafted_files_are_refused_within_the_stated_limits(tmp_path, content, reason):
    path = tmp_path / "crafted.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SubmissionError, match=reason):
        read_submission(path, known_exercises=BANK)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "notepad.json"
    path.write_text("\ufeff" + _payload(), encoding="utf-8")
    assert read_submission(path, known_exercises=BANK).learner == "Dana Lee"


def test_a_date_ahead_of_the_clock_is_reported_and_ordered_by_file_time(tmp_path):
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    honest = tmp_path / "later.json"
    honest.write_text(_payload(submitted_at="2026-03-05T11:00:00Z"))
    cheat = tmp_path / "cheat.json"
    cheat.write_text(_payload(submitted_at="2099-01-01T00:00:00Z"))
    os.utime(cheat, (now.timestamp() - 7200,) * 2)  # really saved at 10:00, before `honest`
    slightly = tmp_path / "skew.json"
    slightly.write_text(_payload(submitted_at="2026-03-05T12:04:00Z"))  # within 5 minutes
    subs = {
        p.name: read_submission(p, known_exercises=BANK, now=now) for p in (honest, cheat, slightly)
    }
    assert "ahead of this computer's clock" in subs["cheat.json"].clock_note
    assert subs["skew.json"].clock_note == "" and subs["later.json"].clock_note == ""
    assert attempt_order(subs["cheat.json"]) < attempt_order(subs["later.json"])
    assert subs["cheat.json"].ordered_at == now - timedelta(hours=2)


def _dated(folder, name, submitted_at, file_time, **answers):
    path = folder / name
    path.write_text(_payload(submitted_at=submitted_at, **answers))
    os.utime(path, (file_time.timestamp(),) * 2)
    return path


def test_an_attempt_whose_file_time_is_also_in_the_future_is_ordered_as_the_oldest(tmp_path):
    """A date typed to win, on a file touched into the future too, never outranks a real attempt."""
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    cheat = _dated(tmp_path, "cheat.json", "2099-01-01T00:00:00Z", now + timedelta(days=1))
    first = _dated(tmp_path, "first.json", "2026-03-05T08:00:00Z", now - timedelta(hours=4))
    subs = {p.name: read_submission(p, known_exercises=BANK, now=now) for p in (cheat, first)}
    assert "ahead of this computer's clock" in subs["cheat.json"].clock_note
    assert "oldest attempt" in subs["cheat.json"].clock_note
    assert attempt_order(subs["cheat.json"]) < attempt_order(subs["first.json"])


def test_an_attempt_from_a_clock_set_years_back_is_ordered_by_its_file_time(tmp_path):
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    early = _dated(tmp_path, "early.json", "2026-03-05T09:00:00Z", now - timedelta(hours=3))
    reset = _dated(tmp_path, "reset.json", "2001-01-01T00:00:00Z", now - timedelta(hours=2))
    both = _dated(tmp_path, "both.json", "2001-01-01T00:00:00Z", datetime(2001, 1, 1, tzinfo=UTC))
    subs = {p.name: read_submission(p, known_exercises=BANK, now=now) for p in (early, reset, both)}
    assert "before 2026, when this submission format did not exist" in subs["reset.json"].clock_note
    assert subs["reset.json"].ordered_at == now - timedelta(hours=2)
    assert attempt_order(subs["early.json"]) < attempt_order(subs["reset.json"])  # it was later
    assert "oldest attempt" in subs["both.json"].clock_note
    assert attempt_order(subs["both.json"]) < attempt_order(subs["early.json"])


def test_a_copied_file_newer_than_its_submitted_at_is_not_a_wrong_clock(tmp_path):
    """Copying or downloading gives a file a new time: that alone proves nothing."""
    now = datetime(2026, 6, 1, tzinfo=UTC)
    copied = _dated(tmp_path, "copied.json", "2026-03-04T09:15:12Z", now - timedelta(minutes=1))
    sub = read_submission(copied, known_exercises=BANK, now=now)
    assert sub.clock_note == "" and sub.ordered_at is None


def test_a_temporary_file_left_beside_its_saved_twin_is_a_copy_not_an_unfinished_save(tmp_path):
    """A crash after the final name was linked but before the temporary name was removed."""
    saved = write_submission(_valid(), folder=tmp_path)
    stem = saved.name.rsplit("-", 1)[0]
    (tmp_path / f".{stem}.0123456789abcdef.pending").write_bytes(saved.read_bytes())
    complete = new_submission(
        "Ann Berg", exercise_id=EX.id, answers={}, now=MOMENT
    )  # crashed before its link
    (tmp_path / ".ann-berg__ex01_tidy_visit__20260304T091512Z.fedcba9876543210.pending").write_text(
        json.dumps(complete)
    )
    (tmp_path / ".cut__ex01_tidy_visit__20260304T091512Z.00aa00aa00aa00aa.pending").write_text(
        '{"fo'
    )
    scan = scan_folder(tmp_path, BANK)
    assert [(c.name, f.name) for c, f in scan.duplicates] == [
        (f".{stem}.0123456789abcdef.pending", saved.name)
    ]
    reasons = {p.name[:9]: r for p, r in scan.problems}
    assert "answers inside are complete: rename it" in reasons[".ann-berg"]
    assert "a save that never completed" in reasons[".cut__ex0"]
    assert len(scan.submissions) == 1


def test_links_pipes_and_linked_folders_are_listed_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    real = write_submission(_valid(), folder=outside)
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "to_folder").symlink_to(outside, target_is_directory=True)
    (folder / "to_file.json").symlink_to(real)
    (folder / "dangling.json").symlink_to(tmp_path / "gone.json")
    os.mkfifo(folder / "pipe.json")
    scan = scan_folder(folder, BANK)
    assert scan.submissions == ()
    reasons = {p.name: r for p, r in scan.problems}
    assert "symbolic link to a folder: not followed" in reasons["to_folder"]
    assert "symbolic link: not followed" in reasons["to_file.json"]
    assert "dangling" in reasons["dangling.json"]
    assert "pipe" in reasons["pipe.json"]
    with pytest.raises(SubmissionError, match="symbolic link"):
        read_submission(folder / "to_file.json", known_exercises=BANK)


# Real users: the test runs as root here, and forked children drop to throw-away user and
# group ids (no account is created: a uid needs no entry in /etc/passwd).
INSTRUCTOR, INSTRUCTORS, TRAINEES = 64001, 64001, 64100
ANN, BEN, EVE = 64011, 64012, 64013
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as other users")


def _as_user(uid, gid, umask, action, home=None):
    """Run `action()` in a child with this uid/gid and umask; its result, or the error's name."""
    codecs.lookup("utf-8-sig")  # encodings the child may need, loaded while still root
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            os.setgroups([gid])
            os.setgid(gid)
            os.setuid(uid)
            os.umask(umask)
            if home:
                os.environ["CPT97530_HOME"] = str(home)
            try:
                result = action()
            except OSError as error:
                result = type(error).__name__
            os.write(write, json.dumps(result, default=str).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else "child failed"


@pytest.fixture
def shared_root():
    """A folder every test user may pass through (pytest's tmp_path is root's alone)."""
    base = Path(tempfile.mkdtemp(prefix="cpt97530-users-"))
    base.chmod(0o711)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _class_folder(base):
    """The README's set-up: instructor-owned, group = instructors only, chmod 3733."""
    folder = base / "class"
    folder.mkdir()
    os.chown(folder, INSTRUCTOR, INSTRUCTORS)
    folder.chmod(0o3733)
    homes = {}
    for uid in (ANN, BEN, EVE):
        homes[uid] = base / f"home{uid}"
        homes[uid].mkdir(mode=0o700)
        os.chown(homes[uid], uid, TRAINEES)
    return folder, homes


def _save(name, folder, units=1):
    def action():
        path = write_submission(
            new_submission(name, exercise_id=EX.id, answers={"units": {"97530": units}}),
            folder=folder,
        )
        info = path.stat()
        return [str(path), stat.S_IMODE(info.st_mode), info.st_gid, instructor_cannot_read(path)]

    return action


@as_root
def test_in_the_documented_class_folder_trainees_cannot_touch_each_others_work(shared_root):
    folder, homes = _class_folder(shared_root)
    ann_path, mode, gid, warning = _as_user(
        ANN, TRAINEES, 0o077, _save("Ann One", folder), homes[ANN]
    )
    assert (mode, gid, warning) == (0o640, INSTRUCTORS, "")  # group read whatever the umask
    _as_user(ANN, TRAINEES, 0o022, _save("Ann One", folder, units=2), homes[ANN])
    ben_path = _as_user(BEN, TRAINEES, 0o002, _save("Ben Two", folder), homes[BEN])[0]

    def snoop():
        return {
            "list": _try(lambda: os.listdir(folder)),
            "read": _try(lambda: open(ann_path).read()),
            "edit": _try(lambda: open(ann_path, "r+").write("x")),
            "delete": _try(lambda: os.unlink(ann_path)),
            "rename": _try(lambda: os.rename(ann_path, folder / "mine.json")),
            "count": len(attempt_files("Ann One", EX.id, folder)),
        }

    assert _as_user(BEN, TRAINEES, 0o002, snoop, homes[BEN]) == {
        "list": "PermissionError",
        "read": "PermissionError",
        "edit": "PermissionError",
        "delete": "PermissionError",
        "rename": "PermissionError",
        "count": 0,
    }
    # Ann cannot list the folder either, yet finds her own two attempts (and only hers).
    own = _as_user(
        ANN,
        TRAINEES,
        0o022,
        lambda: [p.name for p in attempt_files("Ann One", EX.id, folder)],
        homes[ANN],
    )
    assert len(own) == 2 and all(name.startswith("ann-one__") for name in own)

    def grade_all():
        scan = scan_folder(folder, BANK)
        return sorted(s.answers.units["97530"] for s in scan.submissions), len(scan.problems)

    assert _as_user(INSTRUCTOR, INSTRUCTORS, 0o022, grade_all) == [[1, 1, 2], 0]
    assert json.loads(Path(ben_path).read_text())["learner"] == "Ben Two"


def _try(action):
    try:
        action()
    except OSError as error:
        return type(error).__name__
    return "allowed"


@as_root
def test_a_learner_is_warned_when_the_instructor_cannot_read_their_file(shared_root):
    folder, homes = _class_folder(shared_root)
    path = _as_user(ANN, TRAINEES, 0o022, _save("Ann One", folder), homes[ANN])[0]
    os.chmod(path, 0o600)  # what a drive that refuses to add group read leaves
    assert "instructor may not be able to read it" in instructor_cannot_read(Path(path))


def test_unreadable_entries_are_listed(tmp_path, shared_root):
    """As root (here), a child drops to another user, who can read neither entry."""
    folder = shared_root if os.geteuid() == 0 else tmp_path
    write_submission(_valid(), folder=folder)
    locked = folder / "locked"
    locked.mkdir()
    secret = write_submission(
        new_submission("Ann", exercise_id=EX.id, answers={}, now=MOMENT), folder=folder
    )
    if os.geteuid() == 0:
        for entry in folder.iterdir():
            os.chown(entry, EVE, TRAINEES)
        os.chown(folder, EVE, TRAINEES)
        secret.chmod(0)
        locked.chmod(0)
        reasons = _as_user(
            EVE, TRAINEES, 0o022, lambda: {p.name: r for p, r in scan_folder(folder, BANK).problems}
        )
    else:
        secret.chmod(0)
        locked.chmod(0)
        try:
            reasons = {p.name: r for p, r in scan_folder(folder, BANK).problems}
        finally:
            locked.chmod(0o700)
            secret.chmod(0o600)
    assert "cannot be opened" in reasons["locked"] and "cannot be read" in reasons[secret.name]


_ANY = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "2099-01-01T00:00:00Z",
            "2026-03-04T09:15:12",
            "\ud800",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
_FIELDS = ("format_version", "learner", "exercise", "submitted_at", "toolkit_version", "answers")


@given(st.dictionaries(st.sampled_from(_FIELDS), _ANY, max_size=4), st.binary(max_size=60))
def test_any_file_content_is_read_or_refused_with_a_reason(changes, junk):
    """Crafted JSON (every field any type) and random bytes: a Submission or a SubmissionError."""
    crafted = json.dumps(dict(_valid(), **changes)).encode()  # lone surrogates as \ud800 escapes
    for raw in (crafted, junk, crafted[: len(junk)]):
        try:
            sub = parse_submission(decode_submission(raw), BANK)
        except SubmissionError as reason:
            assert str(reason)
        else:
            assert sub.exercise_id in BANK and learner_key(sub.learner)
