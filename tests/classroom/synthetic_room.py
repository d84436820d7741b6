"""A synthetic class folder as a hub room leaves it (fake learners, no real people):
one submissions folder and one progress summary per learner. For tests and benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

from toolkit.course import class_folder
from toolkit.course.exercises.grading import key_answers
from toolkit.course.exercises.submission import new_submission, write_submission
from toolkit.course.lessons import LESSONS


def make_room(class_dir: Path, bank, learners: int = 30, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    class_folder.prepare(class_dir)
    names = [f"learner-{n:02d}" for n in range(1, learners + 1)]
    for name in names:
        class_folder.prepare_learner(class_dir, learner=name)
        for exercise_id, exercise in bank.items():
            right = key_answers(exercise).as_dict()
            first = dict(right, decision=None) if rng.random() < 0.4 else right
            write_submission(
                new_submission(name, exercise_id=exercise_id, answers=first),
                folder=class_folder.submissions_folder(class_dir, name),
            )
            if first is not right:
                write_submission(
                    new_submission(name, exercise_id=exercise_id, answers=right),
                    folder=class_folder.submissions_folder(class_dir, name),
                )
        class_folder.write_summary(
            class_dir,
            learner=name,
            lessons={
                lid: {
                    "answered": 2,
                    "right": rng.randint(0, 2),
                    "questions": 2,
                    "practice_tried": 1,
                    "practice_right": 1,
                    "done": 1,
                }
                for lid in LESSONS
            },
        )
    return names
