"""`cpt97530 course [--folder]`: create or update the learner's own copy of the course.

`make lab` runs this, then opens the copy (default `$CPT97530_HOME/course`). Files the
learner changed are kept and named, with the command that restores them.
"""

from __future__ import annotations

import sys


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="create or update your own copy of the course (what `make lab` opens)",
        description="Copy the lessons and exercises into your own course folder "
        "($CPT97530_HOME/course, or $CPT97530_COURSE), or bring it up to date.",
    )
    parser.add_argument(
        "--folder", action="store_true", help="only print the folder (prepare it first)"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from toolkit.course.course_copy import prepare_course

    report = prepare_course()
    if args.folder:
        print(report.folder)
        for line in report.lines()[1:]:
            print(line, file=sys.stderr)
    else:
        print("\n".join(report.lines()))
    return 0
