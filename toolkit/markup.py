"""Escaping for the HTML the toolkit writes: one `esc` for the widgets, the audit report and the
gradebook page.

Its own module so the audit (and anything without ipywidgets) can use it without importing the
widgets. Everything typed by people (a learner's answer, a cell of a visit log) is text, never
markup, so every value that reaches a page goes through `esc`.
"""

from __future__ import annotations

import html


def esc(value: object) -> str:
    """`value` as text safe inside HTML, quotes included (for attributes); None is blank.

    Why blank: a missing value shows as an empty cell, never as the word "None"."""
    return html.escape("" if value is None else str(value), quote=True)
