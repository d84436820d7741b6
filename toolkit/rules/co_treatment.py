"""Co-treatment on a claim: one shared block, two or more disciplines, minutes counted once.

A PT and an OT (or SLP) treating one patient at the same time may split the block's units
between them, each on a line with their own plan-of-care modifier; together they bill no
more than the one block supports (CMS Part B billing scenarios). On a claim that shows as
timed lines (the same code or different codes) whose time blocks overlap, with GP/GO/GN of
different disciplines, furnished by clinicians of those disciplines. The patient had the
minutes once: blocks with clock times count their combined span (10:00-10:30 and
10:15-10:45 are 45 minutes; less any block minutes a line does not claim as treatment),
labelled blocks the longest of them.
"""

from __future__ import annotations

from toolkit.reference import codes, providers
from toolkit.rules.modifiers import PLAN_MODIFIERS, plan_modifiers


def _discipline(line) -> str | None:
    """The line's discipline when its modifier and its clinician agree (GP by a PT or PTA)."""
    plan = plan_modifiers(line)
    if len(plan) != 1 or not line.minutes or line.block is None:
        return None
    discipline = PLAN_MODIFIERS[plan[0]]
    return discipline if providers()[line.furnished_by]["discipline"] == discipline else None


def span_minutes(blocks) -> int | None:
    """Minutes covered by the union of clock-time blocks; None when one is a label."""
    if any(b.label is not None for b in blocks):
        return None
    intervals = sorted(i for b in blocks for i in b.intervals)
    total, end = 0, None
    for start, stop in intervals:
        if end is None or start >= end:
            total, end = total + stop - start, stop
        elif stop > end:
            total, end = total + stop - end, stop
    return total


def _treated_span(group) -> int | None:
    """The combined span less the minutes of the blocks that were not treatment (a line of 20
    minutes in a 30-minute block): never more than the patient can have had."""
    span = span_minutes([line.block for _, line in group])
    if span is None:
        return None
    slack = sum(max(line.block.minutes - line.minutes, 0) for _, line in group)
    return max(span - slack, 0)


def co_treated_blocks(lines) -> dict[str, tuple[tuple[int, ...], dict[str, int], int | None]]:
    """name -> (lines, {discipline: minutes}, combined span or None) for each co-treated block.

    Timed lines whose blocks overlap, directly or through one another, make a group; a group
    of two or more lines, each of its own discipline, is a co-treated block, whatever codes
    each discipline billed (CMS Part B: the same or different services). Its name is its codes
    joined by '/', '97530' or '97530/97535'. One discipline may have several lines in it when
    they follow one another (a PT hands over to a PTA while the OT treats on): its minutes are
    added. A group with two overlapping lines of one discipline falls back to the ordinary
    one-service-per-15-minutes check."""
    eligible = [(n, line) for n, line in lines if codes()[line.code].timed and _discipline(line)]
    groups: list[list] = []
    for n, line in eligible:
        touching = [g for g in groups if any(line.block.overlaps(o.block) for _, o in g)]
        merged = [(n, line)] + [item for g in touching for item in g]
        groups = [g for g in groups if g not in touching] + [sorted(merged, key=lambda i: i[0])]
    shared = {}
    for group in sorted(groups, key=lambda g: g[0][0]):
        disciplines = [_discipline(line) for _, line in group]
        if len(set(disciplines)) < 2 or _discipline_overlaps_itself(group):
            continue
        name = "/".join(dict.fromkeys(line.code for _, line in group))
        if name in shared:
            continue  # the same codes co-treated twice in a day: the first block only
        by_discipline: dict[str, int] = {}
        for d, (_, line) in zip(disciplines, group):
            by_discipline[d] = by_discipline.get(d, 0) + line.minutes
        shared[name] = (tuple(n for n, _ in group), by_discipline, _treated_span(group))
    return shared


def _discipline_overlaps_itself(group) -> bool:
    """Two lines of one discipline at the same time: not co-treatment, the same minutes twice."""
    return any(
        _discipline(a) == _discipline(b) and a.block.overlaps(b.block)
        for i, (_, a) in enumerate(group)
        for _, b in group[i + 1 :]
    )
