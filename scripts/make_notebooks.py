#!/usr/bin/env python3
"""Write the lesson notebooks from the lesson modules (toolkit/course/lessons/lNN_*.py).

`--check` exits 1 when a committed notebook differs from what would be written
(toolkit.course.lessons.notebook_writer says how a lesson notebook is made).

    python scripts/make_notebooks.py          # write notebooks/NN_*.ipynb
    python scripts/make_notebooks.py --check  # verify they are up to date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.course.lessons.notebook_writer import stale_notebooks, write_notebooks

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check verify) every lesson notebook; the exit code: 0, or 1 if stale.

    Raises:
        ValueError: a lesson has a code cell of more than two lines.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify, write nothing")
    parser.add_argument("--folder", type=Path, default=NOTEBOOKS, help="default: notebooks/")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_notebooks(args.folder)
        if stale:
            print("out of date (run scripts/make_notebooks.py):", ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path in write_notebooks(args.folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
