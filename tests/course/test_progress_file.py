"""toolkit.course.progress_file: a learner's progress as one file, taken to a fresh home."""

from __future__ import annotations

import json

import pytest

from toolkit.course import learner_store
from toolkit.course.exercises.attempts import save_attempt, saved_name
from toolkit.course.exercises.submission import attempt_files
from toolkit.course.progress_file import export_progress, import_progress
from toolkit.errors import BillingInputError

ANSWERS = {
    "problems": ["none"],
    "units": {"97530": 2},
    "modifiers": {"97530": ["GP"]},
    "decision": "bill_as_documented",
}


@pytest.fixture
def homes(tmp_path, monkeypatch):
    def use(name):
        monkeypatch.setenv("CPT97530_HOME", str(tmp_path / name))
        monkeypatch.delenv("CPT97530_SUBMISSIONS", raising=False)

    return use


def test_a_fresh_home_gets_answers_practice_attempts_and_name_back(homes):
    homes("laptop")
    learner_store.record_answer("04_time_and_units", item_id="q1", answer="1", correct=True)
    learner_store.save_practice("04_time_and_units", tried=5, right=4, problem=6)
    save_attempt("Ana Lima", exercise_id="ex01_tidy_visit", answers=ANSWERS)
    from toolkit.course.exercises.attempts import remember_name

    remember_name("Ana Lima")
    raw = json.dumps(export_progress()).encode()

    homes("new_laptop")
    assert learner_store.saved_answer("04_time_and_units", item_id="q1") is None
    told = import_progress(raw)
    assert told.startswith("Brought back: 1 quick-check answer(s), 1 practice score(s) and 1 ")
    assert learner_store.saved_answer("04_time_and_units", item_id="q1") == {
        "answer": "1",
        "correct": True,
    }
    assert learner_store.practice_state("04_time_and_units") == {
        "tried": 5,
        "right": 4,
        "problem": 6,
    }
    assert len(attempt_files("Ana Lima", "ex01_tidy_visit")) == 1
    assert saved_name() == "Ana Lima"

    # Brought back twice: the attempt is not doubled.
    assert "0 exercise attempt(s)" in import_progress(raw)
    assert len(attempt_files("Ana Lima", "ex01_tidy_visit")) == 1


def test_a_smaller_practice_score_never_replaces_a_bigger_one(homes):
    homes("old")
    learner_store.save_practice("04_time_and_units", tried=2, right=1, problem=3)
    raw = json.dumps(export_progress()).encode()
    homes("now")
    learner_store.save_practice("04_time_and_units", tried=9, right=9, problem=10)
    import_progress(raw)
    assert learner_store.practice_state("04_time_and_units")["tried"] == 9


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"\xff\xfe not text", "not a progress file"),
        (b"[1, 2]", "not a progress file"),
        (b'{"format": "cpt97530-submission"}', "not a progress file"),
        (b'{"format": "cpt97530-progress", "format_version": 99}', "newer version"),
    ],
)
def test_a_file_that_is_not_a_progress_file_is_said_in_one_line(homes, raw, said):
    homes("any")
    with pytest.raises(BillingInputError, match=said) as caught:
        import_progress(raw)
    assert "\n" not in str(caught.value)
