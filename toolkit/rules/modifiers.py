"""Therapy modifiers on a claim: GP/GO/GN, the assistant modifiers CQ/CO, and their pairing.

Each function takes the claim's numbered lines [(line number, ClaimLine), ...] and returns
findings; `findings(claim)` runs them all. The messages are functions of plain values, so the
visit-log audit (`toolkit.audit.checks`) writes the same words.
"""

from __future__ import annotations

from toolkit.reference import codes, providers
from toolkit.rules.findings import Finding
from toolkit.rules.medicare_coverage import is_excluded_role

PLAN_MODIFIERS = {"GP": "PT", "GO": "OT", "GN": "SLP"}  # modifier -> discipline of the plan of care
PLAN_NAMES = {
    "GP": "physical therapy",
    "GO": "occupational therapy",
    "GN": "speech-language pathology",
}
ASSISTANT_MODIFIERS = {
    "CQ": "GP",
    "CO": "GO",
}  # assistant modifier -> the plan modifier it goes with
ASSISTANT_NAMES = {"CQ": "physical therapist assistant", "CO": "occupational therapy assistant"}
FAMILY = "modifiers"
SUBJECT = "claim"
RULE_IDS = (
    "therapy-modifier-required",
    "therapy-modifier-list-97530",
    "assistant-modifier-pairing",
    "assistant-modifier-required",
    "assistant-payment-85",
    "discipline-modifier-match",
)
CITES = ()


def findings(claim) -> list[Finding]:
    return modifier_findings(claim.billed, claim.payer, claim.year)


def a_or_an(noun: str) -> str:
    """'a physical therapist', 'an athletic trainer'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def no_plan_modifier_message(code: str, *, medicare: bool) -> str:
    if medicare:
        return (
            f"{code} has no therapy modifier. Medicare needs exactly one of GP (physical"
            " therapy plan of care), GO (occupational therapy) or GN (speech-language pathology)"
            " on every therapy line: add the one for the plan of care it was furnished under."
        )
    return (
        f"{code} has no GP, GO or GN. Medicare requires one on every therapy line and"
        " many commercial payers want it too: check this payer's billing rules."
    )


def many_plan_modifiers_message(code: str, plan: tuple[str, ...]) -> str:
    return (
        f"{code} carries {' and '.join(plan)}: a line takes exactly one therapy"
        " modifier. Keep the one for the plan of care it was furnished under and remove"
        " the other."
    )


LIST_97530_MESSAGE = (
    "UNVERIFIED: whether 97530 is on CMS's always-therapy or sometimes-therapy list is not"
    " confirmed here. It does not change the answer: furnished under a PT or OT plan of"
    " care, 97530 carries GP or GO either way."
)


def pairing_message(code: str, assistant: str) -> str:
    plan, who = ASSISTANT_MODIFIERS[assistant], ASSISTANT_NAMES[assistant]
    return (
        f"{code} has {assistant} ({who}) without {plan}. {assistant} is used only together with"
        f" {plan}: add {plan}, or if the assistant was not a {who}, use the other pair"
        " (CQ with GP, CO with GO)."
    )


def assistant_required_message(code: str, needed: str, *, medicare: bool) -> str:
    who = ASSISTANT_NAMES[needed]
    if medicare:
        return (
            f"{code} was furnished by a {who} but has no {needed}. Medicare needs"
            f" {needed} (with {ASSISTANT_MODIFIERS[needed]}) when an assistant furnishes a"
            f" service in whole or in part: add {needed}. (Whether a unit is 'in part' the"
            " assistant's: more than 10% of its minutes, judged unit by unit; since 2022 not"
            " a last unit the therapist furnished 8 or more minutes of alone.)"
        )
    return (
        f"{code} was furnished by a {who} but has no {needed}. Medicare requires"
        f" {needed}; commercial payers set their own rules: check this payer's policy"
        " on assistant modifiers."
    )


PAYMENT_85_MESSAGE = (
    "This claim carries CQ or CO (first on this line): since 1 January 2022 Medicare pays 85%"
    " of the fee-schedule amount for such services. Use the modifier whenever it applies;"
    " leaving it off to be paid in full is wrong."
)


def role_discipline_message(code: str, who: str, modifier: str) -> str:
    return (
        f"{code} was furnished by {a_or_an(who)} but carries {modifier}"
        f" ({PLAN_NAMES[modifier]} plan of care). The modifier names the plan of care:"
        " PT and PTA services go under GP, OT and OTA under GO, SLP under GN. Check the"
        " plan of care and fix the modifier."
    )


def code_discipline_message(code: str, code_discipline: str, modifier: str) -> str:
    return (
        f"{code} is a {code_discipline} code but carries {modifier}"
        f" ({PLAN_NAMES[modifier]} plan of care). Check the code and the modifier."
    )


def plan_modifiers(line) -> tuple[str, ...]:
    """The GP/GO/GN modifiers on a line, in the order written."""
    return tuple(m for m in line.modifiers if m in PLAN_MODIFIERS)


def excluded_with_gy(line) -> bool:
    """A statutorily excluded service (a chiropractor's 97530) filed with GY: it has no
    therapy plan of care, so GP/GO/GN would claim one it does not have."""
    return "GY" in line.modifiers and is_excluded_role(line.furnished_by)


def therapy_modifier_findings(lines, payer: str) -> list[Finding]:
    found = []
    for n, line in lines:
        plan = plan_modifiers(line)
        if not plan and excluded_with_gy(line):
            continue  # no therapy plan of care: GY alone marks the excluded service (ex10)
        if not plan and payer == "medicare":
            found.append(
                Finding(
                    "therapy-modifier-required",
                    "error",
                    no_plan_modifier_message(line.code, medicare=True),
                    n,
                )
            )
        elif not plan:
            found.append(
                Finding(
                    "therapy-modifier-required",
                    "info",
                    no_plan_modifier_message(line.code, medicare=False),
                    n,
                )
            )
        elif len(plan) > 1:
            found.append(
                Finding(
                    "therapy-modifier-required",
                    "error",
                    many_plan_modifiers_message(line.code, plan),
                    n,
                )
            )
    flagged = {f.line for f in found}
    first_97530 = next((n for n, line in lines if n in flagged and line.code == "97530"), None)
    if first_97530 is not None:
        found.append(
            Finding(
                "therapy-modifier-list-97530",
                "info",
                LIST_97530_MESSAGE,
                first_97530,
            )
        )
    return found


def assistant_findings(lines, payer: str, year: int) -> list[Finding]:
    found = []
    for n, line in lines:
        for assistant, plan in ASSISTANT_MODIFIERS.items():
            if assistant in line.modifiers and plan not in line.modifiers:
                found.append(
                    Finding(
                        "assistant-modifier-pairing",
                        "error",
                        pairing_message(line.code, assistant),
                        n,
                    )
                )
        needed = providers()[line.furnished_by]["assistant_modifier"]
        if needed and needed not in line.modifiers:
            medicare = payer == "medicare"
            found.append(
                Finding(
                    "assistant-modifier-required",
                    "error" if medicare else "warning",
                    assistant_required_message(line.code, needed, medicare=medicare),
                    n,
                )
            )
    assistant_lines = [n for n, line in lines if set(line.modifiers) & set(ASSISTANT_MODIFIERS)]
    if payer == "medicare" and year >= 2022 and assistant_lines:
        found.append(
            Finding(
                "assistant-payment-85",
                "info",
                PAYMENT_85_MESSAGE,
                assistant_lines[0],
            )
        )
    return found


def discipline_findings(lines) -> list[Finding]:
    found = []
    for n, line in lines:
        plan = plan_modifiers(line)
        if len(plan) != 1:
            continue  # missing or double modifiers are reported by therapy_modifier_findings
        modifier = plan[0]
        role = providers()[line.furnished_by]
        code_discipline = codes()[line.code].discipline
        if (
            role["discipline"] in PLAN_MODIFIERS.values()
            and PLAN_MODIFIERS[modifier] != role["discipline"]
        ):
            found.append(
                Finding(
                    "discipline-modifier-match",
                    "warning",
                    role_discipline_message(line.code, role["label"].lower(), modifier),
                    n,
                )
            )
        elif (
            code_discipline in PLAN_MODIFIERS.values()
            and PLAN_MODIFIERS[modifier] != code_discipline
        ):
            found.append(
                Finding(
                    "discipline-modifier-match",
                    "warning",
                    code_discipline_message(line.code, code_discipline, modifier),
                    n,
                )
            )
    return found


def modifier_findings(lines, payer: str, year: int) -> list[Finding]:
    return (
        therapy_modifier_findings(lines, payer)
        + assistant_findings(lines, payer, year)
        + discipline_findings(lines)
    )
