"""A visit log (a clinic's billing sheet): read it from CSV, Excel or Parquet and check each row.

One row is one claim line: `visit_id`, `date`, `code`, `minutes`, and optionally
`billed_units`, `modifiers`, `furnished_by`, `payer`. Rows that cannot be read go to an
errors table with their row number in the file (header = row 1) and the reason; nothing
is dropped silently. Values are checked once per distinct value (a sheet of a million rows
has a few dozen codes), so reading stays fast without a loop over rows.

pandas is imported here, so `toolkit` itself never imports this module at start-up.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.audit.row_limits import MAX_ROWS, check_csv_rows, check_parquet_rows, check_xlsx_rows
from toolkit.errors import BillingInputError
from toolkit.files.output_files import input_file
from toolkit.reference import normalize_code, normalize_provider
from toolkit.rules.parsing import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_MINUTES_PER_DAY,
    MAX_UNITS,
    parse_payer,
    read_minutes,
    whole_number,
)
from toolkit.rules.parsing import (
    parse_modifiers as _modifiers,
)

REQUIRED_COLUMNS = ("visit_id", "date", "code", "minutes")
OPTIONAL_COLUMNS = ("billed_units", "modifiers", "furnished_by", "payer")
TEXT_COLUMNS = ("visit_id", "date", "code", "modifiers", "furnished_by", "payer")
READERS = {".csv": "CSV", ".xlsx": "Excel", ".parquet": "Parquet"}
DEFAULT_PROVIDER = (
    "PT"  # as toolkit.rules.claims.ClaimLine: a line says who furnished it, else a PT
)
DEFAULT_PAYER = "medicare"
MAX_BILLED_UNITS = MAX_UNITS
FIRST_DATA_ROW = 2  # the header is row 1, as a spreadsheet numbers it


# --- reading files -----------------------------------------------------------------------


def read_visit_log(path: str | Path, *, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """The raw table of a .csv, .xlsx or .parquet file, column names tidied and checked.

    A file of more than `max_rows` lines is refused before it is read whole
    (`toolkit.audit.row_limits`).

    Raises:
        BillingInputError: the file is missing, not a visit log (kind, columns), unreadable
        or over `max_rows` lines; the message says which."""
    path = Path(path)
    kind = _kind(path)
    input_file(path, "visit log")
    try:
        if kind == "CSV":
            scan = check_csv_rows(path, max_rows)
            table = _read_csv(path, quoted_line_breaks=scan.quoted_line_breaks > 0)
            _all_rows_read(path, len(table), scan.rows)
        elif kind == "Excel":
            check_xlsx_rows(path, max_rows)
            table = pd.read_excel(
                path, engine="openpyxl", dtype={name: object for name in TEXT_COLUMNS}
            )
        else:
            check_parquet_rows(path, max_rows)
            table = _read_parquet(path)
    except BillingInputError:
        raise
    except Exception as problem:  # any parser's complaint becomes one clear line
        raise _unreadable(path, kind, problem) from None
    return check_columns(table, path.name)


def _kind(path: Path) -> str:
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise BillingInputError(
            f"{path.name}: a visit log must be a .csv, .xlsx or .parquet file; got {path.suffix or 'no extension'!r}"
        )
    return kind


def _unreadable(path: Path, kind: str, problem: Exception) -> BillingInputError:
    plain = _csv_shape_problem(path) if kind == "CSV" else None
    if plain:
        return BillingInputError(f"{path.name}: {plain}")
    detail = (
        str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
    )
    return BillingInputError(f"{path.name} could not be read as {kind}: {detail}")


SHOWN_VALUES = 60  # characters of a bad line quoted back to the trainee


def _csv_shape_problem(path: Path) -> str | None:
    """An empty file, or the first row whose count of values is not the header's, said plainly
    with its row number (the parsers say "Expected 8 columns, got 2" and no row). Only called
    once a parser has refused the file, so the slow reader costs nothing on a good file."""
    try:
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
            rows = csv.reader(handle)
            header = next(rows, None)
            if not header:
                return (
                    "the file is empty: a visit log needs a header row (visit_id, date, code,"
                    " minutes, …) and one line per service below it"
                )
            for number, values in enumerate(rows, start=FIRST_DATA_ROW):
                if values and len(values) != len(header):
                    shown = ",".join(values)
                    if len(shown) > SHOWN_VALUES:
                        shown = shown[:SHOWN_VALUES] + "…"
                    return (
                        f"row {number} has {len(values)} value{'s' if len(values) != 1 else ''}"
                        f" but the header has"
                        f" {len(header)} columns ({shown!r}); each line needs one value, or an"
                        " empty place between two commas, for every column: fix that line and"
                        " save the file again (nothing was audited)"
                    )
    except (OSError, csv.Error):
        return None
    return None


def _all_rows_read(path: Path, got: int, rows: int) -> None:
    """Every row of the file reached the table (`rows`: as counted by `check_csv_rows`, which
    follows the quotes): a reader that lost lines is never taken at its word."""
    if got != rows:
        raise BillingInputError(
            f"{path.name} could not be read as CSV: the reader returned {got:,} rows where the"
            f" file has {rows:,}, so nothing was audited; save it again as CSV UTF-8"
        )


def _read_csv(path, *, quoted_line_breaks: bool = False) -> pd.DataFrame:
    """The raw table. Arrow's reader is the fast one, but it cuts the file at line ends
    before it looks at quotes: a file with line breaks inside quoted values is read by
    pandas' own reader, which follows them."""
    # Header first (cheap), so text columns are read as text: 97530 must stay a code, not a number.
    header = pd.read_csv(path, nrows=0, dtype=str)
    if hasattr(path, "seek"):
        path.seek(0)
    names = {column: tidy_column_name(column) for column in header.columns}
    # Few distinct values (codes, dates, modifiers, minutes) read fastest as categories; visit
    # ids as text. Numbers too are read as text and checked once per distinct value: left to
    # type guessing, a blank line in a column of whole numbers fails the whole read, and a
    # piece of a file (read_visit_log_chunks) could guess another type than the whole file.
    dtypes = {
        raw: "str" if name == "visit_id" else "category"
        for raw, name in names.items()
        if name in PARSERS
    }
    # skip_blank_lines=False keeps row numbers equal to the file's; blank rows become errors.
    engine = "c" if quoted_line_breaks else "pyarrow"
    return pd.read_csv(path, engine=engine, dtype=dtypes, skip_blank_lines=False)


# --- reading a large file in pieces, cut between visits ----------------------------------

CHUNK_BYTES = 16 << 20  # CSV bytes read at a time: about 480,000 lines
CHUNK_ROWS = 500_000  # Parquet rows read at a time


class CannotStream(Exception):
    """The file cannot be read piece by piece; the caller reads it whole (the reason says why)."""


def read_visit_log_chunks(
    path: str | Path,
    *,
    max_rows: int = MAX_ROWS,
    chunk_bytes: int | None = None,
    chunk_rows: int | None = None,
):
    """The log as (row number of the first line, raw table) pieces, in file order, each cut
    where a visit_id ends, so that a log grouped by visit never has a visit in two pieces
    (`toolkit.audit.visits.audit_in_chunks` checks that). A .xlsx (at most Excel's 1,048,576 rows)
    is one piece. The same reader and the same checks as `read_visit_log`, piece by piece.

    Raises:
        BillingInputError: as `read_visit_log` (when the pieces are read)."""
    path = Path(path)
    kind = _kind(path)
    input_file(path, "visit log")
    chunk_bytes, chunk_rows = chunk_bytes or CHUNK_BYTES, chunk_rows or CHUNK_ROWS
    if kind == "Excel":
        yield FIRST_DATA_ROW, read_visit_log(path, max_rows=max_rows)
        return
    try:
        if kind == "CSV":
            scan = check_csv_rows(path, max_rows)
            pieces = _csv_pieces(path, chunk_bytes, scan.rows)
        else:
            check_parquet_rows(path, max_rows)
            pieces = _parquet_pieces(path, chunk_rows)
        for first_row, table in pieces:
            table = check_columns(table, path.name)
            yield first_row, table
            del table  # not kept while the next piece is read
    except (BillingInputError, CannotStream):
        raise
    except Exception as problem:  # any parser's complaint becomes one clear line
        raise _unreadable(path, kind, problem) from None


def _row_ends(data: bytes) -> np.ndarray:
    """Positions of the line ends that end a row: not inside a quoted value. A newline is inside
    quotes when an odd number of quote marks come before it ('""' in a value counts two)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    newline = np.flatnonzero(raw == 10)
    quotes = np.flatnonzero(raw == 34)
    if not len(quotes):
        return newline
    return newline[np.searchsorted(quotes, newline) % 2 == 0]


def _csv_pieces(path: Path, chunk_bytes: int, rows: int):
    """The pieces; at the end, their rows must add up to the file's `rows`."""
    last = FIRST_DATA_ROW
    for first_row, table in _csv_pieces_read(path, chunk_bytes):
        last = first_row + len(table)
        yield first_row, table
        del table  # not kept while the next piece is read
    _all_rows_read(path, last - FIRST_DATA_ROW, rows)


def _csv_pieces_read(path: Path, chunk_bytes: int):
    with open(path, "rb") as handle:
        head = handle.read(chunk_bytes)
        ends = _row_ends(head)
        if not len(ends):  # a header alone (or no line end at all): one piece
            yield FIRST_DATA_ROW, _read_csv(path, quoted_line_breaks=True)  # the careful reader
            return
        header, pending = head[: ends[0] + 1], head[ends[0] + 1 :]
        first_row, at_end, fresh = FIRST_DATA_ROW, False, True
        while True:
            if not fresh:  # the first round works on what was read with the header
                block = handle.read(chunk_bytes)
                at_end = not block
                pending += block
            fresh = False
            if at_end and not pending:
                if first_row == FIRST_DATA_ROW:  # a header and no rows
                    yield first_row, _read_csv(path, quoted_line_breaks=True)
                return
            ends = _row_ends(pending)
            if not at_end and not len(ends):
                continue
            size = len(pending) if at_end else int(ends[-1]) + 1
            quoted = pending.count(b"\n", 0, size) > len(ends)  # line breaks in quoted values
            table = _read_csv(io.BytesIO(header + pending[:size]), quoted_line_breaks=quoted)
            rows = len(ends) + (at_end and not pending.endswith(b"\n"))
            if len(table) != rows:  # quoting this reader does not follow: read the file whole
                raise CannotStream(f"its line ends do not match its rows near row {first_row:,}")
            cut = len(table) if at_end else last_visit_start(table)
            if cut == 0:  # one visit so far: read on
                continue
            piece, whole = table.iloc[:cut].reset_index(drop=True), cut == len(table)
            del table  # memory for one piece: nothing of it stays while the next is read
            yield first_row, piece
            del piece
            first_row += cut
            pending = pending[size if whole else int(ends[cut - 1]) + 1 :]
            if at_end:
                return


def last_visit_start(table: pd.DataFrame) -> int:
    """Where the last visit_id of the table begins (0 when it has one visit_id). A row whose
    visit_id cannot be read counts with the visit above it, so it never cuts a visit in two."""
    column = check_columns(table)["visit_id"]
    ids = _factorize_runs(_read_column(column, "visit_id").values)
    if not len(ids):
        return 0
    place = np.maximum.accumulate(np.where(ids >= 0, np.arange(len(ids)), 0))
    ids = ids[place]
    starts = np.flatnonzero(ids[1:] != ids[:-1]) + 1
    return int(starts[-1]) if len(starts) else 0


def _parquet_pieces(path: Path, chunk_rows: int):
    import pyarrow as pa
    import pyarrow.parquet as pq

    wanted = _parquet_columns(path)
    first_row, carry = FIRST_DATA_ROW, None
    for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_rows, columns=wanted):
        table = _arrow_to_pandas(pa.Table.from_batches([batch]))
        if carry is not None:
            table = pd.concat([carry, table], ignore_index=True)
        cut = last_visit_start(table)
        if cut == 0:
            carry = table
            continue
        yield first_row, table.iloc[:cut].reset_index(drop=True)
        first_row += cut
        carry = table.iloc[cut:].reset_index(drop=True)
    if carry is not None and len(carry):
        yield first_row, carry
    elif first_row == FIRST_DATA_ROW:  # no rows at all
        yield first_row, _read_parquet(path)


def _arrow_to_pandas(table) -> pd.DataFrame:
    """As pd.read_parquet converts (same column types), one batch at a time."""
    try:
        from pandas.io._util import arrow_table_to_pandas
    except ImportError:  # another pandas: its public default
        return table.to_pandas()
    return arrow_table_to_pandas(table)


def visit_keys(table: pd.DataFrame) -> np.ndarray:
    """One 64-bit number per visit (visit_id and date as read) of the rows where both can be
    read: sorted, each once. Two pieces sharing a number share a visit (or, very rarely, two
    visits hash alike: then the log is read whole, which is never wrong)."""
    table = check_columns(table)
    ids = _read_column(table["visit_id"], "visit_id")
    day = _read_column(table["date"], "date")
    ok = np.flatnonzero(~ids.bad & ~day.bad)
    if not len(ok):
        return np.zeros(0, np.uint64)
    values, dates = pd.array(ids.values)[ok], day.values[ok]
    # a visit's lines sit together: hash the first line of each run of one visit_id and date
    same = pd.array(values[1:] == values[:-1], dtype="boolean").fillna(False).to_numpy(bool)
    starts = np.flatnonzero(np.r_[True, ~(same & (dates.codes[1:] == dates.codes[:-1]))])
    id_hash = pd.util.hash_array(np.asarray(values.take(starts), dtype=object))
    date_hash = pd.util.hash_array(np.asarray(dates.categories, dtype=object))[dates.codes[starts]]
    with np.errstate(over="ignore"):
        return np.unique(id_hash * np.uint64(0x9E3779B97F4A7C15) ^ date_hash)


# Arrow types that hold more than one plain value per cell, as a trainee would say it.
NESTED_TYPES = (
    ("is_binary", "binary data (bytes), not text"),
    ("is_large_binary", "binary data (bytes), not text"),
    ("is_fixed_size_binary", "binary data (bytes), not text"),
    ("is_list", "lists of values"),
    ("is_large_list", "lists of values"),
    ("is_fixed_size_list", "lists of values"),
    ("is_struct", "groups of fields (structs)"),
    ("is_map", "maps of keys to values"),
    ("is_union", "mixed kinds of values (unions)"),
)


def _read_parquet(path: Path) -> pd.DataFrame:
    """Only the visit-log columns, and only when each cell holds one plain value (text,
    a number, a date): a list, struct or bytes column is named, never half-read."""
    return pd.read_parquet(path, columns=_parquet_columns(path))


def _parquet_columns(path: Path) -> list[str]:
    import pyarrow.parquet as pq
    import pyarrow.types as pa_types

    schema = pq.read_schema(path)
    wanted = [name for name in schema.names if tidy_column_name(name) in PARSERS]
    for name in wanted:
        kind = schema.field(name).type
        plain = kind.value_type if pa_types.is_dictionary(kind) else kind
        for test, what in NESTED_TYPES:
            if getattr(pa_types, test)(plain):
                raise BillingInputError(
                    f"{path.name}: column {name!r} holds {what}, of type {kind}; a visit log needs one plain"
                    " value (text, a number or a date) in each cell"
                )
    return wanted


def tidy_column_name(name: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def check_columns(table: pd.DataFrame, where: str = "the visit log") -> pd.DataFrame:
    """The same table with tidy column names; BillingInputError when a required one is missing."""
    table = table.rename(columns=tidy_column_name)
    if table.columns.duplicated().any():
        twice = sorted(set(table.columns[table.columns.duplicated()]))
        raise BillingInputError(f"{where} has the column {twice[0]!r} twice; keep one")
    missing = [name for name in REQUIRED_COLUMNS if name not in table.columns]
    if missing:
        raise BillingInputError(
            f"{where} has no column {', '.join(repr(m) for m in missing)}; a visit log needs the"
            f" columns {', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})"
        )
    return table


# --- checking values ---------------------------------------------------------------------


def _is_blank(raw: object) -> bool:
    return (
        raw is None
        or raw is pd.NA
        or (isinstance(raw, float) and np.isnan(raw))
        or (isinstance(raw, str) and not raw.strip())
    )


def _whole_number(raw: object) -> int | None:
    """30, 30.0, '30' and ' 30 ' -> 30; anything else -> None (a spreadsheet's numbers)."""
    return whole_number(raw, spreadsheet=True)


def parse_code(raw: object) -> str:
    number = None if isinstance(raw, str) else _whole_number(raw)
    return normalize_code(raw if number is None else number)


def parse_minutes(raw: object) -> int | None:
    return read_minutes(raw, "this line", spreadsheet=True)  # a blank cell: None, as _read_column


def parse_billed_units(raw: object) -> int:
    number = _whole_number(raw)
    if number is None or not 0 <= number <= MAX_BILLED_UNITS:
        raise BillingInputError(
            f"billed units must be a whole number from 0 to {MAX_BILLED_UNITS}"
            f" (0 = documented, not billed); got {raw!r}"
        )
    return number


def parse_date(raw: object) -> str:
    """A date as 'YYYY-MM-DD', from a date, an ISO date or a US date (03/02/2026)."""
    day = None
    if isinstance(raw, (datetime, pd.Timestamp)):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    elif isinstance(raw, str):
        for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
            try:
                day = datetime.strptime(raw.strip(), pattern).date()
                break
            except ValueError:
                continue
    if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR:
        return day.isoformat()
    raise BillingInputError(
        f"the date must be a real date like 2026-03-02 or 03/02/2026; got {raw!r}"
    )


def parse_modifiers(raw: object) -> str:
    """'gp, 59' (or 59 alone, read as a number) -> 'GP 59', by `toolkit.rules.parsing`."""
    return " ".join(_modifiers(raw))


def parse_visit_id(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a spreadsheet turned 1001 into 1001.0
    return str(raw).strip()


# Column -> (parser, message for a blank cell; None when a blank cell takes the default).
PARSERS = {
    "visit_id": (parse_visit_id, "the visit_id is missing"),
    "date": (parse_date, "the date is missing"),
    "code": (parse_code, "the code is missing"),
    "minutes": (parse_minutes, "the minutes are missing"),
    "billed_units": (parse_billed_units, None),
    "modifiers": (parse_modifiers, None),
    "furnished_by": (normalize_provider, None),
    "payer": (parse_payer, None),
}
DEFAULTS = {
    "billed_units": pd.NA,
    "modifiers": "",
    "furnished_by": DEFAULT_PROVIDER,
    "payer": DEFAULT_PAYER,
}


class _Column:
    """One column read: values for the good rows, and per row whether and why it is bad."""

    def __init__(self, values, bad: np.ndarray, reason_of) -> None:
        self.values = values  # a pandas array or Categorical, one entry per row
        self.bad = bad
        self.reason_of = reason_of  # row positions -> list of reason texts


def _read_column(column: pd.Series, name: str) -> _Column:
    parse, blank_message = PARSERS[name]
    if name == "minutes" and pd.api.types.is_integer_dtype(column.dtype) and not column.hasnans:
        return _read_whole_numbers(column)
    if name == "visit_id" and _is_number_dtype(column.dtype):
        column = _numbers_as_text(column)  # 1001 -> '1001' at once: then read as text
    elif name == "visit_id" and column.dtype == object and _all_text(column):
        column = column.astype("str")  # Python strings (blanks allowed) as one text array
    if name == "visit_id" and isinstance(column.dtype, pd.StringDtype):
        return _read_visit_ids(column)
    if name == "visit_id" and (coded := _coded_visit_ids(column)) is not None:
        return coded
    if isinstance(column.dtype, pd.CategoricalDtype):  # parse each category, not each row
        position, distinct = column.array.codes.astype(np.int64), column.array.categories
    else:
        position, distinct = pd.factorize(column, use_na_sentinel=True)
    parsed, problems = [], []
    for raw in distinct:
        if _is_blank(raw):
            parsed.append(None)
            problems.append(blank_message)
            continue
        try:
            parsed.append(parse(raw))
            problems.append(None)
        except BillingInputError as bad:
            parsed.append(None)
            problems.append(str(bad))
    problems.append(blank_message)  # position -1: an empty cell
    parsed.append(None)
    if blank_message is None:  # optional column: a blank cell takes the default
        parsed = [
            DEFAULTS[name] if p is None and q is None else p for p, q in zip(parsed, problems)
        ]
    is_bad = np.array([q is not None for q in problems])
    bad = is_bad[position]
    values = _values_from(parsed, position, name)
    texts = np.asarray(problems, dtype=object)
    return _Column(values, bad, lambda where: list(texts[position[where]]))


def _values_from(parsed: list, position: np.ndarray, name: str):
    if name == "billed_units":
        table = pd.array(parsed, dtype="Int64")
        return table.take(position, allow_fill=False) if len(position) else table[:0]
    if name == "minutes":
        return np.asarray([0 if p is None else p for p in parsed], dtype=np.int64)[position]
    # Distinct raw values can read the same ('gp' and 'GP'): re-number the parsed ones.
    codes, categories = pd.factorize(pd.Index(parsed, dtype=object), use_na_sentinel=True)
    return pd.Categorical.from_codes(codes[position], categories=categories.astype(str))


def _read_whole_numbers(column: pd.Series) -> _Column:
    raw = column.to_numpy()  # the fast path: a column of integers, signed or not
    bad = (raw < 0) | (raw > MAX_MINUTES_PER_DAY)
    # Only in-range values are kept as int64: an unsigned 2**64 - 1 must never read as -1.
    values = np.where(bad, 0, raw).astype(np.int64)
    return _Column(values, bad, lambda where: [_problem(parse_minutes, int(v)) for v in raw[where]])


def _all_text(column: pd.Series) -> bool:
    """Only text (and blanks), not a spreadsheet's mix of numbers and text."""
    return pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty")


def _is_number_dtype(kind) -> bool:
    return not isinstance(kind, pd.CategoricalDtype) and (
        pd.api.types.is_bool_dtype(kind)
        or pd.api.types.is_integer_dtype(kind)
        or pd.api.types.is_float_dtype(kind)
    )


def _numbers_as_text(column: pd.Series) -> pd.Series:
    """A column of numbers as `parse_visit_id` writes each (1001.0 -> '1001'), in one step;
    a missing number stays missing."""
    if not pd.api.types.is_float_dtype(column.dtype):
        return column.astype("str")
    raw = column.to_numpy(dtype=np.float64, na_value=np.nan)
    whole = np.isfinite(raw) & (raw == np.floor(raw)) & (np.abs(raw) < 2.0**63)
    text = pd.Series(np.where(whole, raw, 0).astype(np.int64)).astype("str")
    odd = np.flatnonzero(~whole & ~np.isnan(raw))  # 1001.5, inf: rare, as Python writes them
    if len(odd):
        text.iloc[odd] = [parse_visit_id(float(raw[k])) for k in odd]
    return text.mask(np.isnan(raw))


def _coded_visit_ids(column: pd.Series) -> _Column | None:
    """Visit ids of one kind (whole numbers, decimals, text, or categories of one of those) as
    `parse_visit_id` reads them, without a Python call per id: each distinct value becomes
    its text at once, the rows keep integer codes into those texts. None for a column of
    mixed objects (a spreadsheet's numbers, text and dates), read value by value."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        position, distinct = column.array.codes.astype(np.int64), column.array.categories
    else:
        position, distinct = pd.factorize(column, use_na_sentinel=True)
    texts = _visit_id_texts(pd.Index(distinct))
    if texts is None:
        return None
    # Distinct values can read the same (' A' and 'A'): number the texts; a blank one is missing.
    code_of, categories = pd.factorize(np.asarray(texts, dtype=object))
    blank = np.asarray(categories == "", dtype=bool)
    code_of = np.where(blank[code_of], -1, code_of) if blank.any() else code_of
    codes = np.append(code_of, -1)[position]  # position -1: an empty cell
    if blank.any():  # renumber without the blank text
        keep = np.flatnonzero(~blank)
        renumber = np.full(len(categories) + 1, -1, np.int64)
        renumber[keep] = np.arange(len(keep))
        codes, categories = renumber[codes], categories[keep]
    values = pd.Categorical.from_codes(
        codes, categories=pd.Index(categories, dtype=object).astype(str)
    )
    bad = codes < 0
    return _Column(values, bad, lambda where: ["the visit_id is missing"] * len(where))


def _visit_id_texts(distinct: pd.Index):
    """`parse_visit_id` of each distinct value, for an index of one kind; None otherwise."""
    kind = distinct.dtype
    if pd.api.types.is_bool_dtype(kind) or pd.api.types.is_integer_dtype(kind):
        return np.asarray(distinct.astype(str), dtype=object)
    if pd.api.types.is_float_dtype(kind):
        raw = distinct.to_numpy(dtype=np.float64, na_value=np.nan)
        whole = np.isfinite(raw) & (raw == np.floor(raw)) & (np.abs(raw) < 2.0**63)
        texts = np.asarray(pd.Index(np.where(whole, raw, 0).astype(np.int64)).astype(str), object)
        for k in np.flatnonzero(~whole):  # 1001.5, inf: rare, each as Python writes it
            texts[k] = parse_visit_id(float(raw[k]))
        return texts
    if isinstance(kind, pd.StringDtype) or pd.api.types.infer_dtype(distinct) in (
        "string",
        "empty",
    ):
        return (
            np.asarray(distinct.str.strip(), dtype=object) if len(distinct) else np.zeros(0, object)
        )
    return None


def _read_visit_ids(column: pd.Series) -> _Column:
    values = column.str.strip()
    bad = (values.isna() | (values == "")).to_numpy()
    return _Column(values.array, bad, lambda where: ["the visit_id is missing"] * len(where))


def _problem(parse, value) -> str:
    try:
        parse(value)
    except BillingInputError as bad:
        return str(bad)
    return ""


def read_lines(
    table: pd.DataFrame, first_row: int = FIRST_DATA_ROW
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a raw visit log into readable lines and an errors table (row, reason, values).

    The lines get a `visit` number (0, 1, ... in order of first appearance): a visit is one
    visit_id on one date. A visit is audited whole or not at all: when one of its rows cannot
    be read, its other rows go to the errors table too, saying which row to fix.
    """
    table = check_columns(table).reset_index(drop=True)
    n_rows = len(table)
    rows = np.arange(first_row, first_row + n_rows, dtype=np.int64)  # a piece of a file: its rows
    columns = {name: _read_column(table[name], name) for name in PARSERS if name in table.columns}
    bad = np.zeros(n_rows, dtype=bool)
    for column in columns.values():
        bad |= column.bad
    visit = _visit_numbers(columns["visit_id"], columns["date"])
    visit_problem = _visit_problems(visit, bad, rows, columns)
    good = ~bad & pd.isna(visit_problem)
    everything = bool(good.all())
    lines = pd.DataFrame({"row": rows[good]})
    for name in PARSERS:
        if name in columns:
            lines[name] = columns[name].values if everything else columns[name].values[good]
        else:
            lines[name] = pd.array(
                [DEFAULTS[name]] * int(good.sum()),
                dtype="Int64" if name == "billed_units" else "category",
            )
    lines.insert(1, "visit", visit if everything else pd.factorize(visit[good])[0])
    return lines, _errors_table(table, rows, ~good, columns, visit_problem)


def _visit_numbers(visit_id: _Column, day: _Column) -> np.ndarray:
    """One number per (visit_id, date): 0, 1, ... in order of first appearance, -1 where
    either could not be read. A visit's lines mostly sit together, so only the first line of
    each run of one visit_id and date is hashed, not every row."""
    known = ~visit_id.bad & ~day.bad
    if len(known) == 0:
        return np.zeros(0, np.int64)
    dates = day.values.codes.astype(np.int64)
    same = _same_as_above(visit_id.values) & (dates[1:] == dates[:-1]) & (known[1:] == known[:-1])
    starts = np.flatnonzero(np.r_[True, ~same])
    heads = starts[known[starts]]
    ids = pd.factorize(visit_id.values.take(heads))[0].astype(np.int64)
    if (ids[1:] > ids[:-1]).all():  # every run a visit_id not seen before: a new visit each
        visit = np.arange(len(heads))
    else:
        visit = pd.factorize(ids * (len(day.values.categories) + 1) + dates[heads])[0]
    number = np.full(len(starts), -1, np.int64)
    number[known[starts]] = visit
    return np.repeat(number, np.diff(np.r_[starts, len(known)]))


def _same_as_above(values) -> np.ndarray:
    """Per row after the first: True where the value equals the row above (missing: False)."""
    if isinstance(values, pd.Categorical):
        return (values.codes[1:] == values.codes[:-1]) & (values.codes[1:] >= 0)
    same = values[1:] == values[:-1]
    if not isinstance(same, np.ndarray):  # a pandas string array: a missing id is a new run
        same = pd.array(same, dtype="boolean").fillna(False).to_numpy(bool)
    return same


def _factorize_runs(values) -> np.ndarray:
    """pd.factorize's codes for a column whose equal values mostly sit together (a visit's
    lines): one value per run is hashed, not every row."""
    if len(values) < 2:
        return pd.factorize(values, use_na_sentinel=True)[0]
    starts = np.flatnonzero(np.r_[True, ~_same_as_above(values)])
    run_ids = pd.factorize(values.take(starts), use_na_sentinel=True)[0]
    return np.repeat(run_ids, np.diff(np.r_[starts, len(values)]))


def _visit_problems(
    visit: np.ndarray, bad: np.ndarray, rows: np.ndarray, columns: dict[str, _Column]
) -> np.ndarray:
    """Why a readable row's visit cannot be audited (None when it can)."""
    problems = np.empty(len(visit), dtype=object)  # all None
    flagged = np.zeros(len(visit), dtype=bool)
    known = visit >= 0
    n_visits = int(visit.max()) + 1 if known.any() else 0
    if n_visits == 0:
        return problems
    of_visit = np.where(known, visit, 0)

    def flag(mask: np.ndarray, texts) -> None:
        problems[mask] = texts
        flagged[mask] = True

    # A visit with an unreadable row: its units and pairs are unknown until the row is fixed.
    none = np.iinfo(np.int64).max
    first_bad_row = np.full(n_visits, none)
    hit = known & bad
    np.minimum.at(first_bad_row, visit[hit], rows[hit])
    broken = known & ~bad & (first_bad_row[of_visit] != none)
    if broken.any():
        flag(
            broken,
            [
                f"row {r} of the same visit could not be read; fix it to audit this visit"
                for r in first_bad_row[visit[broken]]
            ],
        )
    ok = known & ~bad
    minutes = np.where(ok, columns["minutes"].values, 0)
    day_total = np.bincount(visit[known], weights=minutes[known], minlength=n_visits).astype(
        np.int64
    )
    too_long = ok & ~flagged & (day_total[of_visit] > MAX_MINUTES_PER_DAY)
    if too_long.any():
        flag(
            too_long,
            [
                f"the minutes of this visit add up to {t}, more than the"
                f" {MAX_MINUTES_PER_DAY} minutes in a day"
                for t in day_total[visit[too_long]]
            ],
        )
    if "payer" in columns:
        # A visit not flagged yet has only readable rows: compare each with the visit's first.
        payer = columns["payer"].values.codes.astype(np.int64)
        # visits are numbered in order of first appearance: a first row tops all rows above it
        first = np.flatnonzero(visit > np.maximum.accumulate(np.r_[-1, visit[:-1]]))
        other = np.bincount(visit[ok & (payer != payer[first[of_visit]])], minlength=n_visits)
        mixed = ok & ~flagged & (other > 0)[of_visit]
        if mixed.any():
            flag(mixed, "this visit lists more than one payer; one visit is billed to one payer")
    return problems


def _errors_table(
    table: pd.DataFrame,
    rows: np.ndarray,
    bad: np.ndarray,
    columns: dict[str, _Column],
    visit_problem: np.ndarray,
) -> pd.DataFrame:
    where = np.flatnonzero(bad)
    reasons = [[text] if text is not None else [] for text in visit_problem[where]]
    for column in columns.values():
        hit = column.bad[where]
        for k, text in zip(np.flatnonzero(hit), column.reason_of(where[hit])):
            reasons[k].append(text)
    empty = table.iloc[where].isna().all(axis=1).to_numpy() if len(where) else np.zeros(0, bool)
    errors = pd.DataFrame(
        {
            "row": rows[where],
            "reason": ["the row is empty" if e else "; ".join(r) for r, e in zip(reasons, empty)],
        }
    )
    for name in ("visit_id", "code", "minutes"):
        raw = table[name].iloc[where].to_numpy(dtype=object)
        errors[name] = ["" if _is_blank(v) else str(v) for v in raw]
    return errors[["row", "visit_id", "code", "minutes", "reason"]]
