"""Reading visit logs: CSV, Excel and Parquet give the same lines; bad rows and files are named."""

import os

import pandas as pd
import pytest

from toolkit.audit.visit_log import read_lines, read_visit_log
from toolkit.errors import BillingInputError

LOG = pd.DataFrame(
    {
        "Visit ID": ["1001", "1001", "1002"],
        "Date": ["2026-03-02", "2026-03-02", "03/03/2026"],
        "Code": ["97530", "97110", "G0283"],
        "Minutes": [38, 10, 15],
        "Billed Units": [2, 1, 1],
        "Modifiers": ["GP", "gp,59", ""],
        "Furnished By": ["PT", "physical therapist assistant", ""],
    }
)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_every_format_reads_the_same_lines(tmp_path, suffix):
    path = tmp_path / f"log{suffix}"
    {
        ".csv": lambda p: LOG.to_csv(p, index=False),
        ".xlsx": lambda p: LOG.to_excel(p, index=False),
        ".parquet": lambda p: LOG.to_parquet(p, index=False),
    }[suffix](path)
    lines, errors = read_lines(read_visit_log(path))
    assert errors.empty
    assert list(lines["visit_id"]) == ["1001", "1001", "1002"]
    assert list(lines["date"]) == ["2026-03-02", "2026-03-02", "2026-03-03"]
    assert list(lines["code"]) == ["97530", "97110", "G0283"]
    assert list(lines["minutes"]) == [38, 10, 15]
    assert list(lines["billed_units"]) == [2, 1, 1]
    assert list(lines["modifiers"]) == ["GP", "GP 59", ""]
    assert list(lines["furnished_by"]) == ["PT", "PTA", "PT"]  # a blank line: a PT, as ClaimLine
    assert list(lines["payer"]) == ["medicare"] * 3
    assert list(lines["visit"]) == [0, 0, 1]


def test_spreadsheet_numbers_are_read_as_codes_minutes_and_modifiers():
    raw = pd.DataFrame(
        {
            "visit_id": [7.0, 7.0],
            "date": [pd.Timestamp("2026-03-02")] * 2,
            "code": [97530, 97110.0],
            "minutes": [38.0, 10],
            "modifiers": ["GP", 59],
        }
    )
    lines, errors = read_lines(raw)
    assert errors.empty
    assert list(lines["visit_id"]) == ["7", "7"] and list(lines["code"]) == ["97530", "97110"]
    assert list(lines["minutes"]) == [38, 10] and list(lines["modifiers"]) == ["GP", "59"]


def test_visit_ids_mixing_numbers_text_and_blanks_are_read_one_by_one():
    # A spreadsheet column holding numbers, text and empty cells arrives as objects, not text.
    raw = pd.DataFrame(
        {
            "visit_id": pd.Series([19.0, 19.0, float("nan"), "V2 ", 4], dtype=object),
            "date": ["2026-03-02"] * 5,
            "code": ["97530", "97110", "97530", "97530", "97110"],
            "minutes": [38, 10, 15, 15, 20],
        }
    )
    lines, errors = read_lines(raw)
    assert list(lines["visit_id"]) == ["19", "19", "V2", "4"]
    assert list(lines["visit"]) == [0, 0, 1, 2]
    assert list(errors["row"]) == [4] and "visit_id is missing" in errors["reason"][0]


def test_blank_lines_keep_the_file_row_numbers(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("visit_id,date,code,minutes\nA,2026-03-02,97530,38\n\nB,2026-03-02,97530,x\n")
    lines, errors = read_lines(read_visit_log(path))
    assert list(lines["row"]) == [2]
    assert dict(zip(errors["row"], errors["reason"])) == {
        3: "the row is empty",
        4: "minutes for this line must be a whole number from 0 to 1440; got 'x'",
    }


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("code", "9753", "not a code this course knows"),
        ("code", "", "the code is missing"),
        ("minutes", -5, "got -5"),
        ("minutes", 1441, "got 1441"),
        ("minutes", 12.5, "got 12.5"),
        ("date", "2026-02-30", "real date"),
        ("date", "1850-01-01", "real date"),
        ("visit_id", " ", "visit_id is missing"),
        ("billed_units", 97, "from 0 to 96"),
        ("modifiers", "GP, XYZ", "not valid"),
        ("furnished_by", "wizard", "must be one of"),
        ("payer", "aetna", "medicare, commercial"),
    ],
)
def test_each_bad_value_is_an_error_row_that_names_it(field, value, words):
    row = {
        "visit_id": "A",
        "date": "2026-03-02",
        "code": "97530",
        "minutes": 30,
        "billed_units": 2,
        "modifiers": "GP",
        "furnished_by": "PT",
        "payer": "medicare",
    }
    good = dict(row, visit_id="B")
    raw = pd.DataFrame([good, dict(row, **{field: value})])
    lines, errors = read_lines(raw)
    assert list(lines["row"]) == [2] and list(errors["row"]) == [3]
    assert words in errors["reason"].iloc[0]


def test_every_reason_of_a_row_is_given():
    raw = pd.DataFrame(
        {"visit_id": ["A"], "date": ["yesterday"], "code": ["XXXXX"], "minutes": ["many"]}
    )
    reason = read_lines(raw)[1]["reason"].iloc[0]
    assert "date" in reason and "XXXXX" in reason and "'many'" in reason


def test_a_visit_with_two_payers_is_not_audited():
    raw = pd.DataFrame(
        {
            "visit_id": ["A", "A"],
            "date": ["2026-03-02"] * 2,
            "code": ["97530", "97110"],
            "minutes": [30, 10],
            "payer": ["medicare", "commercial"],
        }
    )
    lines, errors = read_lines(raw)
    assert lines.empty and all("more than one payer" in r for r in errors["reason"])


def test_the_same_visit_id_on_two_dates_is_two_visits():
    raw = pd.DataFrame(
        {
            "visit_id": ["A", "A"],
            "date": ["2026-03-02", "2026-03-03"],
            "code": ["97530", "97530"],
            "minutes": [30, 30],
        }
    )
    assert list(read_lines(raw)[0]["visit"]) == [0, 1]


def test_missing_columns_are_named(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("visit,date,code\nA,2026-03-02,97530\n")
    with pytest.raises(BillingInputError, match="no column 'visit_id', 'minutes'"):
        read_visit_log(path)


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("log.txt", "x", "must be a .csv, .xlsx or .parquet"),
        ("log.xlsx", "not a workbook", "could not be read as Excel"),
        ("log.parquet", "not parquet", "could not be read as Parquet"),
        (
            "log.csv",
            "visit_id,date,code,minutes\nA,2026-03-02,97530,3,4\n",
            "row 2 has 5 values but the header has 4 columns",
        ),
        ("log.csv", "", "the file is empty"),
    ],
)
def test_malformed_files_get_one_clear_message(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(BillingInputError, match=words) as raised:
        read_visit_log(path)
    assert "\n" not in str(raised.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(BillingInputError, match="the visit log .*nothing.csv does not exist"):
        read_visit_log(tmp_path / "nothing.csv")


def test_a_folder_or_a_pipe_is_named_not_opened(tmp_path):
    (tmp_path / "log.csv").mkdir()
    with pytest.raises(BillingInputError, match="log.csv is a folder, not a visit log"):
        read_visit_log(tmp_path / "log.csv")
    os.mkfifo(tmp_path / "pipe.csv")  # opening it would wait for a writer forever
    with pytest.raises(BillingInputError, match="pipe.csv is not an ordinary file"):
        read_visit_log(tmp_path / "pipe.csv")


@pytest.mark.parametrize("chunk_bytes", [30, 70, 200, 10_000])
def test_pieces_are_cut_between_visits_and_add_up_to_the_file(tmp_path, chunk_bytes):
    from toolkit.audit.visit_log import read_visit_log_chunks

    # a quoted line break, a quoted comma, a blank line, a visit_id with spaces around it,
    # and a row whose visit_id cannot be read, all in a visit that meets the piece edges
    path = tmp_path / "log.csv"
    path.write_text(
        "visit_id,date,code,minutes,modifiers\n"
        'A,2026-03-02,97530,38,"GP,\n59"\n'
        " A ,2026-03-02,97110,10,GP\n"
        "\n"
        ",2026-03-02,97140,10,GP\n"
        'A,2026-03-02,97112,10,"GP"\n'
        "B,2026-03-02,97530,20,GP\n"
        'C,2026-03-02,97530,ten,"GP ""x"""'
    )  # no line end at the end
    whole_lines, whole_errors = read_lines(read_visit_log(path))
    pieces = list(read_visit_log_chunks(path, chunk_bytes=chunk_bytes))
    got = [read_lines(table, first) for first, table in pieces]
    assert [first for first, _ in pieces] == [2] + [
        2 + sum(len(t) for _, t in pieces[:i]) for i in range(1, len(pieces))
    ]
    lines = pd.concat([g[0] for g in got], ignore_index=True)
    errors = pd.concat([g[1] for g in got], ignore_index=True)
    assert list(lines["row"]) == list(whole_lines["row"]) == [2, 3, 6, 7]
    assert sorted(errors["row"]) == [4, 5, 8]
    assert list(lines["modifiers"].astype(str)) == list(whole_lines["modifiers"].astype(str))
    assert dict(zip(errors["row"], errors["reason"])) == dict(
        zip(whole_errors["row"], whole_errors["reason"])
    )
    first_piece_of = {}
    for k, (_, table) in enumerate(pieces):  # each visit in one piece only
        for visit in set(table["visit_id"].dropna().str.strip()):
            assert first_piece_of.setdefault(visit, k) == k


ODD_IDS = [1001, 1001.0, 1001.5, -0.0, 1e20, float("inf"), float("nan"), " A ", "A", "", None]


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([1001, 7, 1001, -3], dtype="int64"),
        pd.Series([1001, None, 7], dtype="Int64"),
        pd.Series([2**64 - 1, 5], dtype="uint64"),
        pd.Series([1001.0, 1001.5, -0.0, 1e20, float("inf"), float("nan"), 7.0]),
        pd.Series([" A ", "A", "", None, "B"], dtype=object),
        pd.Series([" A ", "A", "", None, "B"], dtype="str"),
        pd.Series([1001, 1001.5, 7, None]).astype("category"),
        pd.Series([" A ", "A", "", None]).astype("category"),
        pd.Series([True, False]),
        pd.Series(ODD_IDS, dtype=object),  # mixed: read value by value
    ],
    ids=[
        "int",
        "Int64",
        "uint64",
        "float",
        "object",
        "str",
        "cat-num",
        "cat-text",
        "bool",
        "mixed",
    ],
)
def test_visit_ids_of_every_kind_read_as_parse_visit_id_reads_them_one_by_one(column):
    from toolkit.audit.visit_log import _read_column, parse_visit_id

    read = _read_column(column, "visit_id")
    expected = [
        None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else parse_visit_id(v)
        for v in column.astype(object)
    ]
    expected = [None if e == "" else e for e in expected]
    got = [None if pd.isna(v) else str(v) for v in pd.Series(read.values).astype(object)]
    assert list(read.bad) == [e is None for e in expected]
    assert [g for g, b in zip(got, read.bad) if not b] == [e for e in expected if e is not None]
