"""`cpt97530 audit FILE [--method cms|ama|payer] [-o report.csv] [--html report.html]`.

Audits a visit log (.csv, .xlsx or .parquet): expected units for every line, the claim
rules' findings, and the rows that could not be read. Prints a summary; writes the
reports atomically. Exit 0 when the log was audited (findings or not), 2 for a file that
cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

LARGE_FILE_BYTES = 5_000_000  # about 100,000 lines: long enough to want a progress bar
PREVIEW_ERRORS = 10


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="audit a visit log (CSV, Excel or Parquet)",
        description="Check every line of a visit log: units the minutes support, modifiers, code"
                    " pairs, evaluations, who furnished it. Columns: visit_id, date, code, minutes;"
                    " optional billed_units, modifiers, furnished_by, payer.",
    )
    parser.add_argument("file", metavar="FILE", help="the visit log: .csv, .xlsx or .parquet")
    parser.add_argument("--method", default="cms", choices=["cms", "ama", "payer"],
                        help="cms: Medicare 8-minute rule, pooled (default); ama: per code;"
                             " payer: each visit's payer decides (Medicare cms, commercial ama)")
    parser.add_argument("-o", "--output", metavar="REPORT.csv",
                        help="write every finding and unreadable row to this CSV file")
    parser.add_argument("--html", metavar="REPORT.html", help="write a report page with a chart")
    parser.set_defaults(run=run)


def _progress(path: Path):
    from tqdm import tqdm

    # Only for a large file on a terminal: a log file or a pipe gets no bar.
    large = path.is_file() and path.stat().st_size >= LARGE_FILE_BYTES
    return tqdm(total=4, desc="audit", unit="step", file=sys.stderr,
                disable=not (large and sys.stderr.isatty()),
                bar_format="{desc}: {n}/{total} {bar} {postfix}")


def run(args) -> int:
    from toolkit.audit import audit_visits
    from toolkit.audit_report import write_report_csv, write_report_html
    from toolkit.visit_log import read_visit_log

    path = Path(args.file)
    method = None if args.method == "payer" else args.method
    with _progress(path) as bar:
        bar.set_postfix_str("reading the file")
        table = read_visit_log(path)
        bar.update()
        bar.set_postfix_str(f"checking {len(table):,} rows")
        result = audit_visits(table, method)
        bar.update(2)
        bar.set_postfix_str("writing the reports")
        written = []
        if args.output:
            written.append(write_report_csv(result, args.output))
        if args.html:
            written.append(write_report_html(result, args.html, f"Audit of {path.name}"))
        bar.update()
    print(result.summary())
    if len(result.errors):
        print(f"\nRows not read (first {min(PREVIEW_ERRORS, len(result.errors))} of {len(result.errors):,}):")
        for item in result.errors.head(PREVIEW_ERRORS).itertuples():
            print(f"  row {item.row}: {item.reason}")
    for target in written:
        print(f"Wrote {target}")
    return 0
