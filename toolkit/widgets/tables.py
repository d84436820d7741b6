"""Read-only views for the lessons: reference tables, worked examples, misconception boxes.

Each function returns an HTML widget (so it shows the same in JupyterLab and Voila) and
keeps what it showed on the widget (`.rows`, `.results`) so a lesson can assert on it.
"""

from __future__ import annotations

import ipywidgets as widgets

from toolkit.lessons.misconceptions import MISCONCEPTIONS
from toolkit.reference import codes, rule
from toolkit.units import bill_units, minutes_row
from toolkit.widgets import common

CMS_WORKED_EXAMPLES = (
    {"97530": 60},
    {"97112": 24, "97110": 23},
    {"97110": 18, "97140": 13, "97116": 10, "97035": 8},
    {"97530": 8, "97110": 8, "97140": 8},
)


def _view(html: str, css: str) -> widgets.HTML:
    view = widgets.HTML(value=html)
    view.add_class(css)
    return view


def misconception(key: str) -> widgets.HTML:
    item = MISCONCEPTIONS[key]
    view = _view(common.misconception_html(item.often_said, item.sources_say, item.rule_ids),
                 "cpt-misconception")
    view.item = item
    return view


def all_misconceptions() -> widgets.VBox:
    boxes = [misconception(key) for key in MISCONCEPTIONS]
    view = widgets.VBox(boxes)
    view.add_class("cpt-misconceptions")
    view.items = [b.item for b in boxes]
    return view


def rule_box(rule_id: str) -> widgets.HTML:
    """One rule in words with its source (UNVERIFIED label where it applies)."""
    found = rule(rule_id)
    kind = "warn" if found.confidence == "unverified" else "info"
    return _view(common.box(f"{common.esc(found.title)}.<br>{common.source_html(rule_id)}", kind),
                 "cpt-rule")


def timed_codes_table() -> widgets.HTML:
    rows = [(c.code, "timed (each 15 min)" if c.timed else "untimed (1 a day)", c.kind, c.description)
            for c in codes().values()]
    rows.sort(key=lambda r: (r[1], r[0]))
    view = _view(common.html_table(["Code", "Counted", "Kind", "What it is"], rows,
                                   "Timed and untimed codes in this course")
                 + common.source_html("timed-vs-untimed"), "cpt-table-view")
    view.rows = rows
    return view


def cms_unit_table(most_units: int = 8) -> widgets.HTML:
    rows = [(n, minutes_row(n)) for n in range(most_units + 1)]
    view = _view(common.html_table(["Units", "Total timed minutes in the day"], rows,
                                   "The CMS 8-minute rule table (the pattern continues)")
                 + common.source_html("cms-unit-table"), "cpt-table-view")
    view.rows = rows
    return view


def cms_worked_examples() -> widgets.HTML:
    """The CMS manual's worked examples (and the 3 x 8 minutes case) run through the engine."""
    results = [bill_units(minutes, "cms") for minutes in CMS_WORKED_EXAMPLES]
    per_code = [bill_units(minutes, "ama") for minutes in CMS_WORKED_EXAMPLES]
    rows = [
        (" + ".join(f"{c} {m} min" for c, m in r.minutes.items()), r.timed_minutes,
         ", ".join(f"{c}: {n}" for c, n in r.units.items()), r.total_units, a.total_units)
        for r, a in zip(results, per_code)
    ]
    view = _view(common.html_table(
        ["Codes and minutes", "Timed minutes", "CMS units per code", "CMS total", "Per-code total"],
        rows, "Worked examples, as the rules engine counts them")
        + common.source_html("cms-leftover-allocation") + "<br>"
        + common.source_html("ama-per-code"), "cpt-table-view")
    view.rows, view.results, view.per_code = rows, results, per_code
    return view
