"""`cpt97530 grade` and `cpt97530 release` from the command line."""

import csv
import importlib.util
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.course.exercises.bank import load_bank

BANK = load_bank()
ROOT = Path(__file__).resolve().parents[2]


def _make_class():
    spec = importlib.util.spec_from_file_location(
        "make_class", ROOT / "scripts/make_synthetic_class.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_class


def test_grade_a_class_with_broken_files(tmp_path, capsys):
    subs = tmp_path / "subs"
    written = _make_class()(subs, submissions=60, seed=3, broken=True)
    (subs / ".late__ex01__20260304T091512Z.pending").write_text('{"format"')  # a crash mid-save
    assert main(["grade", str(subs), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert f"graded {written} submission(s)" in captured.out
    for name in ("half-written.json", "foreign.json", "notes.txt", "unknown.json", ".late__"):
        assert name in captured.err
    assert "5 file(s) not graded" in captured.err
    rows = list(csv.DictReader((tmp_path / "out/gradebook.csv").open(encoding="utf-8")))
    assert rows and list(rows[0]) == ["learner", *BANK, "overall"]
    assert all(0 <= float(r["overall"]) <= 100 for r in rows)
    assert "<svg" in (tmp_path / "out/report.html").read_text()


def test_large_class_shows_a_progress_bar(tmp_path, capsys):
    subs = tmp_path / "subs"
    _make_class()(subs, submissions=210, seed=5)
    assert main(["grade", str(subs), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "grading" in err and "210/210" in err


def test_grade_never_runs_learner_code(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    canary = tmp_path / "ran"
    code = f"open({str(canary)!r}, 'w').write('x')"
    (subs / "evil.py").write_text(code)
    (subs / "evil.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "source": code}]}))
    (subs / "evil.json").write_text(
        json.dumps(
            {
                "format": "cpt97530-submission",
                "format_version": 1,
                "learner": code,
                "exercise": "ex01_tidy_visit",
                "submitted_at": "2026-03-04T09:00:00Z",
                "toolkit_version": "0",
                "answers": {"problems": [code]},
            }
        )
    )  # refused, never run
    (subs / "evil2.json").write_text(
        json.dumps(
            {
                "format": "cpt97530-submission",
                "format_version": 1,
                "learner": code,
                "exercise": "ex01_tidy_visit",
                "submitted_at": "2026-03-04T09:00:00Z",
                "toolkit_version": "0",
                "answers": {"problems": ["none"]},
            }
        )
    )  # graded, name never run
    assert main(["grade", str(subs), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert not canary.exists()


def test_grade_missing_folder_is_one_clear_line(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "is not a folder of submissions" in err and "Traceback" not in err


def test_release_bundle_has_lessons_and_exercises_but_no_solutions(tmp_path, capsys):
    target = tmp_path / "bundle"
    assert main(["release", str(target)]) == 0
    names = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert "README.txt" in names
    assert {f"exercises/{ex}.ipynb" for ex in BANK} <= names
    assert not any(n.endswith(".toml") or "solutions" in n for n in names)
    from toolkit.course.exercises.release import leaks

    assert leaks(target, BANK) == []
    for lesson in target.glob("notebooks/*.ipynb"):
        notebook = json.loads(lesson.read_text())
        assert all(c.get("outputs", []) == [] for c in notebook["cells"])
    capsys.readouterr()
    assert main(["release", str(target)]) == 2  # never overwrites a bundle
    assert "not empty" in capsys.readouterr().err


def test_a_broken_exercise_bank_is_one_line_and_exit_2(tmp_path):
    """A solution-file mistake is reported by every instructor command, never as a traceback."""
    import sys

    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "ex01_broken.toml").write_text("id = [\n", encoding="utf-8")
    (tmp_path / "subs").mkdir()
    for args in (
        ["generate", "--out", str(tmp_path / "out")],
        ["release", str(tmp_path / "bundle")],
        ["grade", str(tmp_path / "subs"), "-o", str(tmp_path / "book")],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "toolkit", *args, "--solutions", str(bank)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, (args, done.stderr)
        assert "ex01_broken.toml" in done.stderr and len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr


def test_a_hostile_class_folder_is_graded_around_every_bad_file(tmp_path):
    """The hostile corpus mixed with a good class: every bad entry named with its reason,
    every good file graded, outputs written, no traceback, no raw escape on the terminal."""
    import sys

    spec = importlib.util.spec_from_file_location(
        "make_hostile", ROOT / "tests/fixtures/hostile/make_hostile.py"
    )
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    subs = tmp_path / "class"
    good = _make_class()(subs, submissions=4 * len(BANK), seed=11)  # one attempt each
    good_files = sorted(subs.glob("*.json"))
    expected = hostile.build(subs, good_files)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit",
            "grade",
            str(subs),
            "-o",
            str(tmp_path / "out"),
            "--quiet",
        ],
        capture_output=True,
        timeout=120,
    )
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    assert "Traceback" not in err and "\x1b" not in out + err
    lines = err.splitlines()
    for name, reason in expected.items():
        found = [line for line in lines if line.startswith(f"not graded: {name}: ")]
        assert len(found) == 1 and reason in found[0], (name, reason, found)
    assert f"{len(expected)} file(s) not graded" in err
    assert "3 duplicate(s) ignored" in err
    assert "clock cannot be right: good_future_2099.json" in err
    assert f"graded {good + len(hostile.GRADED)} submission(s)" in out
    rows = list(csv.DictReader((tmp_path / "out/gradebook.csv").open(encoding="utf-8")))
    names = {r["learner"] for r in rows}
    assert {"Bom Windows", "Future Clock", "\\x1b[2J\\x1b[31mEve Escape"} <= names
    items = list(csv.DictReader((tmp_path / "out/items.csv").open(encoding="utf-8")))
    assert max(int(r["attempt"]) for r in items) == 1  # the backup/ copies added no attempts
    report = (tmp_path / "out/report.html").read_text(encoding="utf-8")
    assert "linked_folder" in report and "ignored: a copy of" in report


def test_look_alike_names_and_wrong_clocks_are_told_to_the_instructor(tmp_path, capsys):
    from datetime import UTC, datetime

    from toolkit.course.exercises.grading import key_answers
    from toolkit.course.exercises.submission import new_submission, write_submission

    ex = BANK["ex01_tidy_visit"]
    write_submission(
        new_submission("Tom Lee", exercise_id=ex.id, answers=key_answers(ex)), folder=tmp_path
    )
    write_submission(
        new_submission("\u0422om Lee", exercise_id=ex.id, answers={}), folder=tmp_path
    )  # Cyrillic capital Te
    reset = write_submission(
        new_submission(
            "Ann Berg", exercise_id=ex.id, answers={}, now=datetime(2001, 1, 1, tzinfo=UTC)
        ),
        folder=tmp_path,
    )
    assert main(["grade", str(tmp_path), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert (
        "look-alike names graded as one learner (check it is one person): "
        "Tom Lee / \u0422om Lee (\\u0422om Lee)"
    ) in err
    assert (
        f"clock cannot be right: {reset.name}: submitted_at 2001-01-01 00:00 UTC is before 2026"
        in err
    )


def _book(folder):
    """Each report's bytes, and every entry (hidden temporary files included)."""
    return (
        {p.name: p.read_bytes() for p in sorted(folder.glob("*"))},
        sorted(p.name for p in folder.iterdir()),
    )


def test_an_empty_or_wrong_folder_never_replaces_a_good_gradebook(tmp_path, capsys):
    subs, book = tmp_path / "subs", tmp_path / "book"
    _make_class()(subs, submissions=6, seed=1)
    assert main(["grade", str(subs), "-o", str(book), "--quiet"]) == 0
    good = _book(book)
    (tmp_path / "empty").mkdir()
    capsys.readouterr()
    assert main(["grade", str(tmp_path / "empty"), "-o", str(book), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert (
        err.count("\n") == 1
        and "no submission files in" in err
        and "gradebook there is kept" in err
    )
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("not a submission")
    assert main(["grade", str(tmp_path / "junk"), "-o", str(book), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "not graded: notes.txt: not a submission" in err
    assert err.splitlines()[-1].endswith(
        "none of the 1 file(s) in "
        + str(tmp_path / "junk")
        + " could be graded (reasons above); nothing was written to "
        + str(book)
        + " (the gradebook there is kept)"
    )
    assert _book(book) == good


@pytest.mark.parametrize("out", [[], ["-o", "."]])  # ./gradebook, or the class folder itself
def test_grading_inside_the_class_folder_never_reads_its_own_reports(
    tmp_path, capsys, monkeypatch, out
):
    _make_class()(tmp_path, submissions=6, seed=1)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # the second run finds the first run's reports in the folder
        assert main(["grade", ".", *out, "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "not graded" not in captured.err and captured.out.count("graded 6 submission(s)") == 2
    assert "this command's own output" in captured.err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_reports_honour_the_umask_so_a_co_instructor_can_read_them(tmp_path):
    _make_class()(tmp_path / "subs", submissions=6, seed=1)
    before = os.umask(0o002)
    try:
        assert main(["grade", str(tmp_path / "subs"), "-o", str(tmp_path / "book"), "--quiet"]) == 0
    finally:
        os.umask(before)
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "book").iterdir()} == {0o664}


def test_a_full_disk_is_one_line_and_leaves_the_last_gradebook_whole(tmp_path, tiny_disk, capsys):
    small, large, book = tmp_path / "small", tmp_path / "large", tiny_disk / "book"
    _make_class()(small, submissions=6, seed=1)
    _make_class()(large, submissions=400, seed=2)  # its items.csv alone is over 256 KB
    assert main(["grade", str(small), "-o", str(book), "--quiet"]) == 0
    good = _book(book)
    capsys.readouterr()
    assert main(["grade", str(large), "-o", str(book), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"cannot write {book}/" in err and "No space left on device" in err
    assert _book(book) == good  # the three old reports, whole; nothing mixed in
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["book"]  # no staging left


def test_grade_reads_the_services_records_and_counts_first_or_latest(tmp_path, capsys):
    """Issue 19: the records the grading service keeps (or an export) are graded with the
    same rule as the dashboard; --count chooses, the mode kept with them is the default."""
    from toolkit.course.exercises.grading import grade, key_answers
    from toolkit.course.exercises.records import Records, sqlite_url

    ex = BANK["ex02_unsigned_note"]
    right = key_answers(ex).as_dict()
    blank = {"problems": None, "units": {}, "modifiers": {}, "decision": None}
    records = Records(sqlite_url(tmp_path / "records.sqlite"))
    records.prepare(hub_id="h", exercises={i: e.title for i, e in BANK.items()})
    for n, answers in enumerate((blank, right)):
        records.record_attempt(
            "dana-lee",
            exercise=ex.id,
            request_id=f"{n}" * 20,
            answers=answers,
            result=grade(ex, answers=answers).as_dict(),
        )
    records.set_mode("assessment")
    records.close()

    def dana(*options) -> str:
        out = tmp_path / "out"
        assert (
            main(["grade", str(tmp_path / "records.sqlite"), "-o", str(out), "--quiet", *options])
            == 0
        )
        rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
        return float(rows[0][ex.id])

    assert dana() == 0.0  # assessment: the first attempt
    assert dana("--count", "latest") == 100.0
    assert dana("--count", "first") == 0.0


def test_grade_on_the_records_counts_as_the_dashboard_after_a_mode_switch(tmp_path):
    """Red team (issue 19): the records kept the mode's name, not the attempt it counts, and
    only at a learner's next request: assessment counting the latest gave 0 in
    `cpt97530 grade` and 100 on the dashboard. The service now keeps both, every few
    seconds (keep_mode)."""
    from toolkit.classroom.grading_service.service import keep_mode
    from toolkit.course import class_folder
    from toolkit.course.exercises.grading import grade, key_answers
    from toolkit.course.exercises.records import Records, sqlite_url

    ex = BANK["ex02_unsigned_note"]
    blank = {"problems": None, "units": {}, "modifiers": {}, "decision": None}
    records = Records(sqlite_url(tmp_path / "records.sqlite"))
    records.prepare(hub_id="h", exercises={i: e.title for i, e in BANK.items()})
    for n, answers in enumerate((blank, key_answers(ex).as_dict())):
        records.record_attempt(
            "dana-lee",
            exercise=ex.id,
            request_id=f"{n}" * 20,
            answers=answers,
            result=grade(ex, answers=answers).as_dict(),
        )
    class_dir = tmp_path / "class"
    class_folder.prepare(class_dir)
    mode = class_folder.ClassMode(mode="assessment", count="latest")
    class_folder.write_mode(class_dir, mode=mode)
    assert keep_mode({"class_dir": class_dir, "records": records}) == mode
    assert (records.mode(), records.count()) == ("assessment", "latest")
    records.close()
    out = tmp_path / "out"
    assert main(["grade", str(tmp_path / "records.sqlite"), "-o", str(out), "--quiet"]) == 0
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    assert float(rows[0][ex.id]) == 100.0  # the latest, as the dashboard counts


def test_grade_on_a_file_that_is_no_records_is_one_line_and_exit_2(tmp_path, capsys):
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database at all\n" * 100)
    assert main(["grade", str(junk), "-o", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "neither a folder of submissions nor" in err[0], err
    assert not (tmp_path / "out").exists()
