#!/usr/bin/env python3
"""Many learners with look-alike names pressing Submit at the same instant: count what is kept.

    .venv/bin/python scripts/race_submissions.py [--runs 30] [--writers 30]

Each run starts `--writers` processes that wait at one barrier, then each saves its own
answers (units = its number) under one of several spellings of "Sam Lee" into a fresh
folder in the same second. Prints files kept / written and how many writers found their
own answers in the file they were told was saved. A figure, not a test (the test is
tests/test_exercises_submission.py::test_thirty_processes_with_look_alike_names_at_the_same_instant).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.course.exercises.submission import new_submission, write_submission  # noqa: E402

NAMES = ["Sam Lee", "Sam-Lee", "ＳＡＭ　ＬＥＥ", "sam_lee", "SAM  LEE", "Sam\u2013Lee"]
MOMENT = datetime(2026, 3, 4, 9, 15, 12, tzinfo=UTC)


def _writer(barrier, queue, folder: str, number: int) -> None:
    payload = new_submission(
        NAMES[number % len(NAMES)],
        exercise_id="ex01_tidy_visit",
        answers={"units": {"97530": number}},
        now=MOMENT,
    )
    barrier.wait()
    try:
        queue.put((number, str(write_submission(payload, folder=Path(folder)))))
    except Exception as error:  # noqa: BLE001 - counted as not saved
        queue.put((number, f"FAILED {error!r}"))


def _own(path: str, number: int) -> bool:
    try:
        return json.loads(Path(path).read_text())["answers"]["units"].get("97530") == number
    except (OSError, ValueError):
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--writers", type=int, default=30)
    args = parser.parse_args()
    ctx = multiprocessing.get_context("fork")
    kept = own = 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            barrier, queue = ctx.Barrier(args.writers), ctx.Queue()
            workers = [
                ctx.Process(target=_writer, args=(barrier, queue, folder, n))
                for n in range(args.writers)
            ]
            for worker in workers:
                worker.start()
            reported = dict(queue.get(timeout=120) for _ in workers)
            for worker in workers:
                worker.join()
            kept += len(list(Path(folder).glob("*.json")))
            own += sum(_own(path, number) for number, path in reported.items())
    total = args.runs * args.writers
    print(
        f"{args.runs} runs x {args.writers} writers: files kept {kept}/{total}, "
        f"told saved and holding their own answers {own}/{total}"
    )
    return 0 if kept == own == total else 1


if __name__ == "__main__":
    sys.exit(main())
