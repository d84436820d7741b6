"""Co-treatment on a claim: one shared block, two or more disciplines, minutes counted once.

A PT and an OT (or SLP) treating one patient at the same time may split the block's units
between them, each on a line with their own plan-of-care modifier; together they bill no
more than the one block supports (CMS Part B billing scenarios). On a claim that shows as
the same timed code on two or more lines whose time blocks overlap, with GP/GO/GN of
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
    """code -> (lines, {discipline: minutes}, combined span or None) for each co-treated block.

    The lines of a code whose blocks overlap, one after another, make a group; a group of two
    or more lines, each of its own discipline, is a co-treated block. A code with a line of
    the same discipline twice in the group (or look-alikes) falls back to the ordinary
    one-service-per-15-minutes check."""
    by_code: dict[str, list] = {}
    for n, line in lines:
        if codes()[line.code].timed and _discipline(line):
            by_code.setdefault(line.code, []).append((n, line))
    shared = {}
    for code, found in by_code.items():
        group = [found[0]]
        for n, line in found[1:]:
            if any(line.block.overlaps(other.block) for _, other in group):
                group.append((n, line))
        disciplines = [_discipline(line) for _, line in group]
        if len(group) >= 2 and len(set(disciplines)) == len(disciplines):
            shared[code] = (
                tuple(n for n, _ in group),
                {d: line.minutes for d, (_, line) in zip(disciplines, group)},
                _treated_span(group),
            )
    return shared
