"""`cpt97530 audit`: summary, CSV and HTML reports written whole, one clear line for bad files."""

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
DAY_SHEET = ROOT / "examples" / "visit_logs" / "day_sheet.csv"

LOG = pd.DataFrame(
    {
        "visit_id": ["<script>alert(1)</script>", "<script>alert(1)</script>", "B", "C"],
        "date": ["2026-03-02"] * 4,
        "code": ["97530", "97110", "97530", "97999"],
        "minutes": [38, 10, 30, 15],
        "billed_units": [3, 1, 2, 1],
        "modifiers": ["GP", "GP", "", "GP"],
    }
)


def test_audit_writes_csv_and_html_reports(tmp_path, capsys):
    log = tmp_path / "log.csv"
    LOG.to_csv(log, index=False)
    report, page = tmp_path / "out" / "report.csv", tmp_path / "out" / "report.html"
    assert main(["audit", str(log), "-o", str(report), "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert "4 rows: 3 lines audited in 2 visits, 1 rows not readable." in out
    assert "row 5: 97999 is not a code" in out
    table = pd.read_csv(report, dtype=str, keep_default_na=False)
    found = set(zip(table["row"], table["rule"], table["severity"]))
    assert (
        "2",
        "doc-units-match-minutes",
        "error",
    ) in found  # 38 + 10 min: 97530 supports 2, billed 3
    assert ("4", "therapy-modifier-required", "error") in found
    assert ("5", "", "not read") in found
    assert all(table.loc[table["rule"] != "", "source"] != "")
    html = page.read_text()
    assert "<svg" in html and "Findings by rule" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert sorted(p.name for p in report.parent.iterdir()) == [
        "report.csv",
        "report.html",
    ]  # no temp files


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_audit_reads_excel_and_parquet(tmp_path, capsys, suffix):
    log = tmp_path / f"log{suffix}"
    (LOG.to_excel if suffix == ".xlsx" else LOG.to_parquet)(log, index=False)
    assert main(["audit", str(log)]) == 0
    assert "3 lines audited in 2 visits" in capsys.readouterr().out


def test_payer_method_counts_commercial_visits_per_code(tmp_path, capsys):
    log = tmp_path / "log.csv"
    pd.DataFrame(
        {
            "visit_id": ["A"] * 3,
            "date": ["2026-03-02"] * 3,
            "code": ["97530", "97110", "97140"],
            "minutes": [8, 8, 8],
            "billed_units": [1, 1, 1],
            "modifiers": ["GP"] * 3,
            "payer": ["commercial"] * 3,
        }
    ).to_csv(log, index=False)
    report = tmp_path / "r.csv"
    assert main(["audit", str(log), "--method", "payer", "-o", str(report)]) == 0
    assert "doc-units-match-minutes" not in report.read_text()  # per code: 1 unit each is right
    assert main(["audit", str(log), "--method", "cms", "-o", str(report)]) == 0
    assert "doc-units-match-minutes" in report.read_text()  # pooled: 24 min = 2 units


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("log.txt", "x", "must be a .csv, .xlsx or .parquet"),
        ("log.csv", "visit,code\nA,97530\n", "no column 'visit_id'"),
        ("log.xlsx", "not a workbook", "could not be read as Excel"),
        (
            "log.csv",
            "visit_id,date,code,minutes\nA,2026-03-02,97530,3,4\n",
            "row 2 has 5 values but the header has 4 columns",
        ),
    ],
)
def test_bad_files_get_one_line_and_exit_2(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_text(content)
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "audit", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and words in done.stderr and "Traceback" not in done.stderr


def test_the_lesson_day_sheet_audits_with_findings(capsys):
    assert main(["audit", str(DAY_SHEET)]) == 0
    out = capsys.readouterr().out
    assert "22 lines audited in 11 visits, 1 rows not readable" in out and "row 22: 97350" in out
    assert "doc-units-match-minutes" in out and "code-pair-edit" in out


def test_a_large_file_on_a_terminal_gets_a_progress_bar_on_stderr(tmp_path, capsys, monkeypatch):
    from toolkit.commands import audit as audit_command

    log = tmp_path / "log.csv"
    LOG.to_csv(log, index=False)
    assert main(["audit", str(log)]) == 0
    assert capsys.readouterr().err == ""  # small file, not a terminal: no bar
    monkeypatch.setattr(audit_command, "LARGE_FILE_BYTES", 1)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["audit", str(log)]) == 0
    captured = capsys.readouterr()
    assert "audit: 4/4" in captured.err and "audit: 4/4" not in captured.out


def test_a_log_without_modifiers_says_which_checks_were_not_run(tmp_path, capsys):
    log = tmp_path / "log.csv"
    LOG.drop(columns=["modifiers"]).to_csv(log, index=False)
    report, page = tmp_path / "report.csv", tmp_path / "report.html"
    assert main(["audit", str(log), "-o", str(report), "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert (
        "Not checked: the log has no modifiers column" in out and "therapy-modifier-required" in out
    )
    table = pd.read_csv(report, dtype=str, keep_default_na=False)
    skipped = table[table["severity"] == "not checked"]
    assert "therapy-modifier-required" in set(skipped["rule"])
    assert set(skipped["message"]) >= {"not checked: the log has no modifiers column"}
    assert set(skipped["row"]) == {""} and all(skipped["source"] != "")
    assert not (
        (table["rule"] == "therapy-modifier-required") & (table["severity"] != "not checked")
    ).any()
    assert "Checks not run" in page.read_text() and "no modifiers column" in page.read_text()


def _whole_report(path, method="cms"):
    from toolkit.audit.report import report_csv_text
    from toolkit.audit.visit_log import read_visit_log
    from toolkit.audit.visits import audit_visits

    return report_csv_text(audit_visits(read_visit_log(path), method=method))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_file_read_in_small_pieces_gives_the_whole_file_report(
    tmp_path, capsys, monkeypatch, suffix
):
    from toolkit.audit import visit_log

    log = pd.concat(
        [LOG.assign(visit_id=LOG["visit_id"] + str(i)) for i in range(40)], ignore_index=True
    )
    path = tmp_path / f"log{suffix}"
    (log.to_csv if suffix == ".csv" else log.to_parquet)(path, index=False)
    assert main(["audit", str(path)]) == 0
    whole_summary = capsys.readouterr().out
    monkeypatch.setattr(visit_log, "CHUNK_BYTES", 150)  # a few lines a piece
    monkeypatch.setattr(visit_log, "CHUNK_ROWS", 3)
    report = tmp_path / "report.csv"
    assert main(["audit", str(path), "-o", str(report)]) == 0
    out = capsys.readouterr().out
    assert report.read_text() == _whole_report(path)
    assert out.replace(f"Wrote {report}\n", "") == whole_summary and "Note:" not in out
    assert "40 rows not readable" in out


def test_a_log_not_grouped_by_visit_is_said_so_and_read_whole(tmp_path, capsys, monkeypatch):
    from toolkit.audit import visit_log

    log = pd.concat([LOG, LOG.iloc[[0]]], ignore_index=True)  # the first visit again at the end
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    monkeypatch.setattr(visit_log, "CHUNK_BYTES", 60)
    report = tmp_path / "report.csv"
    assert main(["audit", str(path), "-o", str(report)]) == 0
    out = capsys.readouterr().out
    assert "Note: the log is not grouped by visit" in out and "read whole" in out
    assert report.read_text() == _whole_report(path)
    assert [
        p.name for p in tmp_path.iterdir() if p.name.startswith(".")
    ] == []  # no temporary file left


def test_the_row_limit_still_applies_to_a_file_read_in_pieces(tmp_path, capsys):
    path = tmp_path / "log.csv"
    LOG.to_csv(path, index=False)
    assert main(["audit", str(path), "--max-rows", "3", "-o", str(tmp_path / "r.csv")]) == 2
    assert "at most 3 lines" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()


def _program(*args, cwd) -> subprocess.CompletedProcess:
    """`cpt97530 ...` as the real program (main() with no argv, as the entry point calls it)."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_the_program_ends_cleanly_after_pyarrow_with_everything_flushed(tmp_path):
    """A Parquet log (read by pyarrow), both reports: exit 0, the whole summary on stdout,
    nothing on stderr, and both files whole when the process has ended."""
    log = tmp_path / "log.parquet"
    sheet = pd.read_csv(DAY_SHEET, dtype=str)
    days = [sheet.assign(visit_id=sheet["visit_id"] + f"-{n}") for n in range(200)]
    pd.concat(days, ignore_index=True).to_parquet(log)
    done = _program("audit", log, "-o", "report.csv", "--html", "report.html", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[-1] == "Wrote report.html" and lines[-2] == "Wrote report.csv"

    def count(words: str) -> int:
        return int(re.search(rf"(\d[\d,]*) {words}", done.stdout).group(1).replace(",", ""))

    report = pd.read_csv(tmp_path / "report.csv", dtype=str)
    assert count("findings") > 0 and len(report) == count("findings") + count("rows not readable")
    assert (tmp_path / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_the_program_refusing_a_parquet_log_is_one_line_and_a_clean_exit(tmp_path):
    hostile = ROOT / "tests" / "fixtures" / "hostile" / "audit_struct_columns.parquet"
    done = _program("audit", hostile, "-o", "report.csv", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "holds groups of fields" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_csv_report_writes_formula_cells_as_text(tmp_path, capsys):
    """A visit_id or a cell of an unreadable row that a spreadsheet would run as a formula."""
    hostile = ['=HYPERLINK("http://x.example","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=2+2"]
    log = tmp_path / "log.csv"
    pd.DataFrame(
        {
            "visit_id": hostile,
            "date": ["2026-03-02"] * 4,
            "code": ["97530", "97530", "=1+1", "97530"],
            "minutes": ["38", "-2+3", "20", "30"],
            "billed_units": [9, 1, 1, 9],
        }
    ).to_csv(log, index=False)
    report = tmp_path / "report.csv"
    assert main(["audit", str(log), "-o", str(report)]) == 0
    capsys.readouterr()
    table = pd.read_csv(report, dtype=str, keep_default_na=False)
    assert set(table["visit_id"]) - {""} == {"'" + h.strip() for h in hostile}
    assert {"'=1+1", "'-2+3"} <= set(table["code"]) | set(table["minutes"])
    for name in table.columns:  # no cell of the report starts a formula
        assert not table[name].str.match(r"[\t\r ]*[=+\-@]").any(), name
