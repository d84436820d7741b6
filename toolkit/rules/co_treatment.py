"""Co-treatment on a claim: one shared block, two disciplines, minutes counted once.

A PT and an OT (or SLP) treating one patient at the same time may split the block's units
between them, each on a line with their own plan-of-care modifier; together they bill no
more than the one block supports (CMS Part B billing scenarios). On a claim that shows as
the same timed code on two lines, with overlapping time blocks, GP/GO/GN of different
disciplines, furnished by clinicians of those disciplines.
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


def co_treated_blocks(lines) -> dict[str, tuple[tuple[int, int], dict[str, int]]]:
    """code -> ((line, line), {discipline: minutes}) for each co-treated block on the claim.

    Only a code on exactly two lines qualifies, so a third line of the code (or a
    look-alike) falls back to the ordinary one-service-per-15-minutes check."""
    by_code: dict[str, list] = {}
    for n, line in lines:
        if codes()[line.code].timed:
            by_code.setdefault(line.code, []).append((n, line))
    shared = {}
    for code, found in by_code.items():
        if len(found) != 2:
            continue
        (na, a), (nb, b) = found
        da, db = _discipline(a), _discipline(b)
        if da and db and da != db and a.block.overlaps(b.block):
            shared[code] = ((na, nb), {da: a.minutes, db: b.minutes})
    return shared
