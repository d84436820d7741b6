"""CMS's practitioner PTP (NCCI procedure-to-procedure) table, read as CMS publishes it.

CMS publishes the table every quarter as tab-delimited text or Excel files: a few title and
copyright lines, then a header row ("Column 1", "Column 2", "*=in existence prior to 1996",
"Effective Date", "Deletion Date *=no data", "Modifier 0=not allowed 1=allowed 9=not
applicable", "PTP Edit Rationale"), then one edit per row. This module keeps only the edits
between two codes this course knows and turns them into code_pairs.csv rows:

- modifier indicator 1: a 59/X modifier may bypass the edit (separate time intervals), and it
  goes on the column-two code, which is the one denied without it;
- modifier indicator 0: no modifier bypasses it, the column-two code is denied;
- modifier indicator 9: the edit was deleted back to its start, so it never applied: skipped.

A deletion date is the first date of service the edit no longer applies to.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from toolkit.errors import BillingInputError
from toolkit.files.output_files import input_file
from toolkit.files.spreadsheet_csv import rows_csv_text
from toolkit.reference import CODE_PAIR_FIELDS, codes

FIELDS = CODE_PAIR_FIELDS
BYPASS = "59 XU XE XS XP"
HEADER_SEARCH_ROWS = 50  # the header comes after a few title lines, never far down
# Our teaching kinds that say more than CMS's table does; a bypassable CMS edit keeps them.
TEACHING_KINDS = ("group-vs-one-on-one", "re-evaluation")
HISTORY_KIND = "evaluation-deleted"  # deleted edits kept for the history lesson, never applied


@dataclass(frozen=True)
class PtpTable:
    """The therapy edits of one or more CMS files, as code_pairs rows."""

    rows: tuple[dict[str, str], ...]
    edits_read: int  # every edit row in the files
    not_applicable: int  # therapy edits with indicator 9 (deleted retroactively): skipped


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y%m%d")
    return " ".join(str(value).split())


def _squash(text: str) -> str:
    return text.lower().replace(" ", "")


def _table_rows(path: Path):
    """(row number, cells as text) for each row of a .txt/.csv (tab- or comma-delimited) or .xlsx file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path)
        return
    try:
        raw = path.read_bytes()
    except OSError as problem:
        raise BillingInputError(f"cannot open the PTP file {path}: {problem.strerror}") from None
    text = _decode(raw, path.name)
    lines = text.splitlines()
    delimiter = "\t" if any("\t" in line for line in lines[:HEADER_SEARCH_ROWS]) else ","
    reader = csv.reader(lines, delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            yield number, [_cell_text(c) for c in cells]
    except csv.Error as bad:
        reason = (
            f"a cell longer than {csv.field_size_limit():,} characters"
            if "field limit" in str(bad)
            else f"not a readable table row ({bad})"
        )
        raise BillingInputError(
            f"{path.name} row {number + 1}: {reason}; is this CMS's practitioner PTP table?"
        ) from None


def _decode(raw: bytes, name: str) -> str:
    """UTF-8, else Windows-1252 (older CMS text files); a byte neither can read is named."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as bad:
        line = raw.count(b"\n", 0, bad.start) + 1
        raise BillingInputError(
            f"{name} line {line}: byte 0x{raw[bad.start]:02X} is not text in UTF-8 or Windows-1252;"
            " download the file from CMS again, or save it as UTF-8 text"
        ) from None


def _xlsx_rows(path: Path):
    from openpyxl import load_workbook  # only for Excel files

    def unreadable() -> BillingInputError:
        return BillingInputError(
            f"cannot read the PTP file {path.name} as an Excel workbook (it is"
            " damaged, cut off or not an .xlsx file); download it again"
        )

    # Why catch everything: a cut-off sheet or a missing part fails deep inside openpyxl with
    # parser, zip or key errors that differ by damage; for the user each is one bad file.
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001
        raise unreadable() from None
    try:
        try:
            rows = book.worksheets[0].iter_rows(values_only=True)  # no sheet: IndexError
        except Exception:  # noqa: BLE001
            raise unreadable() from None
        number = 0
        while True:
            try:
                cells = next(rows, None)
            except Exception:  # noqa: BLE001
                raise unreadable() from None
            if cells is None:
                return
            number += 1
            yield number, [_cell_text(c) for c in cells]
    finally:
        book.close()


@dataclass(frozen=True)
class _Columns:
    one: int
    two: int
    effective: int
    deletion: int
    modifier: int
    rationale: int | None


def _header(cells: list[str]) -> _Columns | None:
    squashed = [_squash(c) for c in cells]
    if "column1" not in squashed or "column2" not in squashed:
        return None

    def find(word: str) -> int | None:
        return next((i for i, c in enumerate(squashed) if word in c), None)

    found = {
        name: find(word)
        for name, word in (
            ("effective", "effectivedate"),
            ("deletion", "deletiondate"),
            ("modifier", "modifier"),
        )
    }
    missing = [name for name, where in found.items() if where is None]
    if missing:
        raise BillingInputError(
            f"the header row has Column 1 and Column 2 but no {' or '.join(missing)}"
            " date/indicator column"
        )
    return _Columns(
        squashed.index("column1"),
        squashed.index("column2"),
        found["effective"],
        found["deletion"],
        found["modifier"],
        find("rationale"),
    )


def _iso(text: str, what: str, blank_ok: bool) -> str:
    if blank_ok and text in ("", "*"):
        return ""
    try:
        return datetime.strptime(text, "%Y%m%d").date().isoformat()
    except ValueError:
        raise BillingInputError(
            f"the {what} must be a date written YYYYMMDD (like 20260101); got {text!r}"
        ) from None


def _pair_row(
    cells: list[str], cols: _Columns, one: str, two: str, source: str
) -> dict[str, str] | None:
    def cell(i):
        return cells[i] if i is not None and i < len(cells) else ""

    indicator = cell(cols.modifier)
    if indicator not in ("0", "1", "9"):
        raise BillingInputError(f"the modifier indicator must be 0, 1 or 9; got {indicator!r}")
    effective = _iso(cell(cols.effective), "effective date", blank_ok=False)
    ended = _iso(cell(cols.deletion), "deletion date", blank_ok=True)
    if indicator == "9":
        return None
    rationale = cell(cols.rationale) or "not given"
    if indicator == "1":
        kind, bypass, on = "distinct-intervals", BYPASS, two
        note = (
            f"CMS modifier indicator 1: a 59/X modifier on {two} (the column-two code) bypasses the"
            f" edit only for separate time intervals. CMS rationale: {rationale}"
        )
    else:
        kind, bypass, on = "not-bypassable", "", ""
        note = (
            f"CMS modifier indicator 0: no modifier bypasses this edit; {two} (the column-two code)"
            f" is denied when both are billed for one patient on one day. CMS rationale: {rationale}"
        )
    return dict(zip(FIELDS, (one, two, kind, bypass, on, effective, ended, source, "CMS", note)))


def read_ptp_file(path: str | Path) -> PtpTable:
    """The edits of one CMS practitioner PTP file between two codes this course knows."""
    path = Path(path)
    input_file(path, "PTP file")
    source = f"CMS NCCI practitioner PTP table ({path.name})"
    known = codes()
    cols, rows, edits, not_applicable = None, [], 0, 0
    for number, cells in _table_rows(path):
        try:
            if cols is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                cols = _header(cells)
                continue
            one = cells[cols.one].upper() if cols.one < len(cells) else ""
            two = cells[cols.two].upper() if cols.two < len(cells) else ""
            if not one and not two:
                continue  # blank line, or the second line of a two-line header
            edits += 1
            if one not in known or two not in known or one == two:
                continue
            row = _pair_row(cells, cols, one, two, source)
        except BillingInputError as bad:
            raise BillingInputError(f"{path.name} row {number}: {bad}") from None
        if row is None:
            not_applicable += 1
        else:
            rows.append(row)
    if cols is None:
        raise BillingInputError(
            f"{path.name}: no header row with 'Column 1' and 'Column 2' in its first"
            f" {HEADER_SEARCH_ROWS} rows; is this CMS's practitioner PTP table?"
        )
    return PtpTable(tuple(rows), edits, not_applicable)


def read_ptp_files(paths) -> PtpTable:
    """Several CMS files (CMS splits the table into parts by code range) as one table.

    Raises:
        BillingInputError: as `read_ptp_file`, for the first file that is missing, unreadable
            or not CMS's practitioner PTP table (the message names the file and row).
    """
    tables = [read_ptp_file(p) for p in paths]
    return PtpTable(
        tuple(r for t in tables for r in t.rows),
        sum(t.edits_read for t in tables),
        sum(t.not_applicable for t in tables),
    )


@dataclass(frozen=True)
class Merged:
    rows: tuple[dict[str, str], ...]
    kept: int  # our rows kept (pairs CMS's table does not list, and the history)
    replaced: int  # our rows replaced by CMS's edits for the same pair


def merge_pairs(ours, cms_rows) -> Merged:
    """CMS's edits replace our rows for the same pair (either order); our other rows stay.

    The deleted-evaluation history is always kept: it is never applied, only taught. Where we
    teach more than the table says (97150 is group therapy; the modifier goes on the
    re-evaluation), a bypassable CMS edit keeps our kind so that lesson still applies."""
    by_pair: dict[frozenset, list[dict[str, str]]] = {}
    for row in ours:
        by_pair.setdefault(frozenset((row["column_one"], row["column_two"])), []).append(row)
    cms_pairs = {frozenset((r["column_one"], r["column_two"])) for r in cms_rows}
    kept = [
        r
        for r in ours
        if r["kind"] == HISTORY_KIND
        or frozenset((r["column_one"], r["column_two"])) not in cms_pairs
    ]
    merged = []
    for row in cms_rows:
        teaching = [
            r["kind"]
            for r in by_pair.get(frozenset((row["column_one"], row["column_two"])), [])
            if r["kind"] in TEACHING_KINDS and _teaching_fits(r, row)
        ]
        merged.append({**row, "kind": teaching[0]} if teaching else dict(row))
    return Merged(tuple(kept + merged), len(kept), len(ours) - len(kept))


def _teaching_fits(ours: dict[str, str], cms: dict[str, str]) -> bool:
    if cms["kind"] != "distinct-intervals":
        return False  # indicator 0 is stronger than anything we teach about the pair
    # The re-evaluation lesson puts the modifier on the re-evaluation: only if CMS agrees.
    return ours["kind"] != "re-evaluation" or ours["modifier_on"] == cms["modifier_on"]


def pairs_csv(rows) -> str:
    """Rows as code_pairs.csv text."""
    return rows_csv_text(FIELDS, rows)  # the one spreadsheet-safe CSV writer
