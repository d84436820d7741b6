"""What Medicare pays for at all: codes it bundles or replaces, and the ABN modifiers.

- 97010 (hot or cold packs) is bundled for Medicare, never paid separately;
- Medicare does not accept 97014 (an error): unattended electrical stimulation is G0283;
  G0283 to a commercial payer is a warning (most expect 97014); both on one claim, an error;
- KX (medically necessary) contradicts GA (ABN given) and GZ (no ABN): both say denial is expected;
- GY marks a statutorily excluded service; a therapist's covered therapy is not one.

Each function takes the claim's numbered lines [(line number, ClaimLine), ...].
"""

from __future__ import annotations

from toolkit.reference import providers
from toolkit.rules.findings import Finding

EXCLUDED_ROLE_RULES = frozenset({"chiropractor-medicare"})  # roles whose therapy Medicare excludes
FAMILY = "medicare_coverage"
SUBJECT = "claim"
RULE_IDS = (
    "medicare-97010-bundled",
    "medicare-97014-g0283",
    "estim-one-code",
    "kx-not-with-ga",
    "abn-modifiers",
    "gy-excluded",
)
CITES = ()
BUNDLED_97010_MESSAGE = (
    "97010 (hot or cold packs) is bundled for Medicare: it is never paid separately."
    " Keep it in the note (its minutes count in total treatment time) and leave it off"
    " the Medicare claim, or expect no payment for it."
)
G0283_MESSAGE = (
    "Medicare does not accept 97014: it is not a valid code on a Medicare claim, and the line"
    " will be rejected. Unattended electrical stimulation is billed to Medicare as G0283."
    " Change the code to G0283 (same unit, same modifiers)."
)
G0283_COMMERCIAL_MESSAGE = (
    "G0283 is Medicare's code for unattended electrical stimulation; most commercial payers"
    " expect 97014 for it. Check this payer's policy and use its code."
)
BOTH_ESTIM_MESSAGE = (
    "The claim has both 97014 and G0283: they are one service, unattended electrical"
    " stimulation, under the CPT code and Medicare's code. Bill it once, under the payer's"
    " code (G0283 for Medicare, 97014 for most commercial payers)."
)


def findings(claim) -> list[Finding]:
    return coverage_findings(claim.billed, claim.payer)


def kx_with_abn_message(code: str, abn: str) -> str:
    """KX with GA or GZ (`abn`) on one line."""
    if abn == "GA":
        return (
            f"{code} carries both KX and GA. KX says the therapy is medically necessary; GA"
            " says an ABN was given because Medicare is expected to deny it. They cannot both be"
            " true: keep KX when the notes support medical necessity, or GA (without KX) when the"
            " patient signed an ABN for care that is not."
        )
    return (
        f"{code} carries both KX and GZ. KX says the therapy is medically necessary; GZ"
        " says Medicare is expected to deny it and no ABN was given. They cannot both be true:"
        " keep KX when the notes support medical necessity, or GZ (without KX) when they do"
        " not."
    )


def ga_with_gz_message(code: str) -> str:
    return f"{code} carries both GA (ABN given) and GZ (no ABN given): keep the one that is true."


def gy_covered_message(code: str, who: str) -> str:
    return (
        f"{code} carries GY (statutorily excluded), but therapy furnished by"
        f" {_a(who)} is a covered Medicare benefit,"
        " not an excluded one. Remove GY; if medical necessity is in doubt, the ABN"
        " modifiers are GA or GZ."
    )


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def is_excluded_role(role: str) -> bool:
    return providers()[role]["rule_id"] in EXCLUDED_ROLE_RULES


def medicare_code_findings(lines, payer: str) -> list[Finding]:
    found = []
    both = {"97014", "G0283"} <= {line.code for _, line in lines}
    for n, line in lines:
        if line.code == "97010" and payer == "medicare":
            found.append(Finding("medicare-97010-bundled", "warning", BUNDLED_97010_MESSAGE, n))
        elif line.code == "97014" and payer == "medicare":
            found.append(Finding("medicare-97014-g0283", "error", G0283_MESSAGE, n))
        elif line.code == "G0283" and both:
            found.append(Finding("estim-one-code", "error", BOTH_ESTIM_MESSAGE, n))
        elif line.code == "G0283" and payer != "medicare":
            found.append(Finding("estim-one-code", "warning", G0283_COMMERCIAL_MESSAGE, n))
    return found


def abn_modifier_findings(lines, payer: str) -> list[Finding]:
    found = []
    for n, line in lines:
        mods = set(line.modifiers)
        abn = "GA" if "GA" in mods else "GZ" if "GZ" in mods else None
        if "KX" in mods and abn:
            found.append(Finding("kx-not-with-ga", "error", kx_with_abn_message(line.code, abn), n))
        if {"GA", "GZ"} <= mods:
            found.append(Finding("abn-modifiers", "error", ga_with_gz_message(line.code), n))
        role = providers()[line.furnished_by]
        if "GY" in mods and payer == "medicare" and role["medicare_therapy"] == "yes":
            message = gy_covered_message(line.code, role["label"].lower())
            found.append(Finding("gy-excluded", "warning", message, n))
    return found


def coverage_findings(lines, payer: str) -> list[Finding]:
    return medicare_code_findings(lines, payer) + abn_modifier_findings(lines, payer)
