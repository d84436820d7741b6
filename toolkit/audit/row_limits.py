"""How big a visit log the audit reads, measured before the file is read whole.

A log of more than MAX_ROWS lines (header not counted) is refused; `cpt97530 audit
--max-rows N` sets another limit. Each file is measured the cheap way first:

- CSV: its line ends are counted, stopping as soon as the limit is passed; the longest line
  (MAX_LINE_BYTES) and the header's columns (MAX_COLUMNS) are measured in the same pass,
  so a 50 MB field or 20,000 columns never reach the CSV reader. The same pass follows the
  quotes as a CSV reader does (`CsvScan`): a quote that opens a value and never closes, or
  a quoted value running over MAX_LINES_IN_ROW lines (a quote closed far below where it
  should have been), is refused with the row where it opens, and the rows counted are
  those the reader must return (`visit_log` checks it: no line is ever lost silently).
  A file that is not UTF-8 (UTF-16, Latin-1, Shift-JIS) is named from its bytes;
- Parquet: the row count and the columns stored in the file's footer;
- Excel (.xlsx): a zip of XML, so a 3 MB file can unpack to millions of rows. Its first
  sheet (the one read) is measured without loading it: the unpacked size the zip lists,
  the size the sheet declares (its dimension: rows, and columns up to MAX_COLUMNS), then its rows counted while unpacking,
  stopping at the limit. Excel never writes more than EXCEL_MAX_ROWS rows to a sheet, so a
  workbook claiming more was not made by Excel and is refused whatever the limit.

Only the standard library at import (numpy inside the CSV pass): the command line imports
this module to print its help.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from toolkit.errors import BillingInputError
from toolkit.files.text_encoding import SAVE_AS, Utf8Check, legacy_encoding, wide_encoding

MAX_ROWS = 5_000_000  # lines of a visit log, header not counted
MAX_COLUMNS = 200  # a visit log needs 4; more than this is not a visit log (and costs minutes)
MAX_LINE_BYTES = 1_000_000  # one line of a visit log is under 1 KB; a longer one is refused
MAX_LINES_IN_ROW = 50  # lines one row may span (line breaks in quoted cells); more: a lost quote
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


def check_csv_rows(path: Path, max_rows: int = MAX_ROWS) -> CsvScan:
    """Refuse a CSV of more than `max_rows` lines after the header (quoted line breaks count),
    with a line longer than MAX_LINE_BYTES or a header of more than MAX_COLUMNS columns,
    not in UTF-8, or with a quote that never closes (or closes rows below: MAX_LINES_IN_ROW).
    Returns the pass's findings: `rows` (the data rows a CSV reader must return) and
    `quoted_line_breaks` (line breaks inside quoted values)."""
    ends, last, line, header, head = 0, b"\n", 0, None, b""
    scan, text = CsvScan(path.name), Utf8Check()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            if not scan.offset:
                _check_not_wide(path.name, chunk)
            bad = text.feed(chunk)
            if bad is not None:
                raise _not_utf8(path, bad)
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
            scan.feed(chunk)
    if text.feed(b"", final=True) is not None:
        raise _not_utf8(path, scan.offset - 1)
    scan.finish()
    text = (head if header is None else header).decode("utf-8", "replace")
    try:  # the first row (a file whose lines end in CR alone holds them all in `head`)
        columns = len(next(csv.reader(io.StringIO(text, newline="")), []))
    except csv.Error:  # a NUL or the like: the reader names it
        columns = 0
    if columns > MAX_COLUMNS:
        raise _too_wide(path.name, columns)
    lines = ends + (last != b"\n")
    if lines - 1 > max_rows:
        raise _too_many(path.name, max_rows, f"{lines - 1:,} lines")
    return scan


def _check_not_wide(name: str, head: bytes) -> None:
    wide = wide_encoding(head)
    if wide:
        raise BillingInputError(f"{name} is not UTF-8 text: it looks like {wide}; {SAVE_AS}")


def _not_utf8(path: Path, offset: int) -> BillingInputError:
    with open(path, "rb") as handle:
        before = handle.read(offset)
        around = handle.read(1 << 16)
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1  # whole lines: a character is not cut
    kind = legacy_encoding(before[start:] + around)
    return BillingInputError(
        f"{path.name} is not UTF-8 text (line {line:,} has the byte 0x{around[0]:02X}): it looks"
        f" like {kind}; {SAVE_AS}"
    )


_FIELD_START = (44, 10, 13, -1)  # a comma, a line end, the start of the file


class CsvScan:
    """The rows of a CSV followed as a CSV reader follows them, a piece at a time.

    A quote opens a value only at the start of a field (elsewhere it is a plain character),
    and closes it at the next quote that is not doubled (`""` is a quote inside the value);
    a line end inside a quoted value belongs to the value. Most files have no quote, or
    quotes only around whole values: then one vectorised pass counts (every quote toggles);
    a piece with a quote inside an unquoted field is followed quote by quote.

    Raises:
        BillingInputError (from `feed` and `finish`): a quoted value over MAX_LINES_IN_ROW
            lines, or one still open at the end of the file, named by its row."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.offset = 0  # bytes taken in so far
        self.records = 0  # row ends seen (the header's included)
        self.quoted_line_breaks = 0
        self._inside = False  # in a quoted value
        self._lines = 0  # line ends in the row going on
        self._previous = -1  # the last byte looked at (-1: none, the start of the file)
        self._carry = b""  # quotes and CRs at the end of a piece: they need the next byte
        self._tail = False  # bytes since the last row end

    @property
    def rows(self) -> int:
        """Data rows after the header, as a CSV reader returns them."""
        return max(self.records + self._tail - 1, 0)

    def feed(self, piece: bytes) -> None:
        self.offset += len(piece)
        data = self._carry + piece
        keep = len(data.rstrip(b'"\r'))
        self._carry = data[keep:]
        if keep:
            self._scan(data[:keep], bom=self.offset == len(piece) and data[:3] == b"\xef\xbb\xbf")

    def finish(self) -> None:
        if self._carry:
            data, self._carry = self._carry, b""
            self._scan(data, bom=False)
        if self._inside:
            raise BillingInputError(
                f'{self.name}: row {self.records + 1:,} opens a quoted value (") that never'
                " closes, so every line below would be read into it; close the quote (or"
                " remove it) and save the file again"
            )

    def _scan(self, data: bytes, bom: bool) -> None:
        import numpy as np

        raw = np.frombuffer(data, dtype=np.uint8)
        ends = np.flatnonzero(raw == 10)
        if b"\r" in data:  # a CR alone ends a line too (CR LF is one end)
            cr = np.flatnonzero(raw == 13)
            after = np.append(raw, 0)[cr + 1]
            ends = np.union1d(ends, cr[after != 10])
        inside_at = np.full(len(ends), self._inside)
        if b'"' in data:
            toggles = self._toggles(raw, np.flatnonzero(raw == 34), bom)
            inside_at ^= (np.searchsorted(toggles, ends) % 2).astype(bool)
            self._inside ^= bool(len(toggles) % 2)
        self._rows(ends, inside_at, len(data))
        self._previous = int(raw[-1])

    def _toggles(self, raw, quotes, bom: bool):
        """The quotes that open or close a value (the others are plain characters)."""
        import numpy as np

        before = np.where(
            quotes > 0, raw[np.maximum(quotes - 1, 0)].astype(np.int64), self._previous
        )
        if bom:
            before[quotes == 3] = -1  # the header's first field, after the byte-order mark
        opening = (np.arange(len(quotes)) % 2 == 1) == self._inside  # if every quote toggles
        plain = opening & ~np.isin(before, (*_FIELD_START, 34))
        if not plain.any():
            return quotes
        toggles, inside, k = [], self._inside, 0  # quote by quote, as a reader goes
        while k < len(quotes):
            at = int(quotes[k])
            if not inside:
                if before[k] in _FIELD_START:
                    inside = True
                    toggles.append(at)
                k += 1
            elif k + 1 < len(quotes) and quotes[k + 1] == at + 1:
                k += 2  # "" inside a value: one quote character
            else:
                inside = False
                toggles.append(at)
                k += 1
        return np.asarray(toggles, dtype=np.int64)

    def _rows(self, ends, inside_at, size: int) -> None:
        import numpy as np

        row_ends = np.flatnonzero(~inside_at)  # positions among `ends`
        self.quoted_line_breaks += int(inside_at.sum())
        if len(row_ends):
            spans = np.diff(np.r_[-1 - self._lines, row_ends])  # lines each row ran over
            longest = int(np.argmax(spans))
            if spans[longest] > MAX_LINES_IN_ROW:
                self._runs_on(self.records + longest + 1, int(spans[longest]))
            self.records += len(row_ends)
            self._lines = len(ends) - 1 - int(row_ends[-1])
        else:
            self._lines += len(ends)
        if self._lines >= MAX_LINES_IN_ROW:  # still open: no need to read to the end
            self._runs_on(self.records + 1, self._lines + 1)
        # bytes after the last row end: a last row without a line end
        self._tail = int(ends[row_ends[-1]]) < size - 1 if len(row_ends) else self._tail or size > 0

    def _runs_on(self, row: int, lines: int) -> None:
        raise BillingInputError(
            f'{self.name}: row {row:,} opens a quoted value (") that runs on over {lines:,}'
            " lines of the file: a quote is not closed where the value ends; close it (or"
            " remove it) and save the file again"
        )


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
