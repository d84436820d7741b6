"""What Medicare pays for at all: codes it bundles or replaces, and the ABN modifiers.

- 97010 (hot or cold packs) is bundled for Medicare, never paid separately;
- Medicare does not accept 97014: unattended electrical stimulation is G0283;
- KX (medically necessary) contradicts GA (ABN given) and GZ (no ABN): both say denial is expected;
- GY marks a statutorily excluded service; a therapist's covered therapy is not one.

Each function takes the claim's numbered lines [(line number, ClaimLine), ...].
"""

from __future__ import annotations

from toolkit.reference import providers
from toolkit.rules.findings import Finding

EXCLUDED_ROLE_RULES = frozenset({"chiropractor-medicare"})  # roles whose therapy Medicare excludes


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def is_excluded_role(role: str) -> bool:
    return providers()[role]["rule_id"] in EXCLUDED_ROLE_RULES


def medicare_code_findings(lines, payer: str) -> list[Finding]:
    if payer != "medicare":
        return []
    found = []
    for n, line in lines:
        if line.code == "97010":
            found.append(
                Finding(
                    "medicare-97010-bundled",
                    "warning",
                    "97010 (hot or cold packs) is bundled for Medicare: it is never paid separately."
                    " Keep it in the note (its minutes count in total treatment time) and leave it off"
                    " the Medicare claim, or expect no payment for it.",
                    n,
                )
            )
        elif line.code == "97014":
            found.append(
                Finding(
                    "medicare-97014-g0283",
                    "warning",
                    "Medicare does not accept 97014: unattended electrical stimulation is billed to"
                    " Medicare as G0283. Change the code to G0283 (same unit, same modifiers).",
                    n,
                )
            )
    return found


def abn_modifier_findings(lines, payer: str) -> list[Finding]:
    found = []
    for n, line in lines:
        mods = set(line.modifiers)
        if "KX" in mods and "GA" in mods:
            found.append(
                Finding(
                    "kx-not-with-ga",
                    "error",
                    f"{line.code} carries both KX and GA. KX says the therapy is medically necessary; GA"
                    " says an ABN was given because Medicare is expected to deny it. They cannot both be"
                    " true: keep KX when the notes support medical necessity, or GA (without KX) when the"
                    " patient signed an ABN for care that is not.",
                    n,
                )
            )
        elif "KX" in mods and "GZ" in mods:
            found.append(
                Finding(
                    "kx-not-with-ga",
                    "error",
                    f"{line.code} carries both KX and GZ. KX says the therapy is medically necessary; GZ"
                    " says Medicare is expected to deny it and no ABN was given. They cannot both be true:"
                    " keep KX when the notes support medical necessity, or GZ (without KX) when they do"
                    " not.",
                    n,
                )
            )
        if {"GA", "GZ"} <= mods:
            found.append(
                Finding(
                    "abn-modifiers",
                    "error",
                    f"{line.code} carries both GA (ABN given) and GZ (no ABN given): keep the one that is"
                    " true.",
                    n,
                )
            )
        if (
            "GY" in mods
            and payer == "medicare"
            and providers()[line.furnished_by]["medicare_therapy"] == "yes"
        ):
            found.append(
                Finding(
                    "gy-excluded",
                    "warning",
                    f"{line.code} carries GY (statutorily excluded), but therapy furnished by"
                    f" {_a(providers()[line.furnished_by]['label'].lower())} is a covered Medicare benefit,"
                    " not an excluded one. Remove GY; if medical necessity is in doubt, the ABN"
                    " modifiers are GA or GZ.",
                    n,
                )
            )
    return found


def coverage_findings(lines, payer: str) -> list[Finding]:
    return medicare_code_findings(lines, payer) + abn_modifier_findings(lines, payer)
