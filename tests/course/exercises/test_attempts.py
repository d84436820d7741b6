"""The exercise widget's file work: learner versions, the remembered name, attempts, grades."""

import json
import os

import pytest

from toolkit.course.exercises import attempts
from toolkit.course.exercises.bank import load_bank
from toolkit.errors import BillingInputError

KEY = load_bank()["ex01_tidy_visit"]


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CPT97530_SUBMISSIONS", raising=False)
    monkeypatch.delenv("CPT97530_CLASS_DIR", raising=False)
    return tmp_path / "home"


def _key_answers() -> dict:
    claim = KEY.correct_claims[0]
    return {
        "problems": list(KEY.problems),
        "units": {c: claim.units.get(c, 0) for c in KEY.codes},
        "modifiers": {c: list(m) for c, m in claim.modifiers.items()},
        "decision": KEY.decision,
    }


def test_the_learner_version_is_found_and_a_bad_name_is_a_trainee_message(tmp_path):
    assert attempts.find_learner_data("ex01_tidy_visit")["id"] == "ex01_tidy_visit"
    (tmp_path / "ex01_tidy_visit.json").write_text('{"id": "ex01_tidy_visit", "mine": true}')
    assert attempts.find_learner_data("ex01_tidy_visit", places=[tmp_path])["mine"] is True
    with pytest.raises(BillingInputError, match="not an exercise name"):
        attempts.find_learner_data("../etc/passwd")
    with pytest.raises(BillingInputError, match="cannot find the exercise file"):
        attempts.find_learner_data("ex99_nothing", places=[tmp_path])


def test_the_name_is_remembered_and_a_broken_name_file_reads_as_none(home):
    assert attempts.saved_name() == ""
    assert attempts.remember_name("Dana Lee") == "" and attempts.saved_name() == "Dana Lee"
    (home / "learner.json").write_text('{"name": 7}')
    assert attempts.saved_name() == ""
    (home / "learner.json").write_text("not json")
    assert attempts.saved_name() == ""


def test_a_name_that_cannot_be_kept_says_why_and_does_not_raise(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("CPT97530_HOME", str(blocker / "home"))
    assert attempts.remember_name("Dana Lee") == "Not a directory"


def test_each_attempt_is_a_new_file_counted_and_read_back_newest_first(home):
    first = attempts.save_attempt(
        "Dana  Lee", exercise_id="ex01_tidy_visit", answers=_key_answers()
    )
    assert (
        first.attempts == 1 and first.unreadable == "" and first.path.parent.name == "submissions"
    )
    assert json.loads(first.path.read_text())["learner"] == "Dana Lee"  # tidied
    second = attempts.save_attempt(
        "Dana Lee", exercise_id="ex01_tidy_visit", answers={"units": {"97530": 1}}
    )
    assert second.attempts == 2 and second.path != first.path
    found = attempts.earlier_attempts("dana lee", exercise_id="ex01_tidy_visit")
    assert found.count == 2 and found.latest.path == second.path
    assert found.latest.answers.units == {"97530": 1}


def test_an_unreadable_newest_attempt_falls_back_to_the_one_before(home):
    good = attempts.save_attempt("Dana Lee", exercise_id="ex01_tidy_visit", answers=_key_answers())
    broken = attempts.save_attempt(
        "Dana Lee", exercise_id="ex01_tidy_visit", answers=_key_answers()
    )
    broken.path.write_text("{ not json")
    found = attempts.earlier_attempts("Dana Lee", exercise_id="ex01_tidy_visit")
    assert found.count == 2 and found.latest.path == good.path
    assert attempts.earlier_attempts(
        "  ", exercise_id="ex01_tidy_visit"
    ) == attempts.EarlierAttempts(0, None)


def test_saving_refuses_a_name_it_cannot_file(home):
    with pytest.raises(BillingInputError, match="type your name"):
        attempts.save_attempt("   ", exercise_id="ex01_tidy_visit", answers=_key_answers())
    assert not (home / "submissions").exists()


@pytest.mark.parametrize("kind", ["file", "fifo", "broken link", "under a file"])
def test_a_submissions_folder_that_is_no_folder_is_named_in_plain_words(tmp_path, kind):
    place = tmp_path / "submissions"
    if kind == "file":
        place.write_text("")
    elif kind == "fifo":
        os.mkfifo(place)
    elif kind == "broken link":
        place.symlink_to(tmp_path / "gone")
    else:
        place.write_text("")
        place = place / "inside"
    with pytest.raises(BillingInputError, match=f"the submissions folder {place} is not a folder"):
        attempts.save_attempt(
            "Dana Lee", exercise_id="ex01_tidy_visit", answers=_key_answers(), folder=place
        )


def test_grading_uses_the_bank_and_says_none_without_one(tmp_path):
    assert attempts.grade_attempt("ex01_tidy_visit", answers=_key_answers()).score == 100
    assert attempts.grade_attempt("ex01_tidy_visit", answers={}, bank_folder=tmp_path) is None
    assert attempts.grade_attempt("ex99_not_in_bank", answers={}) is None


def test_answers_are_shown_unless_an_assessment_class_hides_them(tmp_path, monkeypatch):
    from toolkit.course.class_folder import ClassMode, prepare, write_mode

    assert attempts.answers_hidden() is False
    prepare(tmp_path / "class")
    write_mode(tmp_path / "class", mode=ClassMode(mode="assessment"))
    monkeypatch.setenv("CPT97530_CLASS_DIR", str(tmp_path / "class"))
    monkeypatch.setenv("JUPYTERHUB_USER", "dana")
    assert attempts.answers_hidden() is True


def test_my_exercises_lists_every_exercise_with_this_learners_attempts(home, monkeypatch):
    monkeypatch.delenv("CPT97530_COURSE", raising=False)
    name, rows = attempts.my_exercises()
    assert name == "" and rows and all(r.attempts == 0 for r in rows)
    attempts.save_attempt("Dana Lee", exercise_id="ex01_tidy_visit", answers=_key_answers())
    attempts.remember_name("Dana Lee")
    name, rows = attempts.my_exercises()
    ex01 = next(r for r in rows if r.exercise_id == "ex01_tidy_visit")
    assert name == "Dana Lee" and ex01.attempts == 1 and ex01.best == 100
