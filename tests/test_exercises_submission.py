"""Submission files: documented JSON, atomic, one file per attempt, read back with reasons."""

import json
import multiprocessing
import os
import stat
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.errors import BillingInputError
from toolkit.exercises.bank import load_bank
from toolkit.exercises.grading import key_answers
from toolkit.exercises.submission import (
    FORMAT,
    SubmissionError,
    attempt_files,
    attempt_order,
    decode_submission,
    learner_key,
    new_submission,
    parse_submission,
    read_submission,
    scan_folder,
    visible,
    write_submission,
)

BANK = load_bank()
EX = BANK["ex01_tidy_visit"]
MOMENT = datetime(2026, 3, 4, 9, 15, 12, tzinfo=UTC)


def test_payload_has_every_documented_field():
    payload = new_submission("  Dana   Lee ", EX.id, key_answers(EX), now=MOMENT)
    assert payload["format"] == FORMAT and payload["format_version"] == 1
    assert payload["learner"] == "Dana Lee" and payload["exercise"] == EX.id
    assert payload["submitted_at"] == "2026-03-04T09:15:12Z"
    assert payload["toolkit_version"]
    assert payload["answers"]["units"] == {"97530": 2, "97110": 1, "G0283": 1}


def test_resubmitting_keeps_every_attempt_even_in_the_same_second(tmp_path):
    payload = new_submission("Dana Lee", EX.id, key_answers(EX), now=MOMENT)
    first = write_submission(payload, tmp_path)
    second = write_submission(dict(payload, answers={"decision": "query_clinician"}), tmp_path)
    assert first.name == "dana-lee__ex01_tidy_visit__20260304T091512Z-01.json"
    assert second.name.endswith("-02.json")
    assert json.loads(first.read_text())["answers"]["decision"] == "bill_as_documented"
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name, second.name]  # no temp left


def test_default_folder_is_the_documented_one(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_SUBMISSIONS", str(tmp_path / "class"))
    path = write_submission(new_submission("Ann", EX.id, {}, now=MOMENT))
    assert path.parent == tmp_path / "class"


def test_round_trip(tmp_path):
    path = write_submission(new_submission("Dana Lee", EX.id, key_answers(EX), now=MOMENT), tmp_path)
    sub = read_submission(path, BANK)
    assert sub.learner == "Dana Lee" and sub.exercise_id == EX.id and sub.submitted_at == MOMENT
    assert sub.answers.as_dict() == key_answers(EX).as_dict()


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "bell\x07name"])
def test_bad_learner_names_are_refused(name):
    with pytest.raises(BillingInputError):
        new_submission(name, EX.id, {}, now=MOMENT)


def _valid():
    return new_submission("Dana Lee", EX.id, key_answers(EX), now=MOMENT)


@pytest.mark.parametrize("name, content, reason", [
    ("empty.json", "", "empty file"),
    ("cut.json", json.dumps(_valid())[:60], "not valid JSON"),
    ("foreign.json", json.dumps({"cells": []}), "foreign file"),
    ("list.json", "[1, 2]", "foreign file"),
    ("notes.txt", "hello", "not a submission"),
    (".x__ex01__1.pending", "{}", "unfinished"),
    ("unknown.json", json.dumps(dict(_valid(), exercise="ex99_nothing")), "unknown exercise"),
    ("newer.json", json.dumps(dict(_valid(), format_version=9)), "newer toolkit"),
    ("badtime.json", json.dumps(dict(_valid(), submitted_at="yesterday")), "submitted_at"),
    ("badanswers.json", json.dumps(dict(_valid(), answers={"units": {"97530": "two"}})), "malformed"),
    ("noname.json", json.dumps(dict(_valid(), learner="")), "learner"),
])
def test_files_that_cannot_be_graded_say_why(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(SubmissionError, match=reason):
        read_submission(path, BANK)


def test_scan_lists_every_file_nothing_silently_skipped(tmp_path):
    first = write_submission(_valid(), tmp_path)
    (tmp_path / "sub").mkdir()
    write_submission(new_submission("Ann Berg", EX.id, {}, now=MOMENT), tmp_path / "sub")
    (tmp_path / "sub" / "junk.json").write_text("{")
    (tmp_path / "sub" / "copy.json").write_bytes(first.read_bytes())  # byte-identical: once
    scan = scan_folder(tmp_path, BANK)
    assert len(scan.submissions) == 2
    assert [(p.name, r[:12]) for p, r in scan.problems] == [("junk.json", "not valid JS")]
    assert [(c.name, f.name) for c, f in scan.duplicates] == [("copy.json", first.name)]



LOOK_ALIKES = ["Sam Lee", "Sam-Lee", "ＳＡＭ　ＬＥＥ", "sam_lee", "SAM  LEE", "Sam\u2013Lee",
               "Sam\u00a0Lee", "S\u200bam L\u200dee", "ＳＡＭ－ＬＥＥ", "\u0405\u0430m L\u0435\u0435",
               "Sam.Lee", "Sam\u2212Lee", "\ufeffSam Lee"]


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_look_alike_names_are_one_learner_and_one_file_stem(tmp_path, name):
    assert learner_key(name) == "sam lee"
    path = write_submission(new_submission(name, EX.id, {}, now=MOMENT), tmp_path)
    assert path.name.startswith("sam-lee__ex01_tidy_visit__")


def test_look_alike_quotes_are_one_learner():
    assert {learner_key(n) for n in ("O'Brien", "O’Brien", "O´Brien", "ｏ＇ｂｒｉｅｎ")} == {"o'brien"}


@pytest.mark.parametrize("one, other", [("Sam Lee", "Sam Li"), ("Dana Lee", "Dana Le"),
                                        ("O'Brien", "O Brien"), ("José Ruiz", "Jose Ruiz"),
                                        ("Anna", "Ana")])
def test_different_names_stay_different_learners_and_file_stems(tmp_path, one, other):
    assert learner_key(one) != learner_key(other)
    a = write_submission(new_submission(one, EX.id, {}, now=MOMENT), tmp_path)
    b = write_submission(new_submission(other, EX.id, {}, now=MOMENT), tmp_path)
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
        write_submission(dict(_valid(), exercise="../../escape"), tmp_path / "class")
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
        path = write_submission(_valid(), folder)
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
        path = write_submission(_valid(), tmp_path)  # a learner's own folder: no setgid bit
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def _submit_at_once(barrier, queue, folder, number):
    name = LOOK_ALIKES[number % len(LOOK_ALIKES)]
    payload = new_submission(name, EX.id, {"units": {"97530": number}}, now=MOMENT)
    barrier.wait()
    try:
        queue.put((number, str(write_submission(payload, folder))))
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
        queue.put((number, f"FAILED {error!r}"))


def test_thirty_processes_with_look_alike_names_at_the_same_instant(tmp_path):
    """30 files, each holding the answers of the process told it was saved there."""
    ctx = multiprocessing.get_context("fork")
    barrier, queue = ctx.Barrier(30), ctx.Queue()
    workers = [ctx.Process(target=_submit_at_once, args=(barrier, queue, tmp_path, n))
               for n in range(30)]
    for worker in workers:
        worker.start()
    reported = dict(queue.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 30 and all(p.suffix == ".json" for p in files)  # no temporary left
    for number, path in reported.items():
        assert json.loads(open(path).read())["answers"]["units"] == {"97530": number}, path
    assert {p.name.rsplit("-", 1)[0] for p in files} == {"sam-lee__ex01_tidy_visit__20260304T091512Z"}


def _payload(**changes):
    return json.dumps(dict(_valid(), **changes))


@pytest.mark.parametrize("content, reason", [
    (_payload().replace('"97530": 2', '"97530": ' + "9" * 5000), "more than 9 digits"),
    ('{"format": "cpt97530-submission", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 8"),
    (_payload(learner="x").replace('"x"', '"\\ud800"'), "broken character"),
    (_payload(submitted_at="0001-01-01T00:00:00+14:00"), "outside the years"),
    (_payload(learner="N" * 201), "longer than 200"),
    (_payload().replace('"97530": 2', '"97530": Infinity'), "Infinity is not a number"),
    (_payload(learner="\u200b"), "learner name is missing"),
])
def test_crafted_files_are_refused_within_the_stated_limits(tmp_path, content, reason):
    path = tmp_path / "crafted.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SubmissionError, match=reason):
        read_submission(path, BANK)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "notepad.json"
    path.write_text("\ufeff" + _payload(), encoding="utf-8")
    assert read_submission(path, BANK).learner == "Dana Lee"


def test_a_date_ahead_of_the_clock_is_reported_and_ordered_by_file_time(tmp_path):
    now = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    honest = tmp_path / "later.json"
    honest.write_text(_payload(submitted_at="2026-03-05T11:00:00Z"))
    cheat = tmp_path / "cheat.json"
    cheat.write_text(_payload(submitted_at="2099-01-01T00:00:00Z"))
    os.utime(cheat, (now.timestamp() - 7200,) * 2)  # really saved at 10:00, before `honest`
    slightly = tmp_path / "skew.json"
    slightly.write_text(_payload(submitted_at="2026-03-05T12:04:00Z"))  # within 5 minutes
    subs = {p.name: read_submission(p, BANK, now=now) for p in (honest, cheat, slightly)}
    assert "ahead of this computer's clock" in subs["cheat.json"].clock_note
    assert subs["skew.json"].clock_note == "" and subs["later.json"].clock_note == ""
    assert attempt_order(subs["cheat.json"]) < attempt_order(subs["later.json"])
    assert subs["cheat.json"].ordered_at == now - timedelta(hours=2)


def test_links_pipes_and_linked_folders_are_listed_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    real = write_submission(_valid(), outside)
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
        read_submission(folder / "to_file.json", BANK)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file; run as a normal user")
def test_unreadable_entries_are_listed(tmp_path):
    write_submission(_valid(), tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    secret = write_submission(new_submission("Ann", EX.id, {}, now=MOMENT), tmp_path)
    secret.chmod(0)
    locked.chmod(0)
    try:
        reasons = {p.name: r for p, r in scan_folder(tmp_path, BANK).problems}
    finally:
        locked.chmod(0o700)
        secret.chmod(0o600)
    assert "cannot be opened" in reasons["locked"] and "cannot be read" in reasons[secret.name]


_ANY = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
                    | st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
                                       "2099-01-01T00:00:00Z", "2026-03-04T09:15:12", "\ud800"]),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=10)
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
