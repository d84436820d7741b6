"""`cpt97530 release DIR`: a learner bundle (lessons + exercises, no solutions)."""

from __future__ import annotations

from pathlib import Path

from toolkit.commands.options import solutions_option


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="build a learner bundle (lessons + exercises, no solutions) in DIR",
        description="Write the lessons and freshly generated learner exercises into DIR, a new "
        "or empty folder, ready to copy to a shared drive or a JupyterHub.",
    )
    parser.add_argument("target", type=Path, metavar="DIR", help="a new or empty folder")
    solutions_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from toolkit.course.exercises.bank import load_bank
    from toolkit.course.exercises.release import build_bundle
    from toolkit.settings import solutions_dir

    bank = load_bank(args.solutions)
    written = build_bundle(args.target, bank=bank, solutions=args.solutions or solutions_dir())
    lessons = sum(1 for p in written if p.parent.name == "notebooks")
    print(f"bundle in {args.target}: {lessons} lesson(s), {len(bank)} exercise(s), no solutions")
    return 0
