"""Whose minutes count together: each discipline's timed minutes are its own 8-minute pool.

PT, OT and SLP are furnished under separate plans of care and billed with GP, GO and GN, so
a patient's day is counted per discipline: PT 25 min + OT 25 min make 2 + 2 units, not 3
(rule `discipline-pools`). An aide's minutes are never therapy and count toward no unit
(`aides-not-therapy`); a role Medicare does not pay for therapy (a chiropractor, an athletic
trainer, ...) never joins a therapist's pool either: its minutes are counted on their own.
A PT assistant's minutes belong to the PT pool (GP), an OT assistant's to the OT pool (GO).

The pool of a line is a short text: GP, GO, GN, the role of a non-therapist, or NO_PLAN.
"""

from __future__ import annotations

from toolkit.reference import codes, providers
from toolkit.rules.modifiers import PLAN_MODIFIERS

AIDE = "aide"  # minutes never counted
NO_PLAN = "no-plan"  # no GP/GO/GN, no therapist's discipline: a pool of its own
CO_TREATED = "co-treated"  # a block two or more disciplines furnished at once
BY_DISCIPLINE = {discipline: plan for plan, discipline in PLAN_MODIFIERS.items()}
POOL_NAMES = {
    "GP": "physical therapy (GP)",
    "GO": "occupational therapy (GO)",
    "GN": "speech-language pathology (GN)",
    NO_PLAN: "no therapy modifier",
    CO_TREATED: "co-treated block",
}


def is_aide(role: str) -> bool:
    return providers()[role]["rule_id"] == "aides-not-therapy"


def pool_of(code: str, modifiers: tuple[str, ...], role: str) -> str:
    """The pool a line's minutes count in: its plan modifier (GP/GO/GN) when it has exactly
    one, else the discipline of who furnished it, else the code's discipline."""
    row = providers()[role]
    if is_aide(role):
        return AIDE
    if row["medicare_therapy"] == "no":
        return role
    plan = [m for m in modifiers if m in PLAN_MODIFIERS]
    if len(plan) == 1:
        return plan[0]
    for discipline in (row["discipline"], codes()[code].discipline):
        if discipline in BY_DISCIPLINE:
            return BY_DISCIPLINE[discipline]
    return NO_PLAN


def pool_name(pool: str) -> str:
    return POOL_NAMES.get(pool) or providers()[pool]["label"].lower()


def label(code: str, pool: str, several: bool) -> str:
    """How a code of a pool is named: '97530' when the day has one pool, '97530 GO' else; a
    co-treated block of several codes always says so ('97530/97535 co-treated')."""
    return f"{code} {pool}" if several or "/" in code else code
