"""The one CSV writer of the toolkit: every CSV it writes (the audit report, the gradebook,
its items, the dashboard's download, a code-pairs table) is written here, so that a
spreadsheet opening it never runs a cell as a formula.

Why: a cell typed by someone else (a visit log's visit_id, a learner's name or answer) that
starts with `=`, `+`, `-` or `@` is a formula to Excel, LibreOffice and Google Sheets
(`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`); a leading tab, carriage return or spaces are
dropped on import, and the full-width `＝＋－＠` are read as their plain twins. Such a text
cell gets an apostrophe in front (`'=HYPERLINK(...)`), which a spreadsheet shows as text
and hides. Numbers are written as numbers: only text cells are changed.

One pattern (`FORMULA_START`) decides, for one cell in Python (`safe_cell`) and for a
whole column in Arrow (`write_csv`), so a report of millions of rows is written at speed,
a slice at a time (memory stays flat however many rows).

pandas and pyarrow are imported inside the functions: this module is on the ground floor.
"""

from __future__ import annotations

import re

# A leading tab, CR or LF; or, after any spaces, a character a spreadsheet starts a formula
# with (plain or full-width). Written with literal characters, read alike by Python's re
# and by Arrow's RE2.
_SPACES = (
    " \t\r\n\x0b\x0c\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000"
)
FORMULA_START = f"^(?:[\t\r\n]|[{_SPACES}]*[=+\\-@\uff1d\uff0b\uff0d\uff20])"
_FORMULA = re.compile(FORMULA_START)
ROWS_AT_A_TIME = 50_000  # rows turned into text at once: a few MB, whatever the report's size


def safe_cell(text: str) -> str:
    """`text` as a spreadsheet shows it, never runs it: an apostrophe in front of a formula.

    Raises:
        Nothing: any text is made safe."""
    return "'" + text if _FORMULA.match(text) else text


def csv_text(frame, *, header: bool = True) -> str:
    """The table as CSV text (UTF-8, `\\n` line ends, text cells quoted), formulas made safe.

    Raises:
        Nothing of its own: any table of plain values is written."""
    import io

    out = io.StringIO()
    write_csv(frame, out, header=header)
    return out.getvalue()


def rows_csv_text(columns, rows) -> str:
    """Rows (dicts, a missing key: blank) as CSV text with `columns` as the header.

    Raises:
        Nothing of its own."""
    import pandas as pd

    frame = pd.DataFrame([[row.get(c, "") for c in columns] for row in rows], columns=columns)
    return csv_text(frame.astype(object))


def write_csv(frame, handle, *, header: bool = True, rows_at_a_time: int = ROWS_AT_A_TIME):
    """Write the table to the text `handle`, a slice of rows at a time, formulas made safe.

    Raises:
        OSError: the handle cannot be written (a full disk)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    table = pa.Table.from_pandas(_plain(frame), preserve_index=False)
    table = pa.table([_safe_column(column) for column in table.columns], names=table.column_names)
    options = pa_csv.WriteOptions(quoting_style="needed", include_header=header)
    if table.num_rows == 0:  # the header alone (or nothing)
        handle.write(_text(table, options, pa, pa_csv))
        return
    for start in range(0, table.num_rows, rows_at_a_time):
        piece = table.slice(start, rows_at_a_time)
        handle.write(_text(piece, options, pa, pa_csv))
        options = pa_csv.WriteOptions(quoting_style="needed", include_header=False)


def _text(table, options, pa, pa_csv) -> str:
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(table, sink, options)
    return sink.getvalue().to_pybytes().decode("utf-8")


def _plain(frame):
    """Columns of Python objects as numbers when every cell is a number or blank (scores
    with gaps), else as text (a cell as typed in an unreadable row); a blank cell empty."""
    import pandas as pd

    frame = frame.copy(deep=False)
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object:
            kind = pd.api.types.infer_dtype(column, skipna=True)
            if kind in ("integer", "floating", "mixed-integer-float", "empty"):
                frame[name] = pd.to_numeric(column)
                continue
            frame[name] = pd.array([None if _blank(v) else str(v) for v in column], dtype="str")
        elif isinstance(column.dtype, pd.CategoricalDtype) and not _text_categories(column):
            frame[name] = column.cat.rename_categories([str(c) for c in column.cat.categories])
    return frame


def _text_categories(column) -> bool:
    import pandas as pd

    categories = column.cat.categories
    return isinstance(categories.dtype, pd.StringDtype) or categories.inferred_type in (
        "string",
        "empty",
    )


def _blank(value) -> bool:
    """None, NaN or NA (an empty cell)."""
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _safe_column(column):
    """A text column with each formula-like cell given its apostrophe (a dictionary column:
    each distinct text once); any other column as it is."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    kind = column.type
    if pa.types.is_dictionary(kind):
        if not (pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type)):
            return column
        return pa.DictionaryArray.from_arrays(column.indices, _safe_text(column.dictionary, pc))
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _safe_text(column, pc)
    return column


def _safe_text(array, pc):
    formula = pc.match_substring_regex(array, FORMULA_START)
    if not pc.any(formula).as_py():
        return array
    return pc.if_else(formula, pc.utf8_replace_slice(array, 0, 0, "'"), array)
