"""`cpt97530 grade SUBMISSIONS_DIR|RECORDS [-o DIR] [--count first|latest]`: grade a class.

RECORDS: the grading service's records (a hub's `grading/records.sqlite`, an export of it,
or a database URL): the attempts as the service graded them, no exercise bank needed; the
same rows and counting rule as the dashboard. `--count` chooses the attempt that counts;
by default the class mode's (assessment: first, practice: latest), as the dashboard does.

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

import os
import sys
from pathlib import Path

from toolkit.commands.options import solutions_option


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="grade a folder of exercise submissions into a gradebook",
        description="Grade every submission in SUBMISSIONS_DIR (subfolders too) against "
        "solutions/: writes gradebook.csv (one row per learner, one column per "
        "exercise, latest attempt), items.csv and report.html (item analysis).",
    )
    parser.add_argument(
        "submissions",
        type=Path,
        metavar="SUBMISSIONS_DIR",
        help="folder of submission .json files, or the grading service's records (a .sqlite "
        "file or a database URL)",
    )
    parser.add_argument(
        "--count",
        choices=("first", "latest"),
        help="which attempt counts (default: the class mode's; latest outside a class)",
    )
    parser.add_argument(
        "-o",
        "--out",
        type=Path,
        default=Path("gradebook"),
        metavar="DIR",
        help="where the gradebook goes (default: ./gradebook)",
    )
    solutions_option(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args) -> int:
    from toolkit.course.exercises.bank import load_bank
    from toolkit.course.exercises.gradebook import grade_folder, spelled_out, write_reports
    from toolkit.errors import BillingInputError
    from toolkit.files.output_files import OutputFiles

    source = str(args.submissions)
    from_records = "://" in source or args.submissions.is_file()
    if not from_records and not args.submissions.is_dir():
        raise BillingInputError(f"{args.submissions} is not a folder of submissions")
    with OutputFiles() as outputs:
        # "." or "..": the folder's own name, so the reports can be built beside it
        out = outputs.folder(args.out if args.out.name else Path(os.path.abspath(args.out)))
        if from_records:
            own = []
            results, count = _from_records(source, args.count)
        else:
            bank = load_bank(args.solutions)
            own = [path for path in _own_outputs(args.submissions, out) if path.exists()]
            results = grade_folder(args.submissions, bank=bank, progress=not args.quiet, skip=own)
            count = args.count or _class_count(args.submissions)
        if not results.attempts:  # an empty or wrong folder must not replace a good gradebook
            _say_why_nothing_was_graded(results)
            raise BillingInputError(_nothing_graded(args.submissions, out, results))
        # The three reports are built aside and put in `out` together, or not at all.
        built = outputs.build(out)
        written = {
            label: out / path.relative_to(built)
            for label, path in write_reports(results, built, count=count).items()
        }
    learners = len({a.submission.learner_key for a in results.attempts})
    print(f"graded {len(results.attempts)} submission(s) from {learners} learner(s)")
    for path in own:
        print(f"not read: {path} (this command's own output)", file=sys.stderr)
    if results.duplicates:  # a backup/ copy of the class must not double anyone's attempts
        print(
            f"{len(results.duplicates)} duplicate(s) ignored (copies of attempts already "
            f"graded: same learner, exercise, time and answers; e.g. {results.duplicates[0][0]}"
            f" = {results.duplicates[0][1]})",
            file=sys.stderr,
        )
    for name, note in results.clock_notes:
        print(f"clock cannot be right: {name}: {note}", file=sys.stderr)
    for names in results.look_alikes:
        print(
            "look-alike names graded as one learner (check it is one person): "
            + " / ".join(spelled_out(n) for n in names),
            file=sys.stderr,
        )
    _say_why_nothing_was_graded(results)
    for label, path in written.items():
        print(f"{label}: {path}")
    return 0


REPORTS = ("gradebook.csv", "items.csv", "report.html")


def _from_records(source: str, count: str | None):
    """The service's records as ClassResults, and the attempt that counts (the option, else
    the mode kept with the records)."""
    from toolkit.course.class_folder import default_count
    from toolkit.course.exercises.records import Records, class_results, database_url

    url = database_url(source)
    records = Records(url, read_only=url.startswith("sqlite"))
    try:
        results = class_results(records)
        return results, count or records.count() or default_count(records.mode() or "practice")
    except Exception as error:  # noqa: BLE001  (not a records database: one line, exit 2)
        from toolkit.course.exercises.records import RecordsError
        from toolkit.errors import BillingInputError

        if isinstance(error, BillingInputError):
            raise
        raise RecordsError(
            f"{source} is neither a folder of submissions nor the grading service's records"
        ) from None
    finally:
        records.close()


def _class_count(folder: Path) -> str:
    """A class folder's `submissions/`: the class mode's attempt; any other folder: latest."""
    from toolkit.course.class_folder import read_mode, settings_path

    parent = Path(folder).absolute().parent
    return read_mode(parent).count if settings_path(parent).is_file() else "latest"


def _own_outputs(submissions: Path, out: Path) -> list[Path]:
    """The gradebook's own files when they lie inside the class folder (`grade .`): never read."""
    inside, folder = os.path.abspath(out), os.path.abspath(submissions)
    if inside == folder:
        return [out / name for name in REPORTS]
    if os.path.commonpath([inside, folder]) == folder:
        return [out]
    return []


def _say_why_nothing_was_graded(results) -> None:
    if results.not_graded:  # names and reasons arrive with control characters made visible
        print(f"{len(results.not_graded)} file(s) not graded:", file=sys.stderr)
        for name, reason in results.not_graded:
            print(f"not graded: {name}: {reason}", file=sys.stderr)


def _nothing_graded(submissions: Path, out: Path, results) -> str:
    kept = f"nothing was written to {out}" + (
        " (the gradebook there is kept)" if (out / "gradebook.csv").exists() else ""
    )
    if results.not_graded:
        return (
            f"none of the {len(results.not_graded)} file(s) in {submissions} could be graded "
            f"(reasons above); {kept}"
        )
    return f"no submission files in {submissions}: is it the right folder? {kept}"
