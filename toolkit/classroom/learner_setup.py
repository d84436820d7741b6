"""A learner's course copy, made by the learner's own account.

    python -m toolkit.classroom.learner_setup HOME COURSE [--ui voila]

The spawner runs this as the learner's uid (never as root): everything in the learner's
home is theirs to change, links included, so only their own
rights may act there. Root only makes the empty home and hands it over by descriptor (toolkit.classroom.spawner, toolkit.course.class_folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.course.course_copy import prepare_course
from toolkit.errors import BillingInputError


def set_up(home: Path, course: Path, ui: str = "lab") -> None:
    prepare_course(home, source=course, ui=ui)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("course", type=Path)
    parser.add_argument("--ui", default="lab", choices=("lab", "voila"))
    args = parser.parse_args(argv)
    try:
        set_up(args.home, args.course, args.ui)
    except (BillingInputError, OSError, ValueError) as error:
        print(f"learner setup: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
