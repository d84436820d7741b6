"""Submission files: documented JSON, atomic, one file per attempt, read back with reasons."""

import json
from datetime import UTC, datetime

import pytest

from toolkit.errors import BillingInputError
from toolkit.exercises.bank import load_bank
from toolkit.exercises.grading import key_answers
from toolkit.exercises.submission import (
    FORMAT,
    SubmissionError,
    new_submission,
    read_submission,
    scan_folder,
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
    write_submission(_valid(), tmp_path)
    (tmp_path / "sub").mkdir()
    write_submission(_valid(), tmp_path / "sub")
    (tmp_path / "sub" / "junk.json").write_text("{")
    scan = scan_folder(tmp_path, BANK)
    assert len(scan.submissions) == 2
    assert [(p.name, r[:12]) for p, r in scan.problems] == [("junk.json", "not valid JS")]
