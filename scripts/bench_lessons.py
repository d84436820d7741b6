#!/usr/bin/env python3
"""Time each lesson's Run All after its kernel has started; report the median of N runs.

    .venv/bin/python scripts/bench_lessons.py [--runs 5] [lesson ...]

Kernel start-up is not counted (it is the same for every notebook); the time is from the
first cell's execution request to the last cell's reply, as a learner's Run All. Learner
files go to a throw-away CPT97530_HOME.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run_all_seconds(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    with client.setup_kernel():
        started = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("lessons", nargs="*", help="notebook names (default: 01-09)")
    args = parser.parse_args()
    paths = [
        NOTEBOOKS / (n if n.endswith(".ipynb") else f"{n}.ipynb") for n in args.lessons
    ] or sorted(NOTEBOOKS.glob("0[1-9]_*.ipynb"))
    with tempfile.TemporaryDirectory() as home:
        os.environ["CPT97530_HOME"] = home
        print(f"{'lesson':<28} median s   min s   max s  (runs={args.runs})")
        for path in paths:
            times = [run_all_seconds(path) for _ in range(args.runs)]
            print(
                f"{path.stem:<28} {statistics.median(times):8.2f} {min(times):7.2f} {max(times):7.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
