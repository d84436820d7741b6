"""The audit as a reviewer reads it: a CSV of every finding and unreadable row, and an HTML page
with a chart of findings by rule (inline SVG, no plotting library) and the tables.

Everything from the log is escaped: a visit log is data typed by people, not markup.
"""

from __future__ import annotations

import io
import shutil
import tempfile

import pandas as pd

from toolkit.audit.visits import REPORT_COLUMNS
from toolkit.files.spreadsheet_csv import write_csv
from toolkit.markup import esc

COLORS = {"error": "#b3261e", "warning": "#8a5a00", "info": "#0b5cad"}
HTML_ROW_LIMIT = 500  # the page stays light; the CSV report has every row


def report_csv_text(result) -> str:
    """The report as CSV text, through the toolkit's one spreadsheet-safe CSV writer
    (`toolkit.files.spreadsheet_csv`: Arrow's writer, a formula in a cell made text).

    Each part (checks not run, findings, rows not read) is written on its own, so a blank cell
    reads the same whether or not the other parts are there (`ReportWriter` writes in pieces).

    Raises:
        Nothing of its own: it reads an `AuditResult` the audit has already checked."""
    out = io.StringIO()
    writer = ReportWriter(out)
    writer.add(result)
    writer.finish()
    return out.getvalue()


class ReportWriter:
    """The CSV report written piece by piece as a log is audited in pieces: the checks not run
    and each piece's findings at once; the unreadable rows wait in a temporary file and go
    last, so the report reads exactly as `report_csv_text` of the whole audit.

    Raises:
        OSError: the handle (or the temporary file) cannot be written."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.spill = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self.first = True  # the first piece: it says which checks were not run
        self.header = True  # the header goes on the first part written

    def add(self, result) -> None:
        for part in ("not checked", "findings") if self.first else ("findings",):
            frame = result.report((part,))
            if len(frame):
                write_csv(frame, self.handle, header=self.header)
                self.header = False
        self.first = False
        if result.n_errors:
            write_csv(result.report(("not read",)), self.spill, header=False)

    def finish(self) -> None:
        if self.header:
            write_csv(pd.DataFrame(columns=REPORT_COLUMNS), self.handle)
        self.spill.seek(0)
        shutil.copyfileobj(self.spill, self.handle)
        self.spill.close()


def rule_label(rule_id: str, room: int = 44) -> str:
    """A rule as a reader knows it: the start of its title (cut at a word), not its id."""
    from toolkit.reference import rules

    found = rules().get(rule_id)
    title = found.title if found else rule_id
    if len(title) <= room:
        return title
    return title[: title.rfind(" ", 0, room - 1)].rstrip(",;:") + "…"


def findings_chart_svg(result, *, width: int = 720) -> str:
    """One bar per rule and severity, longest first, the count written beside it. Bars are
    labelled with the rule's title (whole on hover and in the description), not its id.

    Raises:
        Nothing of its own: it reads an `AuditResult` the audit has already checked."""
    from toolkit.reference import rules

    def title(rule_id: str) -> str:
        return rules()[rule_id].title if rule_id in rules() else rule_id

    counted = result.by_rule()
    label_w, row_h, top = 300, 24, 30
    height = top + row_h * max(len(counted), 1) + 12
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img"'
        ' aria-labelledby="audit-chart-title audit-chart-desc" class="cpt-audit-chart">',
        '<title id="audit-chart-title">Findings by rule</title>',
        f'<desc id="audit-chart-desc">{esc("; ".join(f"{title(r.rule)} ({r.severity}): {r.count}" for r in counted.itertuples()) or "No findings")}</desc>',
    ]
    if counted.empty:
        parts.append(
            f'<text x="4" y="{top}" font-size="14">No findings: every audited line is consistent.</text>'
        )
    most = int(counted["count"].max()) if len(counted) else 1
    bar_w = width - label_w - 80
    for i, item in enumerate(counted.itertuples()):
        y = top + i * row_h
        length = max(bar_w * item.count / most, 2)
        parts.append(
            f'<text x="4" y="{y + 15}" font-size="12" data-rule="{esc(item.rule)}">'
            f"<title>{esc(title(item.rule))}</title>{esc(rule_label(item.rule))}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row_h - 8}"'
            f' fill="{COLORS.get(item.severity, "#555")}" rx="2"><title>{esc(item.severity)}</title></rect>'
        )
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 15}" font-size="12">'
            f"{item.count:,} {esc(item.severity)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def table_html(
    frame, columns: list[str], caption: str, limit: int = HTML_ROW_LIMIT, total: int | None = None
) -> str:
    """The first `limit` rows of `frame`; `total`: the rows there are in all (a log audited in
    pieces keeps only the first ones)."""
    total = len(frame) if total is None else total
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc('' if _blank(v) else v)}</td>" for v in row) + "</tr>"
        for row in frame[columns].head(limit).itertuples(index=False)
    )
    more = (
        f"<p>{total - limit:,} more rows are in the CSV report (-o).</p>" if total > limit else ""
    )
    return (
        f'<table class="cpt-table"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>{more}"
    )


def _blank(value: object) -> bool:
    """None, NaN or NA (an empty cell)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def not_checked_html(result) -> str:
    """The checks not run and why (a column the log does not have), or nothing."""
    items = "".join(f"<li>{esc(text)}</li>" for text in result.not_checked_text())
    return f'<h2>Checks not run</h2><ul class="cpt-not-checked">{items}</ul>' if items else ""


def report_html(result, *, title: str = "Visit-log audit") -> str:
    """The audit as one HTML page: counts, the checks not run, the chart, findings and the
    rows not read (each table cut at `HTML_ROW_LIMIT` rows, the total said).

    Raises:
        Nothing of its own: it reads an `AuditResult` the audit has already checked."""
    counts = result.counts()
    summary = "".join(f"<li>{esc(k)}: {v:,}</li>" for k, v in counts.items())
    skipped = not_checked_html(result)
    findings = table_html(
        result.findings,
        ["row", "visit_id", "date", "line", "code", "severity", "rule", "message", "source"],
        "Findings (row = row in the file)",
        total=result.n_findings,
    )
    errors = (
        table_html(
            result.errors,
            ["row", "visit_id", "code", "minutes", "reason"],
            "Rows that could not be read (not audited)",
            total=result.n_errors,
        )
        if result.n_errors
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>body{{font-family:sans-serif;margin:24px;max-width:1200px}}
table.cpt-table{{border-collapse:collapse;margin:12px 0}}
table.cpt-table th,table.cpt-table td{{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top;font-size:13px}}
table.cpt-table caption{{text-align:left;font-weight:bold;padding:4px 0}}</style></head>
<body><h1>{esc(title)}</h1>
<p>Method: {esc(result.method_label)}. Each finding names its rule and the rule's source.</p>
<ul>{summary}</ul>
{skipped}
<h2>Findings by rule</h2>{findings_chart_svg(result)}
{findings}
{errors}
</body></html>
"""
