"""How big a visit log the audit reads, measured before the file is read whole.

A log of more than MAX_ROWS lines (header not counted) is refused; `cpt97530 audit
--max-rows N` sets another limit. Each file is measured the cheap way first:

- CSV: its line ends are counted, stopping as soon as the limit is passed; the longest line
  (MAX_LINE_BYTES) and the header's columns (MAX_COLUMNS) are measured in the same pass,
  so a 50 MB field or 20,000 columns never reach the CSV reader;
- Parquet: the row count and the columns stored in the file's footer;
- Excel (.xlsx): a zip of XML, so a 3 MB file can unpack to millions of rows. Its first
  sheet (the one read) is measured without loading it: the unpacked size the zip lists,
  the size the sheet declares (its dimension: rows, and columns up to MAX_COLUMNS), then its rows counted while unpacking,
  stopping at the limit. Excel never writes more than EXCEL_MAX_ROWS rows to a sheet, so a
  workbook claiming more was not made by Excel and is refused whatever the limit.

Only the standard library here: the command line imports this module to print its help.
"""

from __future__ import annotations

import csv
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from toolkit.errors import BillingInputError

MAX_ROWS = 5_000_000  # lines of a visit log, header not counted
MAX_COLUMNS = 200  # a visit log needs 4; more than this is not a visit log (and costs minutes)
MAX_LINE_BYTES = 1_000_000  # one line of a visit log is under 1 KB; a longer one is refused
EXCEL_MAX_ROWS = 1_048_576  # rows in one Excel sheet, header included (Excel's own limit)
MAX_XLSX_UNPACKED_BYTES = 1_000_000_000  # a full 1,048,576-row log is a few hundred MB
MAX_XLSX_INDEX_BYTES = 10_000_000  # workbook.xml and its list of parts: small in every real file
CHUNK_BYTES = 1 << 23
HEAD_BYTES = 1 << 16  # where a sheet states its <dimension>, near the top

_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row")  # <row ...>, also <x:row ...>
_DIMENSION_LAST_COLUMN = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Za-z]*\d*:([A-Za-z]{1,3})\d"
)
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Za-z]*\d*:?[A-Za-z]*(\d+)\"")


def _too_many(name: str, max_rows: int, found: str) -> BillingInputError:
    return BillingInputError(
        f"{name} has {found}; the audit reads at most {max_rows:,} lines. Split the log by month,"
        f" or raise the limit with --max-rows"
    )


def _too_wide(name: str, columns: int) -> BillingInputError:
    return BillingInputError(
        f"{name} has {columns:,} columns; a visit log has a few (visit_id, date, code, minutes)"
        f" and the audit reads at most {MAX_COLUMNS}. Save only the log's own columns"
    )


def check_csv_rows(path: Path, max_rows: int = MAX_ROWS) -> None:
    """Refuse a CSV of more than `max_rows` lines after the header (quoted line breaks count),
    with a line longer than MAX_LINE_BYTES or a header of more than MAX_COLUMNS columns."""
    ends, last, line, header, head = 0, b"\n", 0, None, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            ends += chunk.count(b"\n")
            last = chunk[-1:]
            if ends > max_rows + 1:
                raise _too_many(path.name, max_rows, f"more than {max_rows:,} lines")
            pieces = chunk.split(b"\n")
            if header is None:  # the first line, kept until its end is seen
                head += pieces[0][: MAX_LINE_BYTES + 1]
                header = head if len(pieces) > 1 else None
            # the line going on from the last chunk, the whole lines, the one going on
            longest = max(line + len(pieces[0]), max(map(len, pieces[1:-1]), default=0))
            line = len(pieces[-1]) if len(pieces) > 1 else line + len(pieces[0])
            if max(longest, line) > MAX_LINE_BYTES:
                raise BillingInputError(
                    f"{path.name} has a line longer than {MAX_LINE_BYTES // 1_000_000} MB; a visit"
                    " log's lines are short. Check that it is the right file, saved as CSV"
                )
    text = (head if header is None else header).decode("utf-8", "replace")
    columns = len(next(csv.reader([text]), []))
    if columns > MAX_COLUMNS:
        raise _too_wide(path.name, columns)
    lines = ends + (last != b"\n")
    if lines - 1 > max_rows:
        raise _too_many(path.name, max_rows, f"{lines - 1:,} lines")


def check_parquet_rows(path: Path, max_rows: int = MAX_ROWS) -> None:
    """Refuse a Parquet file of more than `max_rows` rows (read from its footer)."""
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(path).metadata
    rows = metadata.num_rows
    if len(metadata.schema.names) > MAX_COLUMNS:
        raise _too_wide(path.name, len(metadata.schema.names))
    if rows > max_rows:
        raise _too_many(path.name, max_rows, f"{rows:,} rows")


def check_xlsx_rows(path: Path, max_rows: int = MAX_ROWS) -> None:
    """Refuse an .xlsx whose first sheet has more than `max_rows` lines, or more rows than Excel
    allows, or that unpacks to more than MAX_XLSX_UNPACKED_BYTES, before anything is loaded."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as book:
            unpacked = sum(item.file_size for item in book.infolist())
            if unpacked > MAX_XLSX_UNPACKED_BYTES:
                raise BillingInputError(
                    f"{name} unpacks to {unpacked / 1e6:,.0f} MB, more than the audit reads from an"
                    f" Excel file ({MAX_XLSX_UNPACKED_BYTES / 1e6:,.0f} MB); save the log as CSV"
                )
            _count_rows(book, _first_sheet(book), name, max_rows)
    except BillingInputError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ElementTree.ParseError,
        KeyError,
        EOFError,
        ValueError,
        zlib.error,
    ) as problem:
        raise BillingInputError(
            f"{name} could not be read as Excel: not a complete .xlsx workbook"
            f" ({problem or type(problem).__name__})"
        ) from None


def _first_sheet(book: zipfile.ZipFile) -> str:
    """The zip member of the workbook's first sheet: the one the audit reads. Names are
    matched without their namespace, so transitional and strict files both work."""
    workbook = _package_target(book, "_rels/.rels", "", kind="officeDocument")
    first = next((e for e in _small_xml(book, workbook).iter() if _local(e.tag) == "sheet"), None)
    if first is None:
        raise KeyError("the workbook lists no sheet")
    relation = next((v for k, v in first.attrib.items() if _local(k) == "id"), None)
    folder, base = posixpath.split(workbook)
    return _package_target(
        book, posixpath.join(folder, "_rels", base + ".rels"), folder, relation_id=relation
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _package_target(
    book: zipfile.ZipFile,
    rels: str,
    folder: str,
    kind: str | None = None,
    relation_id: str | None = None,
) -> str:
    for relation in _small_xml(book, rels).iter():
        if _local(relation.tag) != "Relationship":
            continue
        if relation.get("Id") == relation_id or (
            kind and relation.get("Type", "").endswith("/" + kind)
        ):
            target = relation.get("Target", "")
            return (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
    raise KeyError(f"{rels} does not name the {'workbook' if kind else 'first sheet'}")


def _small_xml(book: zipfile.ZipFile, member: str) -> ElementTree.Element:
    if book.getinfo(member).file_size > MAX_XLSX_INDEX_BYTES:
        raise ValueError(f"{member} is far larger than a workbook's index ever is")
    return ElementTree.fromstring(book.read(member))


def _count_rows(book: zipfile.ZipFile, sheet: str, name: str, max_rows: int) -> None:
    """Refuse the sheet when it declares or holds more rows than Excel allows or than
    `max_rows` lines after the header; stops unpacking as soon as it knows."""
    limit = min(max_rows + 1, EXCEL_MAX_ROWS)  # sheet rows, header included
    with book.open(sheet) as stream:
        head = stream.read(HEAD_BYTES)
        declared = _DIMENSION.search(head)
        if declared and int(declared.group(1)) > EXCEL_MAX_ROWS:
            raise _not_excel(name, f"declares {int(declared.group(1)):,} rows, more")
        width = _DIMENSION_LAST_COLUMN.search(head)
        if width and _column_number(width.group(1)) > MAX_COLUMNS:
            raise _too_wide(name, _column_number(width.group(1)))
        rows, chunk, tail = 0, head, b""
        while True:
            window = tail + chunk
            # The last bytes are counted with the next chunk: a tag cut in two is then whole.
            tail = window[-64:] if chunk else b""
            rows += _row_tags(window) - _row_tags(tail)
            if rows > limit:
                if limit == EXCEL_MAX_ROWS:
                    raise _not_excel(name, "has more rows")
                raise _too_many(name, max_rows, f"more than {max_rows:,} lines")
            if not chunk:
                return
            chunk = stream.read(CHUNK_BYTES)


def _column_number(letters: bytes) -> int:
    """b"A" -> 1, b"Z" -> 26, b"AA" -> 27: a spreadsheet column's number."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def _row_tags(data: bytes) -> int:
    # A plain count is fast; the full pattern only where a prefixed tag (<x:row>) may be.
    return len(_ROW_TAG.findall(data)) if b":row" in data else data.count(b"<row")


def _not_excel(name: str, found: str) -> BillingInputError:
    return BillingInputError(
        f"{name} {found} than an Excel sheet can hold ({EXCEL_MAX_ROWS:,}): it was not made by"
        " Excel and is not read. Export the log from its program as CSV instead"
    )
