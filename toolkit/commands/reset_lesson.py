"""`cpt97530 reset-lesson NAME`: restore one lesson or exercise in your course copy.

NAME is a lesson number (`04`), an exercise (`ex02`) or a file name. Your answers, scores
and submissions are kept: they are not stored in the notebook.
"""

from __future__ import annotations


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="start a lesson or exercise afresh from the course (answers and scores are kept)",
        description="Put the course's own version of one lesson or exercise back into your "
        "course folder. Answers, scores and submissions are kept.",
    )
    parser.add_argument(
        "name", metavar="NAME", help="a lesson number (04), an exercise (ex02) or a notebook name"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from toolkit.course.course_copy import reset_lesson

    for path in reset_lesson(args.name):
        print(f"restored {path}")
    print("Close the lesson's tab and open it again to see it afresh.")
    return 0
