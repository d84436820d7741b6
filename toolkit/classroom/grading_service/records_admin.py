"""Export the class records or start a new class, on the hub's machine (as the account that
runs `make hub`): `python -m toolkit.classroom.grading_service.records_admin export FILE` and
`... new-class --yes` (`make hub-export FILE=...`, `make hub-new-class`).

Why a command and not a page: every page the hub proxies shares the hub's origin with the
learners' servers, so a learner's notebook opened by an instructor could drive it. The
records database is the grading service's (CPT97530_GRADING_DB, or SQLite in the hub state).
Exit status 0 when done; 2 with one line when the records cannot be opened or written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.classroom.grading_service.setup import default_url
from toolkit.classroom.settings import hub_settings
from toolkit.course.exercises.records import Records, RecordsError
from toolkit.errors import BillingInputError
from toolkit.settings import value


def records_url() -> str:
    """The grading service's records: CPT97530_GRADING_DB, else the hub state's SQLite."""
    return value("CPT97530_GRADING_DB") or default_url(hub_settings().state_dir / "grading")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="records_admin", description="Export the class records or start a new class."
    )
    sub = parser.add_subparsers(dest="action", required=True)
    export = sub.add_parser("export", help="the records as a SQLite file cpt97530 grade reads")
    export.add_argument("file", type=Path)
    fresh = sub.add_parser("new-class", help="an empty class; the old records stay, not shown")
    fresh.add_argument("--yes", action="store_true", help="I have exported this class")
    args = parser.parse_args(argv)
    if args.action == "new-class" and not args.yes:
        print("new-class: export the class first, then add --yes", file=sys.stderr)
        return 2
    try:
        records = Records(records_url())
    except (RecordsError, BillingInputError, OSError) as why:
        print(f"records: {why}", file=sys.stderr)
        return 2
    try:
        if args.action == "export":
            if args.file.exists():
                print(f"export: {args.file} exists; choose a new file name", file=sys.stderr)
                return 2
            print(f"exported: {records.export_sqlite(args.file)}")
        else:
            records.new_class()
            print("a new class has started: the dashboard shows only its attempts")
    except (RecordsError, BillingInputError, OSError) as why:
        print(f"records: {why}", file=sys.stderr)
        return 2
    finally:
        records.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
