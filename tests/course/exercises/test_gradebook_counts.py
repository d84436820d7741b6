"""Which attempt the gradebook counts: the latest (practice) or the first (an assessment)."""

from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.gradebook import (
    grade_folder,
    gradebook_frame,
    items_frame,
    report_html,
)
from toolkit.course.exercises.grading import key_answers
from toolkit.course.exercises.submission import new_submission, write_submission

BANK = load_bank()
EX = "ex01_tidy_visit"


def test_first_or_latest_attempt(tmp_path):
    right = key_answers(BANK[EX]).as_dict()
    write_submission(
        new_submission("Dana Lee", exercise_id=EX, answers=dict(right, decision=None)),
        folder=tmp_path,
    )
    write_submission(new_submission("Dana Lee", exercise_id=EX, answers=right), folder=tmp_path)
    results = grade_folder(tmp_path, bank=BANK, progress=False)
    latest, first = gradebook_frame(results), gradebook_frame(results, count="first")
    assert latest[EX][0] == 100 and first[EX][0] < 100
    assert "first attempt" in report_html(results, first, items_frame(results), count="first")
    assert "latest attempt" in report_html(results, latest, items_frame(results))
