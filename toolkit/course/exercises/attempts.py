"""One learner's attempts at a graded exercise: the file work behind the exercise widget.

The widget (`toolkit.widgets.exercise`) only reads its boxes and renders; everything that
touches a file is here: the learner version it shows (`find_learner_data`), the name kept
for next time (`saved_name`, `remember_name`), saving an attempt (`save_attempt`, a new file
every time, see `submission`), the attempts saved earlier (`earlier_attempts`), the score
(`grade_attempt`, when this installation has the exercise bank) and whether the class hides
the answers (`answers_hidden`). Lesson 1's progress table reads `my_exercises`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.course.exercises.grading import GradeResult
from toolkit.course.exercises.submission import Submission
from toolkit.course.in_browser import persist
from toolkit.errors import BillingInputError, SubmissionError
from toolkit.files.storage import write_json_atomic
from toolkit.settings import class_dir, course_dir, learner_home

_ID = re.compile(r"^ex\d\d_[a-z0-9_]+$")


def find_learner_data(exercise_id: str, *, places: list[Path] | None = None) -> dict:
    """The learner version of an exercise (its JSON): beside the notebook, in `exercises/`
    there, or in the course as shipped (`places` replaces that list).

    Raises:
        BillingInputError: not an exercise name like ex01_tidy_visit, or no such file.
        OSError, ValueError: the file is there but cannot be read or is not JSON.
    """
    from toolkit.course.exercises.bank import exercises_dir

    if not isinstance(exercise_id, str) or not _ID.match(exercise_id):
        raise BillingInputError(f"{exercise_id!r} is not an exercise name like ex01_tidy_visit")
    for folder in places or [Path.cwd(), Path.cwd() / "exercises", exercises_dir()]:
        path = folder / f"{exercise_id}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise BillingInputError(
        f"cannot find the exercise file {exercise_id}.json next to this notebook"
    )


def _name_file() -> Path:
    return learner_home() / "learner.json"


def saved_name() -> str:
    """The name this learner last submitted under; "" when none (or it cannot be read)."""
    try:
        name = json.loads(_name_file().read_text(encoding="utf-8")).get("name", "")
        return name if isinstance(name, str) else ""
    except (OSError, ValueError, AttributeError):
        return ""


def remember_name(name: str) -> str:
    """Keep the name for next time; "" when kept, else why not (never raises: the
    submission that goes with it is saved either way)."""
    try:
        write_json_atomic(_name_file(), {"name": name})
        persist()  # in a browser: kept across a reload (toolkit.course.in_browser)
    except OSError as problem:
        return str(problem.strerror or problem)
    return ""


@dataclass(frozen=True)
class SavedAttempt:
    path: Path
    answers: dict  # as saved (tidied), what the grade is worked out from
    attempts: int  # this learner's saved attempts of the exercise, this one included
    unreadable: str  # why the instructor may not be able to read the file; "" if they can


def save_attempt(
    learner: str, *, exercise_id: str, answers: dict, folder: Path | None = None
) -> SavedAttempt:
    """Save one attempt as a new file (in `folder`, default the learner's submissions folder).

    Raises:
        BillingInputError: a name that cannot be filed, answers that are not answers, too
            many submissions in one second.
        OSError: the folder cannot be written (in a browser: the browser did not keep it).
    """
    from toolkit.course.exercises.submission import (
        attempt_files,
        instructor_cannot_read,
        new_submission,
        write_submission,
    )

    payload = new_submission(learner, exercise_id=exercise_id, answers=answers)
    path = write_submission(payload, folder=folder)
    persist()  # in a browser: kept across a reload (toolkit.course.in_browser)
    return SavedAttempt(
        path=path,
        answers=payload["answers"],
        attempts=len(attempt_files(payload["learner"], exercise_id, path.parent)),
        unreadable=instructor_cannot_read(path),
    )


@dataclass(frozen=True)
class EarlierAttempts:
    count: int  # files saved, readable or not
    latest: Submission | None  # the newest one that can be read back


def earlier_attempts(
    learner: str, *, exercise_id: str, folder: Path | None = None
) -> EarlierAttempts:
    """This learner's saved attempts of one exercise and the newest readable one (after a
    restart, or the next day). Never raises: a file that cannot be read is counted, not read.
    """
    from toolkit.course.exercises.submission import (
        attempt_files,
        read_submission,
    )

    if not learner.strip():
        return EarlierAttempts(0, None)
    found = attempt_files(learner, exercise_id, folder)
    for path in reversed(found):  # oldest first: the newest readable one wins
        try:
            return EarlierAttempts(len(found), read_submission(path))
        except (SubmissionError, OSError):
            continue
    return EarlierAttempts(len(found), None)


def grade_attempt(
    exercise_id: str, *, answers: object, bank_folder: Path | None = None
) -> GradeResult | None:
    """The score and feedback of one attempt; None when this installation has no exercise
    bank (or the bank has no such exercise): the instructor grades it then.

    Raises:
        AnswerFormatError: `answers` is not answers (a saved file's are checked on reading).
    """
    from toolkit.course.exercises.bank import load_bank
    from toolkit.course.exercises.grading import grade
    from toolkit.errors import ExerciseBankError
    from toolkit.settings import solutions_dir

    folder = bank_folder or solutions_dir()
    try:
        exercise = load_bank(folder)[exercise_id] if folder else None
    except (ExerciseBankError, KeyError):
        exercise = None
    return None if exercise is None else grade(exercise, answers=answers)


def answers_hidden() -> bool:
    """True in a class set to assessment mode before the answers are released."""
    from toolkit.course.class_folder import read_mode

    return read_mode(class_dir()).hide_answers


def my_exercises() -> tuple[str, list]:
    """(the name the learner submits under, their `ExerciseProgress` for every exercise in
    their course copy or, without one, the course as shipped). Never raises."""
    from toolkit.course.exercises.progress import exercise_progress, learner_exercises

    mine = course_dir() / "exercises"
    titles = learner_exercises(mine if mine.is_dir() else None)
    from toolkit.course.exercises import grading_client

    if grading_client.on_hub():  # the grading service holds the attempts and scores
        from toolkit.course.exercises.progress import ExerciseProgress
        from toolkit.settings import hub_learner

        try:
            found = grading_client.my_progress()
        except (grading_client.NotAnswering, grading_client.Refused):
            found = {}
        return hub_learner() or "", [
            ExerciseProgress(
                ex_id,
                title,
                int(found.get(ex_id, {}).get("attempts", 0)),
                found.get(ex_id, {}).get("best"),
                found.get(ex_id, {}).get("latest"),
            )
            for ex_id, title in titles.items()
        ]
    name = saved_name()
    return name, exercise_progress(name, titles) if titles else []
