"""The dashboard's data from a class folder: same grades as `cpt97530 grade`, first attempts
for what the room misses, who has not started, and crafted files listed, never counted."""

import json
import os

import pytest

from toolkit.classroom.dashboard.class_view import ClassGrader, class_view
from toolkit.course import class_folder
from toolkit.course.class_folder import ClassMode
from toolkit.course.exercises import gradebook
from toolkit.course.exercises.bank import DECISIONS, load_bank
from toolkit.course.exercises.grading import key_answers
from toolkit.course.exercises.submission import new_submission, write_submission

BANK = load_bank()
EX = "ex02_unsigned_note"


def submit(class_dir, learner, answers, exercise=EX):
    class_folder.prepare_learner(class_dir, learner=learner)
    return write_submission(
        new_submission(learner, exercise_id=exercise, answers=answers),
        folder=class_folder.submissions_folder(class_dir, learner),
    )


@pytest.fixture
def room(tmp_path):
    class_folder.prepare(tmp_path)
    right = key_answers(BANK[EX]).as_dict()
    wrong = dict(right, units={code: 9 for code in right["units"]})
    submit(tmp_path, "alice-arden", wrong)  # first attempt wrong ...
    submit(tmp_path, "alice-arden", right)  # ... then right
    submit(tmp_path, "bob-baker", right)
    class_folder.write_summary(
        tmp_path,
        learner="bob-baker",
        lessons={
            "02_what_is_97530": {
                "answered": 2,
                "right": 1,
                "questions": 2,
                "practice_tried": 0,
                "practice_right": 0,
                "done": 1,
            }
        },
    )
    class_folder.write_summary(tmp_path, learner="carl-cho", lessons={})  # signed in, nothing done
    return tmp_path


def rows(view):
    return {r["learner"]: r for r in view["learners"]}


def test_scores_match_the_gradebook_of_cpt97530_grade(room):
    view = class_view(room, ClassGrader(room, BANK), roster=["Dee Dunn"])
    book = gradebook.gradebook_frame(
        gradebook.grade_folder(room / "submissions", bank=BANK, progress=False)
    )
    for row in book.itertuples(index=False):
        assert rows(view)[row.learner]["scores"][EX] == getattr(row, EX)
        assert rows(view)[row.learner]["overall"] == row.overall
    assert rows(view)["bob-baker"]["lessons_done"] == 1
    assert (rows(view)["bob-baker"]["quick_right"], rows(view)["bob-baker"]["quick_answered"]) == (
        1,
        2,
    )
    assert rows(view)["alice-arden"]["submitted"] == 1


def test_not_started_lists_signed_in_and_listed_learners_with_nothing_done(room):
    view = class_view(room, ClassGrader(room, BANK), roster=["Dee Dunn", "Alice Arden"])
    assert view["not_started"] == [
        {"learner": "carl-cho", "signed_in": True},
        {"learner": "dee-dunn", "signed_in": False},
    ]


def test_most_missed_uses_first_attempts(room):
    view = class_view(room, ClassGrader(room, BANK))
    hardest = {h["exercise"]: h["mean_first_score"] for h in view["hardest_exercises"]}
    assert hardest[EX] < 100  # Alice's first attempt was wrong, although her latest is right
    assert view["missed_rules"] and all(r["missed"] > 0 for r in view["missed_rules"])


def test_assessment_can_count_the_first_attempt(room):
    class_folder.write_mode(room, mode=ClassMode("assessment", False, "first"))
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
    payload["answers"]["decision"] = next(
        d for d in DECISIONS if d != payload["answers"]["decision"]
    )
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
    class_folder.write_summary(room, learner="ina-teach", lessons={})
    view = class_view(room, ClassGrader(room, BANK), roster=["Ina Teach"], staff={"ina-teach"})
    assert "ina-teach" not in rows(view)
    assert "ina-teach" not in {n["learner"] for n in view["not_started"]}


def test_crafted_summaries_are_listed_as_not_readable_and_the_view_still_works(room):
    """A learner owns their summary.json: deep nesting, a FIFO (which would block a reader
    forever) or a link must not break or stall the instructor's dashboard."""
    crafted = {
        "mallory": lambda p: p.write_text('{"format":"cpt97530-progress","lessons":' + "[" * 60000),
        "fifo-fay": os.mkfifo,
        "link-lou": lambda p: os.symlink("/etc/passwd", p),
    }
    for name, make in crafted.items():
        class_folder.prepare_learner(room, learner=name)
        make(class_folder.summary_path(room, name))
    os.mkfifo(class_folder.submissions_folder(room, "fifo-fay") / "pipe.json")
    view = class_view(room, ClassGrader(room, BANK))
    unreadable = {f["file"]: f["reason"] for f in view["summaries_not_readable"]}
    assert unreadable == {
        "progress/mallory/summary.json": "not a progress summary (nested too deeply)",
        "progress/fifo-fay/summary.json": "not a progress summary (not a regular file)",
        "progress/link-lou/summary.json": "not a progress summary (a link)",
    }
    assert view["summaries_not_readable_total"] == 3
    assert {
        "file": "fifo-fay/pipe.json",
        "reason": "a pipe (FIFO), not a submission file: not read",
    } in view["not_graded"]
    assert rows(view)["bob-baker"]["lessons_done"] == 1  # the others' rows are intact


def test_one_learners_flood_of_files_is_capped_and_listed_as_one_line(room):
    cap = ClassGrader.MAX_FILES_PER_LEARNER
    folder = class_folder.submissions_folder(room, "bob-baker")
    for i in range(cap + 250):
        (folder / f"junk{i:05}.json").write_text("{}")
    grader = ClassGrader(room, BANK)
    view = class_view(room, grader)
    assert (
        sum(1 for path in grader._cache if path.parent.name == "bob-baker") == cap
    )  # no more read
    overflow = [f for f in view["not_graded"] if f["file"] == "bob-baker/"]
    bob_files = cap + 250 + 1  # the junk and his real submission
    assert overflow == [
        {
            "file": "bob-baker/",
            "reason": f"{bob_files - cap} more file(s) not read: "
            f"at most {cap} files are read per learner",
        }
    ]
    # His submission (ex02_...) sorts before the junk: it and cap - 1 junk files are read,
    # the junk is listed, plus the one overflow line.
    assert view["not_graded_total"] == (cap - 1) + 1
    assert rows(view)["bob-baker"]["scores"][EX] == 100
    assert len(view["not_graded"]) == 10  # counts plus the first few, never the whole flood
    assert rows(view)["alice-arden"]["scores"][EX] == 100  # the others are graded as before


def test_on_a_hub_the_dashboard_reads_the_services_records_not_the_learners_files(tmp_path):
    """Issue 19: a forged summary and a forged submission in a learner's own folders move
    nothing; scores and lesson progress come from the grading service's records."""
    from toolkit.classroom.dashboard.class_view import RecordsGrader, class_view
    from toolkit.course import class_folder
    from toolkit.course.exercises.bank import load_bank
    from toolkit.course.exercises.grading import Answers, grade, key_answers
    from toolkit.course.exercises.records import Records, sqlite_url
    from toolkit.course.exercises.submission import new_submission, write_submission
    from toolkit.course.lessons import LESSONS

    bank = load_bank()
    ex = bank["ex02_unsigned_note"]
    class_folder.prepare(tmp_path / "class")
    records = Records(sqlite_url(tmp_path / "records.sqlite"))
    records.prepare(hub_id="h", exercises={i: e.title for i, e in bank.items()})
    blank = Answers().as_dict()
    records.record_attempt(
        "alice",
        exercise=ex.id,
        request_id="1" * 20,
        answers=blank,
        result=grade(ex, answers=blank).as_dict(),
    )
    # Alice forges a perfect attempt and 100% lesson progress in her own class folders.
    class_folder.prepare_learner(tmp_path / "class", learner="alice")
    write_submission(
        new_submission("alice", exercise_id=ex.id, answers=key_answers(ex)),
        folder=class_folder.submissions_folder(tmp_path / "class", "alice"),
    )
    class_folder.write_summary(
        tmp_path / "class",
        learner="alice",
        lessons={lid: {"answered": 99, "right": 99, "done": 1} for lid in LESSONS},
    )
    view = class_view(tmp_path / "class", RecordsGrader(records))
    (row,) = view["learners"]
    assert row["learner"] == "alice" and row["scores"][ex.id] < 100
    assert row["lessons_done"] == 0 and row["quick_answered"] == 0
