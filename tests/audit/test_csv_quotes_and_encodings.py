"""Every line of a CSV log is audited, listed as unreadable, or the file is refused with the row
to fix: an unclosed quote never swallows lines silently (a 1,000,000-line file built here);
a log that is not UTF-8 is named from its bytes."""

import io
import random

import pandas as pd
import pytest

from toolkit.audit import row_limits
from toolkit.audit.row_limits import check_csv_rows
from toolkit.audit.visit_log import read_visit_log
from toolkit.audit.visits import audit_in_chunks, audit_visits
from toolkit.cli import main
from toolkit.errors import BillingInputError

HEADER = "visit_id,date,code,minutes,modifiers\n"
MILLION = 1_000_000


def _good_lines(n: int, first: int = 0) -> str:
    return "".join(f"W{i},2026-03-02,97530,38,GP\n" for i in range(first, first + n))


def test_a_quote_that_never_closes_before_a_million_lines_is_refused_with_its_row(tmp_path, capsys):
    log = tmp_path / "log.csv"
    log.write_text(
        HEADER
        + "V0,2026-03-02,97530,38,GP\n"
        + 'V1,2026-03-02,97530,38,"GP\n'
        + _good_lines(MILLION)
    )
    assert main(["audit", str(log), "-o", str(tmp_path / "report.csv")]) == 2
    err = capsys.readouterr().err
    assert "row 3 opens a quoted value" in err and err.count("\n") == 1
    assert not (tmp_path / "report.csv").exists()


def test_a_quote_closed_a_thousand_lines_below_is_refused_with_the_row_it_opens():
    text = HEADER + _good_lines(10) + 'V1,2026-03-02,97530,38,"GP\n' + _good_lines(1000, 10)
    text += 'V2,2026-03-02,97530,38,GP"\n' + _good_lines(10, 2000)
    with pytest.raises(BillingInputError, match="row 12 opens a quoted value"):
        _scan(text)


def _scan(text: str, chunk: int | None = None):
    from pathlib import Path
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        before = row_limits.CHUNK_BYTES
        row_limits.CHUNK_BYTES = chunk or before
        try:
            return check_csv_rows(path)
        finally:
            row_limits.CHUNK_BYTES = before


CELLS = ["a", "", '"q"', '"a,b"', '"x\ny"', '"x""y"', '5"9', '"q"r', '"x\r\ny"', "z"]


@pytest.mark.parametrize("seed", range(4))
def test_rows_are_counted_as_a_csv_reader_counts_them_whatever_the_piece_size(seed):
    """Quoted commas and line breaks, doubled quotes, a quote inside a plain cell, blank lines,
    LF, CR LF and CR line ends: the count is pandas' own careful reader's."""
    rng = random.Random(seed)
    for _ in range(300):
        end = rng.choice(["\n", "\r\n", "\r"])
        rows = [",".join(rng.choice(CELLS) for _ in range(3)) for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.2:
            rows.insert(rng.randint(0, len(rows)), "")
        text = "h1,h2,h3" + end + end.join(rows) + (end if rng.random() < 0.5 else "")
        expected = len(
            pd.read_csv(io.StringIO(text, newline=""), dtype=str, skip_blank_lines=False)
        )
        assert _scan(text, rng.choice([1, 2, 3, 7, 1 << 20])).rows == expected, repr(text)


def _shuffled_log_with_quotes(n: int) -> tuple[str, int]:
    """n lines not grouped by visit (so the audit reads the file whole), with quoted commas,
    doubled quotes and line breaks inside quoted values; a few rows that cannot be read."""
    parts = [HEADER.replace("modifiers", "modifiers,note")]
    for i in range(n):
        visit = i % 50_000  # visit 0 on lines 1, 50,001, ...: not grouped
        note = '"a note, with ""quotes""\non two lines"' if i % 97 == 0 else "plain"
        minutes = "ten" if i % 10_007 == 0 else "20"
        parts.append(f"V{visit},2026-03-02,97110,{minutes},GP,{note}\n")
    return "".join(parts), n


def test_a_million_lines_read_whole_are_all_accounted_for(tmp_path):
    text, lines_in = _shuffled_log_with_quotes(MILLION)
    log = tmp_path / "log.csv"
    log.write_text(text)
    from toolkit.audit.visit_log import read_visit_log_chunks
    from toolkit.audit.visits import NotGroupedByVisit

    with pytest.raises(NotGroupedByVisit):  # the fallback: the file read whole
        audit_in_chunks(read_visit_log_chunks(log))
    result = audit_visits(read_visit_log(log))
    assert result.n_rows == lines_in
    assert result.n_lines + result.n_errors == lines_in  # every line audited or listed
    assert sorted(result.lines["row"].tolist() + result.errors["row"].tolist()) == list(
        range(2, lines_in + 2)
    )
    assert result.n_errors > 0


def test_a_reader_that_loses_rows_is_never_believed(tmp_path, monkeypatch, capsys):
    """The last guard: whatever a reader returns is checked against the rows counted."""
    import toolkit.audit.visit_log as visit_log

    log = tmp_path / "log.csv"
    log.write_text(HEADER + _good_lines(100))
    real = visit_log._read_csv
    monkeypatch.setattr(visit_log, "_read_csv", lambda *a, **k: real(*a, **k).iloc[:-3])
    with pytest.raises(BillingInputError, match="returned 97 rows where the file has 100"):
        read_visit_log(log)
    assert main(["audit", str(log)]) == 2  # in pieces, then whole: refused either way
    assert "returned 97 rows where the file has 100" in capsys.readouterr().err


# --- a log that is not UTF-8 ---------------------------------------------------------------

TEXT = "visit_id,date,code,minutes,furnished_by\nV1,2026-03-02,97530,38,PT\n"


@pytest.mark.parametrize(
    "data, named",
    [
        (TEXT.encode("utf-16"), "UTF-16"),  # with its byte-order mark
        (TEXT.encode("utf-16-le"), "UTF-16"),  # without one
        (TEXT.encode("utf-16-be"), "UTF-16"),
        (TEXT.encode("utf-32"), "UTF-32"),
        ((TEXT + "V2,2026-03-02,97530,38,Müller\n").encode("latin-1"), "Latin-1"),
        ((TEXT + "V2,2026-03-02,97530,38,理学療法士\n").encode("shift_jis"), "Shift-JIS"),
        ((TEXT * 40_000 + "V3,2026-03-02,97530,38,Zoé\n").encode("cp1252"), "Latin-1"),
    ],
    ids=["utf16-bom", "utf16le", "utf16be", "utf32", "latin1", "shift-jis", "latin1-far-down"],
)
def test_a_log_not_in_utf8_is_named_from_its_bytes(tmp_path, capsys, data, named):
    log = tmp_path / "log.csv"
    log.write_bytes(data)
    assert main(["audit", str(log)]) == 2
    err = capsys.readouterr().err
    assert f"it looks like {named}" in err and 'save it as "CSV UTF-8"' in err, err
    assert "no column" not in err and err.count("\n") == 1


def test_the_line_of_the_first_byte_that_is_not_utf8_is_named(tmp_path):
    log = tmp_path / "log.csv"
    log.write_bytes((TEXT * 3).encode() + "V9,2026-03-02,97530,38,Zoé\n".encode("latin-1"))
    with pytest.raises(BillingInputError, match=r"line 7 has the byte 0xE9"):
        read_visit_log(log)


def test_utf8_with_a_byte_order_mark_or_a_character_across_pieces_is_read(tmp_path):
    log = tmp_path / "log.csv"
    log.write_bytes(b"\xef\xbb\xbf" + (TEXT + "V2,2026-03-02,97530,38,Zoé\n").encode())
    before = row_limits.CHUNK_BYTES
    row_limits.CHUNK_BYTES = 1  # every character cut in two
    try:
        assert len(read_visit_log(log)) == 2
    finally:
        row_limits.CHUNK_BYTES = before


RAGGED_HEADER = "visit_id,date,code,minutes,billed_units,modifiers,furnished_by,payer\n"
GOOD_LINE = "P{i},2026-03-02,97530,38,3,GP,PT,medicare\n"


@pytest.mark.parametrize(
    ("bad", "values"),
    [
        ("P2,2026-03-02\n", "2 values"),
        ("P2,2026-03-02,97530,38,3,GP,PT,medicare,x,y\n", "10 values"),
    ],
)
@pytest.mark.parametrize("good_after", [1, 3000])
def test_a_row_with_too_few_or_too_many_values_is_named_by_its_row(
    tmp_path, capsys, bad, values, good_after
):
    """The reader's own words were 'CSV parse error: Expected 8 columns, got 2', no row."""
    log = tmp_path / "ragged.csv"
    lines = [GOOD_LINE.format(i=i) for i in range(3)] + [bad]
    log.write_text(
        RAGGED_HEADER + "".join(lines + [GOOD_LINE.format(i=i) for i in range(good_after)])
    )
    assert main(["audit", str(log)]) == 2
    err = capsys.readouterr().err
    assert f"row 5 has {values} but the header has 8 columns" in err
    assert "parse error" not in err and "Expected" not in err


def test_an_empty_file_is_called_empty(tmp_path, capsys):
    log = tmp_path / "empty.csv"
    log.write_bytes(b"")
    assert main(["audit", str(log)]) == 2
    err = capsys.readouterr().err
    assert "the file is empty" in err and "No columns" not in err
