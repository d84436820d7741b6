"""`cpt97530 audit FILE [--method cms|ama|payer] [-o report.csv] [--html report.html]`.

Audits a visit log (.csv, .xlsx or .parquet): expected units for every line, the claim
rules' findings, and the rows that could not be read. Prints a summary; writes the
reports only when the whole audit succeeded (`toolkit.files.output_files`). Exit 0 when the log
was audited (findings or not), 2 for a file that cannot be read or a report that cannot be
written. A log over `--max-rows` lines is refused before it is read. A .csv or .parquet log
is audited in pieces cut between visits (`toolkit.audit.visits.audit_in_chunks`), the CSV report
written as it goes; a log not grouped by visit is said so and read whole.
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.audit.row_limits import EXCEL_MAX_ROWS, MAX_ROWS
from toolkit.errors import visible
from toolkit.files.output_files import OutputFiles

LARGE_FILE_BYTES = 5_000_000  # about 100,000 lines: long enough to want a progress bar
PREVIEW_ERRORS = 10


def _row_limit(text: str) -> int:
    import argparse

    try:
        limit = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a whole number of lines, such as 5000000; got {text!r}"
        ) from None
    if limit < 1:
        raise argparse.ArgumentTypeError(f"at least 1 line; got {text!r}")
    return limit


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="audit a visit log (CSV, Excel or Parquet)",
        description="Check every line of a visit log: units the minutes support, modifiers, code"
        " pairs, evaluations, who furnished it. Columns: visit_id, date, code, minutes;"
        " optional billed_units, modifiers, furnished_by, payer.",
    )
    parser.add_argument("file", metavar="FILE", help="the visit log: .csv, .xlsx or .parquet")
    parser.add_argument(
        "--method",
        default="cms",
        choices=["cms", "ama", "payer"],
        help="cms: Medicare 8-minute rule, pooled (default); ama: per code;"
        " payer: each visit's payer decides (Medicare cms, commercial ama)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="REPORT.csv",
        help="write every finding and unreadable row to this CSV file",
    )
    parser.add_argument("--html", metavar="REPORT.html", help="write a report page with a chart")
    parser.add_argument(
        "--max-rows",
        type=_row_limit,
        default=None,
        metavar="N",
        help=f"refuse a log of more than N lines (default {MAX_ROWS:,}; an .xlsx"
        f" sheet never holds more than Excel's {EXCEL_MAX_ROWS - 1:,})",
    )
    parser.set_defaults(run=run)


def _progress(path: Path):
    from tqdm import tqdm

    # Only for a large file on a terminal: a log file or a pipe gets no bar.
    large = path.is_file() and path.stat().st_size >= LARGE_FILE_BYTES
    return tqdm(
        total=4,
        desc="audit",
        unit="step",
        file=sys.stderr,
        disable=not (large and sys.stderr.isatty()),
        bar_format="{desc}: {n}/{total} {bar} {postfix}",
    )


def run(args) -> int:
    from contextlib import ExitStack

    from toolkit.audit.report import report_html

    path = Path(args.file)
    method = None if args.method == "payer" else args.method
    with OutputFiles(inputs=[path]) as outputs, _progress(path) as bar, ExitStack() as report:
        # Both report names are checked before the log is read: a typo costs nothing.
        csv_out = outputs.file(args.output, example="report.csv") if args.output else None
        html_out = outputs.file(args.html, example="report.html") if args.html else None
        # The CSV report is written while the log is read, piece by piece (it can be larger than memory).
        handle = report.enter_context(outputs.open_text(csv_out)) if csv_out else None
        bar.set_postfix_str("reading the file")
        result, note = _audit(path, method, args.max_rows or MAX_ROWS, handle, bar)
        bar.set_postfix_str("writing the reports")
        written = [csv_out] if csv_out else []
        if html_out:
            written.append(
                outputs.write_text(
                    html_out, text=report_html(result, title=f"Audit of {path.name}")
                )
            )
        bar.update()
    if note:
        print(note)
    print(result.summary())
    if result.n_errors:
        print(
            f"\nRows not read (first {min(PREVIEW_ERRORS, result.n_errors)} of {result.n_errors:,}):"
        )
        for item in result.errors.head(PREVIEW_ERRORS).itertuples():
            print(visible(f"  row {item.row}: {item.reason}"))  # a cell may hold escapes
    for target in written:
        print(f"Wrote {target}")
    return 0


def _audit(path: Path, method, max_rows: int, handle, bar):
    """The audit, piece by piece when the log is grouped by visit (memory stays flat), else of
    the whole file read at once. Returns the result and a note when the file was read whole."""
    from toolkit.audit.report import HTML_ROW_LIMIT, ReportWriter, report_csv_text
    from toolkit.audit.visit_log import CannotStream, read_visit_log, read_visit_log_chunks
    from toolkit.audit.visits import NotGroupedByVisit, audit_in_chunks, audit_visits

    writer = ReportWriter(handle) if handle else None

    def each(piece) -> None:
        if writer:
            writer.add(piece)
        if bar.n == 0:
            bar.update()
        bar.set_postfix_str(f"checked {piece.lines['row'].max() if piece.n_lines else 0:,} rows")

    try:
        result = audit_in_chunks(
            read_visit_log_chunks(path, max_rows=max_rows),
            method=method,
            keep=HTML_ROW_LIMIT,
            each=each,
        )
        if writer:
            writer.finish()
        bar.update(3 - bar.n)
        return result, ""
    except (NotGroupedByVisit, CannotStream) as why:
        what = (
            "not grouped by visit"
            if isinstance(why, NotGroupedByVisit)
            else "not readable in pieces"
        )
        note = f"Note: the log is {what} ({why}), so it was read whole.\n"
    table = read_visit_log(path, max_rows=max_rows)
    bar.set_postfix_str(f"checking {len(table):,} rows")
    result = audit_visits(table, method=method)
    if handle:
        handle.seek(0)
        handle.truncate()
        handle.write(report_csv_text(result))
    bar.update(3 - bar.n)
    return result, note
