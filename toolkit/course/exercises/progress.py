"""One learner's graded exercises at a glance: for lesson 1's progress table.

Reads the learner's own submission files (`attempt_files`) and grades them with the exercise
bank when this installation has one; a file that cannot be read is counted but not scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExerciseProgress:
    exercise_id: str
    title: str
    attempts: int
    best: float | None  # percent; None when nothing could be scored
    latest: float | None


def exercise_progress(
    learner: str,
    exercise_titles: dict[str, str],
    folder: Path | None = None,
    bank_folder: Path | None = None,
) -> list[ExerciseProgress]:
    """Attempts, best and latest score of every exercise in `exercise_titles`, in order."""
    from toolkit.course.exercises.bank import load_bank
    from toolkit.course.exercises.grading import grade
    from toolkit.course.exercises.submission import attempt_files, read_submission
    from toolkit.errors import ExerciseBankError, SubmissionError
    from toolkit.settings import solutions_dir

    bank_folder = bank_folder or solutions_dir()
    try:
        bank = load_bank(bank_folder) if bank_folder else {}
    except ExerciseBankError:
        bank = {}
    rows = []
    for exercise_id, title in exercise_titles.items():
        files = attempt_files(learner, exercise_id, folder) if learner.strip() else []
        scores = []
        for path in files:  # oldest first, so the last score is the latest attempt's
            try:
                answers = read_submission(path).answers
            except (SubmissionError, OSError):
                continue
            if exercise_id in bank:
                scores.append(grade(bank[exercise_id], answers=answers).score)
        rows.append(
            ExerciseProgress(
                exercise_id,
                title,
                len(files),
                max(scores) if scores else None,
                scores[-1] if scores else None,
            )
        )
    return rows


def learner_exercises(folder: Path | None = None) -> dict[str, str]:
    """{exercise id: title} of the exercises the learner has (their course copy or the repo)."""
    import json

    from toolkit.course.exercises.bank import exercises_dir

    folder = folder or exercises_dir()
    found = {}
    for path in sorted(folder.glob("ex*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found[data["id"]] = data["title"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found
