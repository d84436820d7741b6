"""Row limits: a log over the limit, or an .xlsx that unpacks to more rows than Excel allows,
is refused from a cheap measurement, before the file is read whole."""

import importlib.util
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.audit import row_limits
from toolkit.audit.row_limits import (
    EXCEL_MAX_ROWS,
    check_csv_rows,
    check_parquet_rows,
    check_xlsx_rows,
)
from toolkit.errors import BillingInputError

_spec = importlib.util.spec_from_file_location(
    "make_inputs", Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "make_inputs.py"
)
make_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_inputs)

ROW = "V1,2026-03-02,97530,38"


@settings(max_examples=60, deadline=None)
@given(
    lines=st.integers(0, 40),
    limit=st.integers(1, 40),
    chunk=st.integers(1, 64),
    final_newline=st.booleans(),
)
def test_csv_lines_are_counted_exactly_whatever_the_chunk_size(
    tmp_path_factory, lines, limit, chunk, final_newline
):
    path = tmp_path_factory.mktemp("csv") / "log.csv"
    text = "\n".join(["visit_id,date,code,minutes"] + [ROW] * lines)
    path.write_text(text + ("\n" if final_newline else ""))
    row_limits.CHUNK_BYTES, before = chunk, row_limits.CHUNK_BYTES
    try:
        if lines > limit:
            with pytest.raises(BillingInputError, match=f"the audit reads at most {limit:,} lines"):
                check_csv_rows(path, limit)
        else:
            check_csv_rows(path, limit)
    finally:
        row_limits.CHUNK_BYTES = before


def test_parquet_rows_come_from_the_footer(tmp_path):
    path = tmp_path / "log.parquet"
    pq.write_table(pa.table({"visit_id": ["V1"] * 30}), path)
    check_parquet_rows(path, 30)
    with pytest.raises(
        BillingInputError, match="log.parquet has 30 rows; the audit reads at most 29"
    ):
        check_parquet_rows(path, 29)


def _sheet(tmp_path, rows, tag="row"):
    """A one-sheet .xlsx whose data rows use `tag` (e.g. a namespace prefix, odd spacing)."""
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        for name, text in make_inputs.XLSX_PARTS.items():
            book.writestr(name, text)
        cells = f"<{tag}><c><v>1</v></c></{tag.split()[0]}>" * rows
        book.writestr(
            "xl/worksheets/sheet1.xml",
            '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<x:sheetData><x:row><x:c><x:v>1</x:v></x:c></x:row>{cells}</x:sheetData></x:worksheet>",
        )
    return path


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(0, 30),
    limit=st.integers(1, 30),
    chunk=st.integers(1, 48),
    tag=st.sampled_from(["row", "x:row", 'row r="7"', "row\n", 'x:row\tspans="1:4"']),
)
def test_sheet_rows_are_counted_exactly_across_chunk_boundaries(
    tmp_path_factory, rows, limit, chunk, tag
):
    path = _sheet(tmp_path_factory.mktemp("xlsx"), rows, tag)
    saved = row_limits.CHUNK_BYTES, row_limits.HEAD_BYTES
    row_limits.CHUNK_BYTES = row_limits.HEAD_BYTES = chunk
    try:
        if rows > limit:
            with pytest.raises(
                BillingInputError, match=f"sheet.xlsx has more than {limit:,} lines"
            ):
                check_xlsx_rows(path, limit)
        else:
            check_xlsx_rows(path, limit)
    finally:
        row_limits.CHUNK_BYTES, row_limits.HEAD_BYTES = saved


def test_a_real_workbook_under_the_limit_passes_and_its_first_sheet_is_the_one_measured(tmp_path):
    path = tmp_path / "two_sheets.xlsx"
    log = pd.DataFrame(
        {
            "visit_id": ["A", "A"],
            "date": ["2026-03-02"] * 2,
            "code": ["97530", "97110"],
            "minutes": [38, 10],
        }
    )
    with pd.ExcelWriter(path) as book:  # openpyxl writes it as Excel does
        log.to_excel(book, sheet_name="visits", index=False)
        pd.concat([log] * 50).to_excel(book, sheet_name="notes", index=False)
    check_xlsx_rows(path, 2)  # the 100-row second sheet is not read, so not measured
    with pytest.raises(BillingInputError, match="more than 1 lines"):
        check_xlsx_rows(path, 1)


def test_a_declared_size_beyond_excel_is_refused_at_once(tmp_path):
    bomb = make_inputs.xlsx_bomb(tmp_path / "bomb.xlsx", 3_000_000)
    assert bomb.stat().st_size < 3_000_000  # about 2 MB that unpacks to 3 million rows
    make_inputs.break_the_end(
        bomb
    )  # unpacking it to the end would fail: the check does not get there
    with pytest.raises(
        BillingInputError,
        match="bomb.xlsx declares 3,000,001 rows, more than an Excel"
        " sheet can hold .1,048,576.: it was not made by Excel",
    ):
        check_xlsx_rows(bomb, 10_000_000)  # whatever the line limit


def test_rows_beyond_excel_are_counted_only_up_to_the_limit(tmp_path):
    bomb = make_inputs.xlsx_bomb(tmp_path / "quiet.xlsx", 2_000_000, declare=False)
    make_inputs.break_the_end(bomb)
    with pytest.raises(
        BillingInputError,
        match=f"quiet.xlsx has more rows than an Excel sheet can hold .{EXCEL_MAX_ROWS:,}.",
    ):
        check_xlsx_rows(bomb)
    # The control: under Excel's limit the count goes to the end, and there the spoilt bytes show.
    allowed = make_inputs.break_the_end(
        make_inputs.xlsx_bomb(tmp_path / "near.xlsx", 1_000_000, declare=False)
    )
    with pytest.raises(BillingInputError, match="near.xlsx could not be read as Excel"):
        check_xlsx_rows(allowed)


def test_an_xlsx_that_unpacks_too_far_is_refused_from_its_listing(tmp_path, monkeypatch):
    path = make_inputs.xlsx_bomb(tmp_path / "wide.xlsx", 1_000)
    check_xlsx_rows(path)
    monkeypatch.setattr(row_limits, "MAX_XLSX_UNPACKED_BYTES", 100_000)
    with pytest.raises(
        BillingInputError,
        match=r"wide.xlsx unpacks to 0 MB, more than the audit reads"
        r" from an Excel file \(0 MB\); save the log as CSV",
    ):
        check_xlsx_rows(path)


@pytest.mark.parametrize(
    "content, says",
    [
        (b"visit_id,date\n", "not a complete .xlsx workbook"),
        (b"PK\x03\x04broken", "not a complete .xlsx workbook"),
    ],
)
def test_a_file_that_is_no_workbook_is_named(tmp_path, content, says):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    with pytest.raises(BillingInputError, match=f"fake.xlsx could not be read as Excel: {says}"):
        check_xlsx_rows(path)


# -- wide and long lines (red-team issue 9) ----------------------------------------------------


def test_a_csv_with_a_huge_field_is_refused_before_any_reader(tmp_path):
    log = tmp_path / "long.csv"
    log.write_text("visit_id,date,code,minutes\nP1,2026-03-02,97530," + "9" * 3_000_000 + "\n")
    with pytest.raises(BillingInputError, match=r"long.csv has a line longer than 1 MB"):
        row_limits.check_csv_rows(log)


def test_a_long_line_split_across_chunks_is_measured_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(row_limits, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(row_limits, "MAX_LINE_BYTES", 2500)
    log = tmp_path / "log.csv"
    log.write_text("visit_id,date,code,minutes\n" + "P1,2026-03-02,97530,38\n" * 200)
    row_limits.check_csv_rows(log)  # many short lines over many chunks: fine
    log.write_text("visit_id,date,code,minutes\nP1,x," + "7" * 2600 + "\n")
    with pytest.raises(BillingInputError, match="line longer than"):
        row_limits.check_csv_rows(log)


def test_a_csv_with_too_many_columns_is_refused_by_its_header(tmp_path):
    log = tmp_path / "wide.csv"
    n = row_limits.MAX_COLUMNS + 1 - 4
    log.write_text(
        "visit_id,date,code,minutes,"
        + ",".join(f"c{i}" for i in range(n))
        + "\n"
        + "P1,2026-03-02,97530,38,"
        + ",".join("1" * n)
        + "\n"
    )
    with pytest.raises(BillingInputError, match=r"wide.csv has 201 columns.*at most 200"):
        row_limits.check_csv_rows(log)
    log.write_text("visit_id,date,code,minutes," + ",".join(f"c{i}" for i in range(n - 1)) + "\n")
    row_limits.check_csv_rows(log)  # 200 columns: read


def test_a_parquet_file_with_too_many_columns_is_refused_by_its_schema(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "wide.parquet"
    pq.write_table(pa.table({f"c{i}": [1] for i in range(row_limits.MAX_COLUMNS + 1)}), path)
    with pytest.raises(BillingInputError, match="201 columns"):
        row_limits.check_parquet_rows(path)


def test_an_xlsx_declaring_too_many_columns_is_refused_from_its_dimension(tmp_path):
    path = tmp_path / "wide.xlsx"
    pd.DataFrame({f"c{i}": [1] for i in range(row_limits.MAX_COLUMNS + 1)}).to_excel(
        path, index=False
    )
    with pytest.raises(BillingInputError, match="wide.xlsx has 201 columns"):
        row_limits.check_xlsx_rows(path)
    pd.DataFrame({f"c{i}": [1] for i in range(row_limits.MAX_COLUMNS)}).to_excel(path, index=False)
    row_limits.check_xlsx_rows(path)
