"""The dashboard's data from a class folder: same grades as `cpt97530 grade`, first attempts
for what the room misses, who has not started, and crafted files listed, never counted."""

import json

import pytest

from toolkit.classroom import class_folder
from toolkit.classroom.class_folder import ClassMode
from toolkit.classroom.dashboard.class_view import ClassGrader, class_view
from toolkit.exercises import gradebook
from toolkit.exercises.bank import DECISIONS, load_bank
from toolkit.exercises.grading import key_answers
from toolkit.exercises.submission import new_submission, write_submission

BANK = load_bank()
EX = "ex02_unsigned_note"


def submit(class_dir, learner, answers, exercise=EX):
    class_folder.prepare_learner(class_dir, learner)
    return write_submission(new_submission(learner, exercise, answers),
                            class_folder.submissions_folder(class_dir, learner))


@pytest.fixture
def room(tmp_path):
    class_folder.prepare(tmp_path)
    right = key_answers(BANK[EX]).as_dict()
    wrong = dict(right, units={code: 9 for code in right["units"]})
    submit(tmp_path, "alice-arden", wrong)   # first attempt wrong ...
    submit(tmp_path, "alice-arden", right)   # ... then right
    submit(tmp_path, "bob-baker", right)
    class_folder.write_summary(tmp_path, "bob-baker", {"02_what_is_97530": {
        "answered": 2, "right": 1, "questions": 2, "practice_tried": 0, "practice_right": 0, "done": 1}})
    class_folder.write_summary(tmp_path, "carl-cho", {})  # signed in, nothing done
    return tmp_path


def rows(view):
    return {r["learner"]: r for r in view["learners"]}


def test_scores_match_the_gradebook_of_cpt97530_grade(room):
    view = class_view(room, ClassGrader(room, BANK), roster=["Dee Dunn"])
    book = gradebook.gradebook_frame(gradebook.grade_folder(room / "submissions", BANK, progress=False))
    for row in book.itertuples(index=False):
        assert rows(view)[row.learner]["scores"][EX] == getattr(row, EX)
        assert rows(view)[row.learner]["overall"] == row.overall
    assert rows(view)["bob-baker"]["lessons_done"] == 1
    assert (rows(view)["bob-baker"]["quick_right"], rows(view)["bob-baker"]["quick_answered"]) == (1, 2)
    assert rows(view)["alice-arden"]["submitted"] == 1


def test_not_started_lists_signed_in_and_listed_learners_with_nothing_done(room):
    view = class_view(room, ClassGrader(room, BANK), roster=["Dee Dunn", "Alice Arden"])
    assert view["not_started"] == [{"learner": "carl-cho", "signed_in": True},
                                   {"learner": "dee-dunn", "signed_in": False}]


def test_most_missed_uses_first_attempts(room):
    view = class_view(room, ClassGrader(room, BANK))
    hardest = {h["exercise"]: h["mean_first_score"] for h in view["hardest_exercises"]}
    assert hardest[EX] < 100  # Alice's first attempt was wrong, although her latest is right
    assert view["missed_rules"] and all(r["missed"] > 0 for r in view["missed_rules"])


def test_assessment_can_count_the_first_attempt(room):
    class_folder.write_mode(room, ClassMode("assessment", False, "first"))
    view = class_view(room, ClassGrader(room, BANK))
    assert rows(view)["alice-arden"]["scores"][EX] < 100
    assert view["mode"] == {"mode": "assessment", "answers_released": False, "count": "first"}


def test_a_submission_naming_another_learner_is_listed_not_counted(room):
    forged = submit(room, "mallory", key_answers(BANK[EX]).as_dict())
    payload = json.loads(forged.read_text())
    forged.write_text(json.dumps(dict(payload, learner="Bob Baker")))
    (room / "submissions" / "mallory" / "notes.txt").write_text("not a submission")
    view = class_view(room, ClassGrader(room, BANK))
    assert "mallory" not in rows(view)
    reasons = {f["file"]: f["reason"] for f in view["not_graded"]}
    assert "names another learner" in reasons[f"mallory/{forged.name}"]
    assert "mallory/notes.txt" in reasons


def test_a_changed_file_is_graded_again_and_a_removed_one_forgotten(room):
    grader = ClassGrader(room, BANK)
    assert rows(class_view(room, grader))["bob-baker"]["scores"][EX] == 100
    bob = next((room / "submissions" / "bob-baker").glob("*.json"))
    payload = json.loads(bob.read_text())
    payload["answers"]["decision"] = next(d for d in DECISIONS if d != payload["answers"]["decision"])
    bob.write_text(json.dumps(payload))
    assert rows(class_view(room, grader))["bob-baker"]["scores"][EX] < 100
    bob.unlink()
    assert rows(class_view(room, grader))["bob-baker"]["submitted"] == 0


def test_an_empty_class_shows_nobody_and_no_errors(tmp_path):
    class_folder.prepare(tmp_path)
    view = class_view(tmp_path, ClassGrader(tmp_path, BANK))
    assert view["learners"] == [] and view["hardest_exercises"] == [] and view["missed_rules"] == []
    assert view["exercises"] == list(BANK)


def test_instructors_are_not_rows_even_when_they_tried_the_course(room):
    class_folder.write_summary(room, "ina-teach", {})
    view = class_view(room, ClassGrader(room, BANK), roster=["Ina Teach"], staff={"ina-teach"})
    assert "ina-teach" not in rows(view)
    assert "ina-teach" not in {n["learner"] for n in view["not_started"]}
