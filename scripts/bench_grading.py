"""Benchmark class grading against executing one notebook per submission. Medians; not a test.

    .venv/bin/python scripts/bench_grading.py [--submissions 500] [--runs 7]

1. Writes a synthetic class (scripts/make_synthetic_class.py) of N submissions across every
   exercise, then times grading them in-process: reading + grading, and the whole
   `cpt97530 grade` job (also the CSV/HTML reports). Median of several runs.
2. Times the `cpt97530 grade` command end to end (new Python process, pandas import).
3. Times executing ONE exercise notebook once with nbclient (kernel start + run), which is
   what a notebook-executing grader pays per submission, and projects it to N submissions.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def notebook_seconds(work: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    source = ROOT / "exercises" / "ex01_tidy_visit.ipynb"
    copy = work / source.name
    shutil.copy(source, copy)
    shutil.copy(source.with_suffix(".json"), work / "ex01_tidy_visit.json")
    notebook = nbformat.read(copy, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from make_synthetic_class import make_class

    from toolkit.course.exercises.bank import load_bank
    from toolkit.course.exercises.gradebook import grade_folder, write_reports

    bank = load_bank()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subs = tmp / "subs"
        count = make_class(subs, args.submissions)
        grade_folder(subs, bank=bank, progress=False)  # warm caches and imports once
        grading = _median(lambda: grade_folder(subs, bank=bank, progress=False), args.runs)
        whole = _median(
            lambda: write_reports(grade_folder(subs, bank=bank, progress=False), tmp / "out"),
            args.runs,
        )
        cli = _median(
            lambda: subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "toolkit",
                    "grade",
                    str(subs),
                    "-o",
                    str(tmp / "cli"),
                    "--quiet",
                ],
                check=True,
                capture_output=True,
            ),
            3,
        )
        per_notebook = notebook_seconds(tmp)

    print(f"submissions graded:                {count} across {len(bank)} exercises")
    print(f"read + grade (median of {args.runs}):      {grading:.3f} s")
    print(f"grade + CSV + HTML (median of {args.runs}): {whole:.3f} s   (target < 2 s)")
    print(f"`cpt97530 grade` end to end (median of 3, new process): {cli:.3f} s")
    print(f"executing one exercise notebook (nbclient, once): {per_notebook:.2f} s")
    print(
        f"  projected for {count} submissions at one notebook each: {per_notebook * count:.0f} s"
        f" (~{per_notebook * count / 60:.1f} min), {per_notebook * count / whole:.0f}x slower"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
