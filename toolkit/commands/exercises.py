"""`cpt97530 generate [--check]`: learner exercises in exercises/ from solutions/."""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.commands.options import solutions_option


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="regenerate the learner exercises from solutions/",
        description="Write exercises/ (notebooks and data, no answers) from solutions/. "
        "Deterministic: running it twice changes nothing.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list differences and exit 1 if exercises/ is stale",
    )
    solutions_option(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="where the learner versions go (default: the repository's exercises/)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from toolkit.course.exercises import learner_version
    from toolkit.course.exercises.bank import exercises_dir, load_bank
    from toolkit.errors import BillingInputError
    from toolkit.files.output_files import OutputFiles
    from toolkit.settings import solutions_dir

    out = args.out or exercises_dir()
    if out.exists() and not out.is_dir():
        raise BillingInputError(
            f"{out} is a file, not a folder: --out names the folder for the exercises"
        )
    bank = load_bank(args.solutions)
    if args.check:
        changes = learner_version.differences(bank, folder=out)
        for line in changes:
            print(line)
        if changes:
            print(f"{out} is out of date: run `cpt97530 generate`", file=sys.stderr)
            return 1
        print(f"{out} is up to date ({len(bank)} exercises)")
        return 0
    bank_folder = [folder for folder in (args.solutions or solutions_dir(),) if folder]
    with OutputFiles(inputs=bank_folder) as outputs:  # every changed file at once, or none
        outputs.check_not_input(out)  # learner files never go into (or under) the answers
        changes = learner_version.write(bank, folder=out, outputs=outputs)
    for line in changes:
        print(line)
    print(f"{len(bank)} exercises in {out}" + ("" if changes else " (nothing changed)"))
    return 0
