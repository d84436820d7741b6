"""The day-sheet audit view and lesson 10: findings with sources, a method switch, clean notebook."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd

from toolkit.widgets import audit_view

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "10_audit_a_day_sheet.ipynb"


def test_the_day_sheet_findings_show_each_rule_source():
    view = audit_view.show()
    html = view.findings.value
    found = view.result.findings
    assert len(found) > 0 and html.count("<tr>") == len(found) + 1
    for citation in set(found["source"]):
        assert audit_view.common.esc(citation) in html
    assert "UNVERIFIED" in html  # therapy-modifier-list-97530 is labelled, not dressed up as a rule
    assert "97350 is not a code" in view.errors.value and "<td>22</td>" in view.errors.value


def test_switching_to_per_code_counting_re_audits_at_once():
    view = audit_view.show()
    p004 = view.result.lines[view.result.lines["visit_id"] == "P004"]
    assert list(p004["expected_units"]) == [1, 1, 0]  # 24 pooled minutes: 2 units
    view.method.value = "ama"
    p004 = view.result.lines[view.result.lines["visit_id"] == "P004"]
    assert list(p004["expected_units"]) == [1, 1, 1] and view.result.method == "ama"
    assert "average-15-per-unit" in set(view.result.findings["rule"])  # Medicare counted per code
    assert "whole visit" in view.findings.value


def test_a_file_that_cannot_be_read_shows_one_message(tmp_path):
    path = tmp_path / "sheet.csv"
    pd.DataFrame({"visit": ["A"], "code": ["97530"]}).to_csv(path, index=False)
    view = audit_view.show(path)
    assert view.result is None and "no column" in view.value and "Traceback" not in view.value


def test_lesson_10_is_generated_clean_and_hidden():
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_audit_notebook.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    nb = nbformat.read(LESSON, as_version=4)
    assert "widgets" not in nb.metadata and nb.cells[0].source.startswith("# Lesson 10")
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None
        assert 1 <= len(cell.source.splitlines()) <= 2
        assert cell.metadata["jupyter"]["source_hidden"] is True and "hide-input" in cell.metadata["tags"]
    assert any("assert " in c.source for c in code)


def test_lesson_10_runs_top_to_bottom(tmp_path):
    env = dict(os.environ, CPT97530_HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
                          "--rootdir", str(ROOT), str(LESSON)], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=600)
    n_code = len([c for c in nbformat.read(LESSON, 4).cells if c.cell_type == "code"])
    assert run.returncode == 0 and f"{n_code} passed" in run.stdout, run.stdout[-3000:]
