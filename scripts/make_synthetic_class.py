#!/usr/bin/env python3
"""Write a synthetic class's submissions (fake learners, no real people) for tests and benchmarks.

    .venv/bin/python scripts/make_synthetic_class.py OUT_DIR [--submissions 500] [--seed 7] [--broken]

Each fake learner answers each exercise, mostly from the key with some mistakes and
blanks, some re-submitting; `--broken` adds files a real class folder collects: a
half-written file, a foreign JSON, a submission for an unknown exercise, a stray file.
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.course.exercises.bank import DECISIONS, PROBLEM_OPTIONS, load_bank  # noqa: E402
from toolkit.course.exercises.grading import Answers, key_answers  # noqa: E402
from toolkit.course.exercises.submission import new_submission, write_submission  # noqa: E402

FIRST = [
    "Dana",
    "Luis",
    "Priya",
    "Sam",
    "Aiko",
    "Femi",
    "Marta",
    "Jon",
    "Zoe",
    "Ravi",
    "Ines",
    "Tom",
    "Nadia",
    "Omar",
    "Kim",
    "Eva",
    "Li",
    "Ana",
    "Ben",
    "Sara",
]
LAST = ["Lee", "Ortiz", "Shah", "Berg", "Sato", "Adeyemi", "Nowak", "Hale", "Ruiz", "Iyer"]
MODIFIERS = ["GP", "GO", "CQ", "CO", "KX", "59", "XU"]


def _answers(exercise, rng: random.Random, skill: float) -> Answers:
    key = key_answers(exercise)

    def keep() -> bool:
        return rng.random() < skill

    problems = (
        key.problems if keep() else tuple(rng.sample(sorted(PROBLEM_OPTIONS), rng.randint(1, 3)))
    )
    units = {c: (n if keep() else max(0, n + rng.choice([-1, 1]))) for c, n in key.units.items()}
    mods = {
        c: (m if keep() else tuple(rng.sample(MODIFIERS, rng.randint(1, 2))))
        for c, m in key.modifiers.items()
    }
    decision = key.decision if keep() else rng.choice(sorted(DECISIONS))
    if rng.random() < 0.05:
        problems, decision = None, None  # left blank
    return Answers(problems, units, mods, decision)


def make_class(folder: Path, submissions: int = 500, seed: int = 7, broken: bool = False) -> int:
    """Write `submissions` files into `folder`; returns how many were written."""
    rng = random.Random(seed)
    bank = list(load_bank().values())
    learners = max(1, submissions // len(bank))
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    written = 0
    while written < submissions:  # a second round re-submits: earlier attempts stay
        for n in range(learners):
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n // 200 or ''}".strip()
            skill = 0.45 + 0.5 * rng.random()
            for exercise in bank:
                if written >= submissions:
                    break
                moment = start + timedelta(minutes=written)
                payload = new_submission(
                    name,
                    exercise_id=exercise.id,
                    answers=_answers(exercise, rng, skill),
                    now=moment,
                )
                write_submission(payload, folder=folder)
                written += 1
    if broken:
        _broken_files(folder)
    return written


def _broken_files(folder: Path) -> None:
    (folder / "half-written.json").write_text('{"format": "cpt97530-submission", "lear')
    (folder / "foreign.json").write_text(json.dumps({"name": "someone else's file"}))
    (folder / "notes.txt").write_text("a stray file")
    (folder / "unknown.json").write_text(
        json.dumps(
            {
                "format": "cpt97530-submission",
                "format_version": 1,
                "learner": "X",
                "exercise": "ex99",
                "submitted_at": "2026-03-02T09:00:00Z",
                "toolkit_version": "0.1.0",
                "answers": {},
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--broken", action="store_true")
    args = parser.parse_args()
    count = make_class(args.out, args.submissions, args.seed, args.broken)
    print(f"{count} submissions in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
