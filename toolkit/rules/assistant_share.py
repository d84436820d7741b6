"""A PT and a PTA (or an OT and an OTA) sharing one service on one day: CQ/CO unit by unit.

The 10% de minimis test for a timed code is applied per 15-minute unit (CMS "Billing Examples
Using CQ/CO Modifiers"; CY2022 PFS final rule, 86 FR 64996 area): a full unit the assistant
furnished alone takes CQ/CO; a remaining unit takes it when the assistant's minutes are more
than 10% of that unit's minutes, unless the therapist furnished 8 or more of its minutes
alone (past the midpoint: the therapist could bill that unit without the assistant, CY2022
on); two remaining units shared by both take one each. (2020-2021: the toolkit applies 10%
of the whole service.) A claim may show one
service split between the two as two lines of the code, the assistant's with 0 units: every
line is read, so that line's minutes are not lost. A billed assistant line without the
modifier is `assistant-modifier-required` (toolkit.rules.modifiers); this family covers the
service whose assistant minutes sit on unbilled lines only.
"""

from __future__ import annotations

from toolkit.reference import codes, providers
from toolkit.rules.findings import Finding
from toolkit.rules.modifiers import ASSISTANT_MODIFIERS, ASSISTANT_NAMES

FAMILY = "assistant_share"
SUBJECT = "claim"
RULE_IDS = ("assistant-per-unit",)
CITES = ("assistant-modifier-required",)
UNIT = 15
MIDPOINT = 8  # minutes of a 15-minute unit that carry it on their own (the 8-minute rule)
PLAN_ASSISTANT = {plan: assistant for assistant, plan in ASSISTANT_MODIFIERS.items()}


def findings(claim) -> list[Finding]:
    if claim.payer != "medicare" or claim.year < 2020:
        return []
    groups: dict[tuple[str, str], list] = {}
    for n, line in claim.numbered:
        pool = claim.pools[n]
        if pool in PLAN_ASSISTANT and codes()[line.code].timed:
            groups.setdefault((pool, line.code), []).append((n, line))
    return [
        finding
        for (pool, code), lines in groups.items()
        for finding in _service_findings(code, PLAN_ASSISTANT[pool], lines, claim.year)
    ]


def is_assistant(role: str, modifier: str) -> bool:
    return providers()[role]["assistant_modifier"] == modifier


def assistant_units(assistant: int, therapist: int, units: int) -> int:
    """How many of a timed service's `units` take CQ/CO (CY2022 on), from the assistant's and
    the therapist's minutes of it: each full 15 minutes the assistant furnished alone is a
    CQ/CO unit; of the units the remaining minutes make, one takes CQ/CO when the assistant's
    remaining minutes are more than 10% of them (two remaining units: one each). One last
    unit whose minutes the therapist furnished 8 or more of alone is the therapist's: no
    CQ/CO (CY2022: the therapist meets the unit's midpoint without the assistant)."""
    if assistant == 0 or units == 0:
        return 0
    left = units - assistant // UNIT - therapist // UNIT
    rest_a, rest_t = assistant % UNIT, therapist % UNIT
    extra = left > 0 and rest_a > 0 and 10 * rest_a > rest_a + rest_t
    if left == 1 and rest_t >= MIDPOINT:
        extra = False  # the therapist's own minutes pass the last unit's midpoint
    return min(units, assistant // UNIT + extra)


def needs_modifier(assistant: int, therapist: int, units: int, year: int) -> bool:
    """Whether at least one of the service's `units` takes CQ/CO."""
    if assistant == 0 or units == 0:
        return False
    if year < 2022:  # CY2020-2021: 10% of the whole service
        return 10 * assistant > assistant + therapist
    return assistant_units(assistant, therapist, units) > 0


def per_unit_message(code: str, modifier: str, assistant: int, therapist: int, year: int) -> str:
    who = ASSISTANT_NAMES[modifier]
    if year < 2022:
        why = (
            f"the {who}'s {assistant} minutes are more than 10% of the service's"
            f" {assistant + therapist} minutes (the de minimis test of 2020-2021)"
        )
    elif assistant >= UNIT:
        why = f"the {who} furnished at least one full 15-minute unit alone ({assistant} minutes)"
    else:
        why = (
            f"in the last unit the {who}'s {assistant} minutes are more than 10% of its"
            f" {assistant + therapist % UNIT} minutes, and the therapist's"
            f" {therapist % UNIT} are fewer than the {MIDPOINT} that would carry the unit"
            " alone (the 10% test is applied unit by unit)"
        )
    return (
        f"{code}: a {who} furnished {assistant} of the service's {assistant + therapist}"
        f" minutes, but no line of {code} carries {modifier}: {why}. Put the units that take"
        f" {modifier} on a line of their own with {modifier}, and the therapist's units on a"
        " line without it."
    )


def _service_findings(code: str, modifier: str, lines, year: int) -> list[Finding]:
    assistant = [(n, x) for n, x in lines if is_assistant(x.furnished_by, modifier)]
    if any(x.minutes is None for _, x in lines) or not assistant:
        return []
    if any(x.units > 0 for _, x in assistant) or any(modifier in x.modifiers for _, x in lines):
        return []  # a billed assistant line is checked on its own (assistant-modifier-required)
    minutes_a = sum(x.minutes for _, x in assistant)
    minutes_t = sum(x.minutes for _, x in lines) - minutes_a
    units = sum(x.units for _, x in lines)
    if not needs_modifier(minutes_a, minutes_t, units, year):
        return []
    first = next(n for n, x in lines if x.units > 0)
    message = per_unit_message(code, modifier, minutes_a, minutes_t, year)
    return [Finding("assistant-per-unit", "error", message, first)]
