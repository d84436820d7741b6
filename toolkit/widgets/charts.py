"""A picture of minutes and units: one bar per code plus the day's timed total, as SVG.

Plain inline SVG (no plotting library), with a title and description so a screen reader
reads the same facts the bars show.
"""

from __future__ import annotations

from toolkit.markup import esc
from toolkit.reference import codes
from toolkit.rules.units import UnitResult, code_of

WIDTH, LABEL_W, ROW_H, TOP = 640, 150, 30, 26
COLORS = {"timed": "#2f6db5", "untimed": "#8c8c8c", "total": "#1a7f37"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def minutes_units_svg(result: UnitResult) -> str:
    """Bars of minutes per code and for the day, 15-minute grid, units written beside."""
    table = codes()
    rows = [
        (code, m, result.units[code], table[code_of(code)].timed)
        for code, m in result.minutes.items()
    ]
    day_units = result.timed_units
    rows.append(("Timed total", result.timed_minutes, day_units, None))
    longest = max([m for _, m, _, _ in rows] + [15])
    span = ((longest + 14) // 15) * 15
    bar_w = WIDTH - LABEL_W - 130
    scale = bar_w / span
    height = TOP + ROW_H * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="cpt-chart-title cpt-chart-desc" class="cpt-chart">'
    ]
    summary = "; ".join(f"{c}: {_plural(m, 'minute')}, {_plural(u, 'unit')}" for c, m, u, _ in rows)
    parts.append(
        f'<title id="cpt-chart-title">Minutes and units ({esc(result.method.upper())})</title>'
    )
    parts.append(f'<desc id="cpt-chart-desc">{esc(summary)}</desc>')
    for tick in range(0, span + 1, 15):
        x = LABEL_W + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 8}" '
            'stroke="#c8c8c8" stroke-dasharray="3,3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{TOP - 10}" font-size="11" text-anchor="middle" '
            f'fill="#444">{tick}</text>'
        )
    for i, (label, minutes, units, timed) in enumerate(rows):
        y = TOP + i * ROW_H
        color = COLORS["total" if timed is None else "timed" if timed else "untimed"]
        weight = "bold" if timed is None else "normal"
        parts.append(
            f'<text x="4" y="{y + 17}" font-size="13" font-weight="{weight}">{esc(label)}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{max(minutes * scale, 1):.1f}" '
            f'height="{ROW_H - 10}" fill="{color}" rx="3"/>'
        )
        note = "" if timed is not False else " (untimed)"
        parts.append(
            f'<text x="{LABEL_W + bar_w + 8}" y="{y + 17}" font-size="12">'
            f"{minutes} min → {_plural(units, 'unit')}{note}</text>"
        )
    parts.append("</svg>")
    caption = (
        '<div class="cpt-source">Grid lines every 15 minutes. Blue: timed code; '
        "grey: untimed code (1 unit, minutes only in total treatment time); "
        "green: the day's timed minutes.</div>"
    )
    return "".join(parts) + caption
