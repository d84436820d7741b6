"""Audit a day sheet in a lesson: the findings as a table with each rule's source, a chart of
findings by rule, the rows that could not be read, and the whole sheet with expected units.

`show()` audits the course's synthetic day sheet; `show(path)` any visit log. The view holds
no rule logic and reads no file itself: it calls `toolkit.audit.visit_log.read_visit_log` and
`toolkit.audit.visits.audit_visits`, keeps the result in its `result` trait and renders it.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import traitlets

from toolkit.course.shipped import day_sheet
from toolkit.errors import BillingInputError
from toolkit.widgets import common

METHOD_CHOICES = [
    ("CMS 8-minute rule (Medicare, pooled)", "cms"),
    ("Per code (AMA, many commercial payers)", "ama"),
]
# The browser version of the course (JupyterLite) has no pandas: the audit is not run there.
NO_AUDIT_HERE = (
    "This browser version of the course cannot audit a visit log: the desktop or hub version "
    "(make lab, or your educator's hub) audits whole logs, here and with `cpt97530 audit`."
)
SEVERITY_WORDS = {"error": "✗ Error", "warning": "! Check", "info": "i Note"}


def findings_table_html(result) -> str:
    """Every finding: where it is (row in the file, visit, line), what is wrong, and the source."""
    import pandas as pd

    if result.findings.empty:
        return common.box(
            "<strong>No findings: every audited line is consistent.</strong>", kind="ok"
        )
    lines = result.lines.set_index("row")
    rows = []
    for f in result.findings.itertuples():
        line = lines.loc[f.row]
        rows.append(
            [
                f.row,
                f.visit_id,
                "whole visit" if pd.isna(f.line) else f.line,
                f.code,
                line["minutes"],
                line["billed_units"],
                line["expected_units"],
                SEVERITY_WORDS[f.severity],
                f.message,
                common.source_html(f.rule),
            ]
        )
    return common.html_table(
        [
            "Row",
            "Visit",
            "Line",
            "Code",
            "Minutes",
            "Billed",
            "Expected",
            "Finding",
            "What is wrong",
            "Rule and source",
        ],
        rows=rows,
        caption="Findings (row = the row number in the file)",
        raw_columns=(9,),
    )


def errors_table_html(result) -> str:
    """The rows that could not be read, each with why (nothing is dropped silently)."""
    if result.errors.empty:
        return common.box("Every row of the sheet could be read.", kind="ok")
    rows = [[e.row, e.visit_id, e.code, e.minutes, e.reason] for e in result.errors.itertuples()]
    return common.html_table(
        ["Row", "Visit", "Code", "Minutes", "Why it was not audited"],
        rows=rows,
        caption="Rows that could not be read (fix them, then audit again)",
    )


def sheet_table_html(result) -> str:
    """The whole sheet as audited: billed units beside the units the minutes support."""
    import pandas as pd

    rows = [
        [
            r.row,
            r.visit_id,
            r.line,
            r.code,
            r.minutes,
            r.modifiers,
            r.furnished_by,
            "" if pd.isna(r.billed_units) else r.billed_units,
            r.expected_units,
            r.findings or "✓",
        ]
        for r in result.lines.itertuples()
    ]
    return common.html_table(
        [
            "Row",
            "Visit",
            "Line",
            "Code",
            "Minutes",
            "Modifiers",
            "Furnished by",
            "Billed",
            "Expected",
            "Findings (rule ids)",
        ],
        rows=rows,
        caption="The day sheet, line by line",
    )


class AuditView(widgets.VBox):
    """A day sheet audited, with a method switch that re-audits at once.

    `result` (a trait) is the audit of the log by the chosen method; every part of the view
    is rendered from it."""

    result = traitlets.Instance("toolkit.audit.visits.AuditResult", allow_none=True, read_only=True)

    def __init__(self, path: str | Path | None = None, *, method: str = "cms") -> None:
        """`path`: a visit log, default the course's day sheet (`day_sheet()`).

        Raises:
            BillingInputError: the file cannot be read as a visit log, or no course is
                installed to take the day sheet from (`show` says why instead).
        """
        from toolkit.audit.visit_log import read_visit_log

        self.path = Path(day_sheet() if path is None else path)
        self.table = read_visit_log(self.path)
        self.method = widgets.ToggleButtons(
            options=METHOD_CHOICES,
            value=method,
            description="Count units by:",
            style={"description_width": "initial"},
        )
        self.summary = widgets.HTML()
        self.not_checked = widgets.HTML()  # checks a missing column switched off, and why
        self.chart = widgets.HTML()
        self.findings = widgets.HTML()
        self.errors = widgets.HTML()
        self.sheet = widgets.HTML()
        whole_sheet = widgets.Accordion(
            children=[self.sheet], titles=("The whole sheet, with expected units",)
        )
        whole_sheet.add_class("cpt-accordion")  # its title in a readable grey (common.STYLE)
        super().__init__(
            [
                self.method,
                self.summary,
                self.not_checked,
                self.chart,
                self.findings,
                self.errors,
                whole_sheet,
            ]
        )
        self.add_class("cpt-audit-view")
        self.method.observe(lambda change: self.audit(), names="value")
        self.audit()

    def audit(self) -> None:
        """Audit the log by the chosen counting method (the view renders the result)."""
        from toolkit.audit.visits import audit_visits

        self.set_trait("result", audit_visits(self.table, method=self.method.value))

    @traitlets.observe("result")
    def _render(self, _change=None) -> None:
        from toolkit.audit.report import findings_chart_svg

        c = self.result.counts()
        self.summary.value = common.box(
            f"<strong>{common.esc(self.path.name)}</strong>: {c['rows']} rows,"
            f" {c['lines audited']} lines audited in {c['visits']} visits, {c['rows not readable']} row(s)"
            f" not readable. {c['findings']} findings: {c['error findings']} errors,"
            f" {c['warning findings']} to check, {c['info findings']} notes.",
            kind="info",
            title=f"Audit by the {self.result.method_label}",
        )
        skipped = self.result.not_checked_text()
        self.not_checked.value = (
            common.box(
                "<ul>" + "".join(f"<li>{common.esc(text)}</li>" for text in skipped) + "</ul>",
                kind="info",
                title="Checks not run",
            )
            if skipped
            else ""
        )
        self.chart.value = findings_chart_svg(self.result)
        self.findings.value = findings_table_html(self.result)
        self.errors.value = errors_table_html(self.result)
        self.sheet.value = sheet_table_html(self.result)


class NotAudited(widgets.HTML):
    """What shows instead of the audit when the file cannot be read: its one-line reason.
    `result` is None (no audit), `problem` the reason."""

    result = traitlets.Any(None, allow_none=True, read_only=True)
    problem = traitlets.Unicode(read_only=True)

    def __init__(self, problem: str):
        """`problem`: the one-line reason, shown as an alert."""
        super().__init__(
            common.box(
                f'<span class="cpt-msg" role="alert">{common.esc(problem)}</span>', kind="bad"
            )
        )
        self.set_trait("problem", problem)


def show(path: str | Path | None = None, *, method: str = "cms") -> AuditView | NotAudited:
    """The audit of a visit log (default the course's day sheet). Never raises on the file:
    one that cannot be read shows its one-line reason instead, and so does a Python without
    pandas (the browser version of the course)."""
    if not audit_runs_here():
        return NotAudited(NO_AUDIT_HERE)
    try:
        return AuditView(path, method=method)
    except BillingInputError as bad:
        return NotAudited(str(bad))


def audit_runs_here() -> bool:
    """False where pandas cannot be imported (Pyodide from PyPI, the browser version)."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def rules_table(result) -> widgets.HTML:
    """The findings counted by rule, each rule by its title and id, with severity and source.
    Never raises on an `AuditResult`; nothing (an empty view) for None, no audit."""
    from toolkit.reference import rules

    if result is None:
        return widgets.HTML("")

    known = rules()
    rows = [
        (known[r.rule].title if r.rule in known else r.rule, r.rule, r.severity, r.count, r.source)
        for r in result.by_rule().itertuples()
    ]
    view = widgets.HTML(
        common.html_table(
            ["Rule", "Rule id", "Severity", "Findings", "Source"],
            rows=rows,
            caption="Findings by rule",
        )
    )
    view.add_class("cpt-table-view")
    return view
