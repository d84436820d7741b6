"""`cpt97530 grade SUBMISSIONS_DIR [-o DIR]`: grade a class against solutions/.

Reads submission files as JSON data only (never runs anything in them), grades each one,
writes gradebook.csv, items.csv and report.html, and lists every file it could not grade
with the reason ("not graded: FILE: reason"; symbolic links, pipes and devices too, and a
linked folder is not followed). Copies of one attempt count once; names typed differently
but graded as one learner (look-alike letters) are listed for the instructor to check. The
reports appear together when grading finished, never half-written. Exit status 0 when it
graded the folder (even with files listed), 2 when it could not start (no such folder, no
exercise bank, an output folder it cannot write).
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="grade a folder of exercise submissions into a gradebook",
        description="Grade every submission in SUBMISSIONS_DIR (subfolders too) against "
                    "solutions/: writes gradebook.csv (one row per learner, one column per "
                    "exercise, latest attempt), items.csv and report.html (item analysis).",
    )
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR",
                        help="folder of submission .json files")
    parser.add_argument("-o", "--out", type=Path, default=Path("gradebook"), metavar="DIR",
                        help="where the gradebook goes (default: ./gradebook)")
    parser.add_argument("--solutions", type=Path, default=None, metavar="DIR",
                        help="the exercise bank (default: the repository's solutions/)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args) -> int:
    from toolkit.errors import BillingInputError
    from toolkit.exercises.bank import load_bank
    from toolkit.exercises.gradebook import grade_folder, spelled_out, write_reports
    from toolkit.output_files import OutputFiles

    if not args.submissions.is_dir():
        raise BillingInputError(f"{args.submissions} is not a folder of submissions")
    with OutputFiles() as outputs:
        out = outputs.folder(args.out)  # checked before grading: a typo costs nothing
        bank = load_bank(args.solutions)
        results = grade_folder(args.submissions, bank, progress=not args.quiet)
        # The three reports are built aside and put in `out` together, or not at all.
        built = outputs.build(out)
        written = {label: out / path.relative_to(built)
                   for label, path in write_reports(results, built).items()}
    learners = len({a.submission.learner_key for a in results.attempts})
    print(f"graded {len(results.attempts)} submission(s) from {learners} learner(s)")
    if results.duplicates:  # a backup/ copy of the class must not double anyone's attempts
        print(f"{len(results.duplicates)} duplicate(s) ignored (copies of attempts already "
              f"graded: same learner, exercise, time and answers; e.g. {results.duplicates[0][0]}"
              f" = {results.duplicates[0][1]})", file=sys.stderr)
    for name, note in results.clock_notes:
        print(f"clock cannot be right: {name}: {note}", file=sys.stderr)
    for names in results.look_alikes:
        print("look-alike names graded as one learner (check it is one person): "
              + " / ".join(spelled_out(n) for n in names), file=sys.stderr)
    if results.not_graded:  # names and reasons arrive with control characters made visible
        print(f"{len(results.not_graded)} file(s) not graded:", file=sys.stderr)
        for name, reason in results.not_graded:
            print(f"not graded: {name}: {reason}", file=sys.stderr)
    for label, path in written.items():
        print(f"{label}: {path}")
    return 0
