"""The day-sheet audit view and lesson 10: findings with sources, a method switch, clean notebook."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from toolkit.audit.visit_log import read_visit_log
from toolkit.audit.visits import audit_visits
from toolkit.widgets import audit_view

ROOT = Path(__file__).resolve().parents[2]
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


def test_lesson_10_is_one_of_the_generated_lessons():
    """Generation, hygiene and the nbval run of lesson 10 live in tests/test_notebooks.py."""
    from toolkit.course.lessons import LESSONS

    assert "10_audit_a_day_sheet" in LESSONS and LESSON.exists()
    nb = nbformat.read(LESSON, as_version=4)
    assert any("audit_view" in c.source for c in nb.cells if c.cell_type == "code")


def test_a_sheet_without_modifiers_shows_the_checks_not_run(tmp_path):
    path = tmp_path / "sheet.csv"
    pd.DataFrame(
        {
            "visit_id": ["A", "A"],
            "date": ["2026-03-02"] * 2,
            "code": ["97530", "97110"],
            "minutes": [38, 10],
            "billed_units": [2, 1],
            "furnished_by": ["PT", "PT"],
        }
    ).to_csv(path, index=False)
    view = audit_view.show(path)
    assert "Checks not run" in view.not_checked.value
    assert "the log has no modifiers column" in view.not_checked.value
    assert "therapy-modifier-required" not in set(view.result.findings["rule"])


def test_the_day_sheet_has_every_column_so_every_check_runs():
    view = audit_view.show()
    assert view.result.not_checked == () and view.not_checked.value == ""


def test_the_chart_labels_each_bar_with_the_rules_title():
    from toolkit.audit.report import rule_label

    view = audit_view.show()
    chart = view.chart.value
    for rule_id in set(view.result.findings["rule"]):
        assert f'data-rule="{rule_id}">' in chart
        assert f">{audit_view.common.esc(rule_label(rule_id))}</text>" in chart
        assert f">{rule_id}</text>" not in chart


def test_the_rules_table_counts_findings_by_rule_title_with_its_source():
    from toolkit.reference import rules

    view = audit_view.show()
    table = audit_view.rules_table(view.result).value
    counted = view.result.by_rule()
    assert table.count("<tr>") == len(counted) + 1
    for item in counted.itertuples():
        assert audit_view.common.esc(rules()[item.rule].title) in table
        assert f"<td>{item.count}</td>" in table


def test_the_result_is_a_trait_and_the_view_renders_the_result_it_holds(tmp_path):
    view = audit_view.show()
    seen = []
    view.observe(lambda change: seen.append(change["new"].method), names="result")
    view.method.value = "ama"
    assert seen == ["ama"] and view.result.method == "ama"
    path = tmp_path / "one.csv"
    pd.DataFrame(
        {
            "visit_id": ["Z9"],
            "date": ["2026-03-02"],
            "code": ["97530"],
            "minutes": [38],
            "billed_units": [9],
            "modifiers": ["GP"],
            "furnished_by": ["PT"],
        }
    ).to_csv(path, index=False)
    other = audit_visits(read_visit_log(path), method="cms")
    view.set_trait("result", other)  # a result from elsewhere: every part shows it
    assert "1 rows," in view.summary.value and "Z9" in view.findings.value
    assert "P004" not in view.sheet.value


def test_a_file_that_cannot_be_read_says_why_in_a_trait(tmp_path):
    path = tmp_path / "sheet.csv"
    pd.DataFrame({"visit": ["A"], "code": ["97530"]}).to_csv(path, index=False)
    view = audit_view.show(path)
    assert isinstance(view, audit_view.NotAudited) and "no column" in view.problem


def test_the_method_is_keyword_only():
    with pytest.raises(TypeError):
        audit_view.show(None, "ama")
    assert audit_view.show(method="ama").result.method == "ama"


def test_without_pandas_lesson_10_says_in_one_line_where_logs_are_audited():
    """The browser version (Pyodide from PyPI) has no pandas: every code cell of lesson 10
    runs without a traceback, and the audit's place shows one plain line instead."""
    notebook = Path(__file__).resolve().parents[2] / "notebooks" / "10_audit_a_day_sheet.ipynb"
    script = (
        "import sys, json\n"
        "sys.modules['pandas'] = None  # import pandas fails, as in the browser\n"
        "cells = [c for c in json.load(open(sys.argv[1]))['cells'] if c['cell_type'] == 'code']\n"
        "scope = {}\n"
        "for cell in cells:\n"
        "    exec(''.join(cell['source']), scope)\n"
        "print(scope['view'].problem)\n"
        "print('pandas' in sys.modules and sys.modules['pandas'] is not None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(notebook)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    problem, pandas_loaded = done.stdout.strip().splitlines()[-2:]
    assert problem == audit_view.NO_AUDIT_HERE and "\n" not in audit_view.NO_AUDIT_HERE
    assert pandas_loaded == "False"
