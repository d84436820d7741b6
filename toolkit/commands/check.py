"""`cpt97530 check CLAIM.csv`: check one claim (one patient, one date) and explain each finding.

The CSV has a header row; `code` and `units` are required, `modifiers`, `minutes`,
`time_block` and `furnished_by` optional, and `payer` / `year` may be given as columns
(the same on every row). Bad input ends with one stderr line naming the row and column.
One service split between a PT and a PTA is two rows of the code, each with its own
`furnished_by` and minutes (the PTA's may bill 0 units): every row's minutes are read.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import textwrap

from toolkit.errors import BillingInputError, visible

OPTIONAL_CLAIM_COLUMNS = ("payer", "year")
SEVERITY_HEADINGS = {"error": "ERRORS", "warning": "WARNINGS", "info": "NOTES"}


def _dollars(text: str) -> float:
    from toolkit.rules.parsing import parse_dollars

    try:
        amount = parse_dollars(text, what="an amount")
    except BillingInputError:
        amount = None
    if amount is None:
        raise argparse.ArgumentTypeError(f"an amount in dollars, such as 2500; got {text!r}")
    if not amount <= 10_000_000:
        raise argparse.ArgumentTypeError(f"an amount from 0 to 10,000,000 dollars; got {text!r}")
    return amount


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="check a claim CSV (one patient, one date of service)",
        description="Check one claim's lines (code, units, modifiers, minutes, time block, who"
        " furnished it) against the billing rules, and explain each finding.",
    )
    parser.add_argument(
        "claim",
        metavar="CLAIM.csv",
        help="header row, then one row per claim line: code,units,modifiers,minutes,"
        "time_block,furnished_by (code and units required); a service split between a PT and"
        " a PTA is two rows of the code, the PTA's with its own minutes (0 units allowed)",
    )
    parser.add_argument(
        "--payer",
        choices=["medicare", "commercial"],
        type=str.lower,
        help="who pays (default: the file's payer column, else medicare)",
    )
    parser.add_argument(
        "--year", type=int, help="year of service (default: the file's year column, else 2026)"
    )
    parser.add_argument(
        "--method",
        choices=["cms", "ama"],
        type=str.lower,
        help="how minutes become units (default: cms for Medicare, ama for commercial)",
    )
    parser.add_argument(
        "--spend-pt-slp",
        type=_dollars,
        metavar="DOLLARS",
        help="this year's PT and SLP spending for the patient, this visit included",
    )
    parser.add_argument(
        "--spend-ot",
        type=_dollars,
        metavar="DOLLARS",
        help="this year's OT spending for the patient, this visit included",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def read_claim_csv(path: str) -> tuple[list, dict[str, str]]:
    """The claim lines and any payer/year the file gives; errors name the row and column."""
    from toolkit.files.output_files import input_file
    from toolkit.rules.claims import FIELDS, ClaimLine

    try:
        text = input_file(path, "claim CSV").read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BillingInputError(f"{path} is not a text CSV file (save it as CSV, UTF-8)") from None
    if not text.strip():
        raise BillingInputError(
            f"{path} is empty: it needs a header row (code,units,...) and one row per claim line"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as bad:
        raise BillingInputError(
            f"{path} line {reader.line_num}: not a readable CSV row ({bad})"
        ) from None
    rows = [(n, row) for n, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise BillingInputError(f"{path} has no header row and no claim lines")
    header_line, raw_header = rows[0]
    header = [cell.strip().lower().replace(" ", "_").replace("-", "_") for cell in raw_header]
    known = FIELDS + OPTIONAL_CLAIM_COLUMNS
    for column in header:
        if column not in known:
            raise BillingInputError(
                f"{path} line {header_line}: unknown column {column!r};"
                f" the columns are {', '.join(known)}"
            )
        if header.count(column) > 1:
            raise BillingInputError(f"{path} line {header_line}: column {column!r} appears twice")
    for column in ("code", "units"):
        if column not in header:
            raise BillingInputError(
                f"{path} line {header_line}: the header has no {column!r} column"
                " (the header row must name the columns: code,units,...)"
            )
    lines, claim_values = [], {}
    for number, (file_line, row) in enumerate(rows[1:], 1):
        where = f"{path} line {file_line} (claim line {number})"
        if len(row) > len(header):
            raise BillingInputError(
                f"{where}: {len(row)} cells but the header names {len(header)} columns"
            )
        cells = dict(zip(header, row + [""] * (len(header) - len(row))))
        for column in OPTIONAL_CLAIM_COLUMNS:
            value = cells.pop(column, "").strip()
            if value:
                claim_values.setdefault(column, (value, file_line))
                if value.lower() != claim_values[column][0].lower():
                    raise BillingInputError(
                        f"{where}, column {column!r}: {value!r} differs from {claim_values[column][0]!r}"
                        f" on line {claim_values[column][1]}; one claim has one {column}"
                    )
        try:
            lines.append(ClaimLine.from_mapping(cells))
        except BillingInputError as bad:
            column = bad.column
            raise BillingInputError(
                f"{where}, column {column!r}: {bad}" if column else f"{where}: {bad}"
            ) from None
    if not lines:
        raise BillingInputError(f"{path} has a header but no claim lines: add one row per line")
    return lines, {column: value for column, (value, _) in claim_values.items()}


def _choose(flag, in_file: str | None, column: str, default):
    if flag is not None and in_file is not None and str(flag).lower() != in_file.lower():
        raise BillingInputError(
            f"the file's {column} column says {in_file!r} but --{column} says {flag!r}"
        )
    return flag if flag is not None else in_file if in_file is not None else default


def run(args) -> int:
    from toolkit.rules.claims import check_claim

    lines, in_file = read_claim_csv(args.claim)
    spend = {
        group: amount
        for group, amount in (("PT/SLP", args.spend_pt_slp), ("OT", args.spend_ot))
        if amount is not None
    } or None
    check = check_claim(
        lines,
        payer=_choose(args.payer, in_file.get("payer"), "payer", "medicare"),
        year=_choose(args.year, in_file.get("year"), "year", 2026),
        method=args.method,
        therapy_spend=spend,
    )
    if args.json:
        data = check.as_dict()
        print(
            json.dumps(
                {
                    key: data[key]
                    for key in ("payer", "year", "method", "ok", "expected_units", "findings")
                },
                indent=2,
            )
        )
    else:
        print(render(check, args.claim))
    return 0


def render(check, title: str) -> str:
    from toolkit.rules.units import METHODS

    out = [
        f"Claim check: {title}",
        f"Payer: {check.payer.capitalize()}   Year: {check.year}   Units counted by: {METHODS[check.method]}",
        "",
        f"{'line':>4}  {'code':<6} {'units':>5}  {'modifiers':<12} {'minutes':>7}  {'time block':<22} furnished by",
    ]
    for n, line in enumerate(check.lines, 1):
        minutes = "-" if line.minutes is None else str(line.minutes)
        out.append(
            f"{n:>4}  {line.code:<6} {line.units:>5}  {' '.join(line.modifiers) or '-':<12}"
            f" {minutes:>7}  {line.time_block or '-':<22} {line.furnished_by}"
        )
    if check.unit_result:
        supported = ", ".join(f"{code} {n}" for code, n in check.unit_result.units.items())
        out += [
            "",
            f"Units the minutes support: {supported}"
            f" ({check.unit_result.timed_minutes} timed minutes)",
        ]
    wrap = textwrap.TextWrapper(width=96, initial_indent="  ", subsequent_indent="    ")
    for severity, heading in SEVERITY_HEADINGS.items():
        group = check.by_severity(severity)
        if not group:
            continue
        out += ["", f"{heading} ({len(group)})"]
        for finding in group:
            where = f"line {finding.line}: " if finding.line else "claim: "
            out.append(wrap.fill(where + finding.message))
            out.append(wrap.fill(f"[{finding.rule_id}] source: {finding.source}"))
    errors, warnings = len(check.by_severity("error")), len(check.by_severity("warning"))
    out.append("")
    if not check.findings:
        out.append("Result: no findings. The claim passes every check the toolkit makes.")
    elif errors:
        out.append(
            f"Result: {errors} error{'s' if errors != 1 else ''}: fix before billing"
            f" ({warnings} warning{'s' if warnings != 1 else ''} to check as well)."
        )
    else:
        out.append(f"Result: no errors; {warnings} warning{'s' if warnings != 1 else ''} to check.")
    # Cells come from a file: control and escape characters are shown, never sent raw.
    return "\n".join(visible(shown) for entry in out for shown in entry.split("\n"))
