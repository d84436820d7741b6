"""Who may bill a therapy code: the licence and the payer decide, not the job title.

Facts per role live in toolkit/reference/data/providers.csv (which roles Medicare pays for therapy,
and the rule that explains why not).
"""

from __future__ import annotations

from toolkit.reference import providers
from toolkit.rules.findings import Finding

SLP_NOT_PERFORMED = frozenset(
    {"97110", "97112", "97150", "97530"}
)  # NCCI text, via secondary sources
FAMILY = "who_may_bill"
SUBJECT = "claim"
# providers.csv names the rule behind each role Medicare does not pay for therapy
RULE_IDS = (
    "licence-not-title",
    "chiropractor-medicare",
    "non-therapist-medicare",
    "aides-not-therapy",
    "slp-not-97530",
)
CITES = ()


def findings(claim) -> list[Finding]:
    return who_may_bill_findings(claim.billed, claim.payer)


def slp_message(code: str) -> str:
    return (
        f"A speech-language pathologist furnished {code}. NCCI policy text (2019"
        " wording, as secondary sources quote it) names 92507, 92508 and 92526 as the SLP's"
        " codes, not 97110, 97112, 97150 or 97530. Check the code: speech and swallowing"
        " treatment have their own codes."
    )


def not_a_therapist_message(code: str, who: str, rule_id: str, *, payer: str, has_gy: bool) -> str:
    """Why a line furnished by someone Medicare does not pay for therapy is wrong (or a
    question for a commercial payer); `rule_id` is the role's rule in providers.csv."""
    if payer != "medicare":
        return (
            f"{_a(who).capitalize()} furnished {code}. Whether a commercial payer pays {_a(who)}"
            " for therapy codes is payer-specific: check the contract and the provider's"
            " credentialing before billing."
        )
    if rule_id == "chiropractor-medicare" and has_gy:
        return (
            f"A chiropractor furnished {code}, and the line carries GY: Medicare covers only a"
            " chiropractor's manual manipulation of the spine, so it will deny this statutorily"
            " excluded service. File it only when the patient asks or a secondary payer needs"
            " Medicare's denial; the patient may then be billed (an ABN is optional)."
        )
    if rule_id == "chiropractor-medicare":
        return (
            f"A chiropractor furnished {code}. Medicare covers only a chiropractor's manual"
            f" manipulation of the spine; no other service a chiropractor furnishes, {code}"
            " included, is covered. Do not bill it to Medicare as a covered service; if a claim"
            " must be filed (the patient asks, or a secondary payer needs Medicare's denial), put"
            " GY on the line."
        )
    return (
        f"{_a(who).capitalize()} furnished {code}. Medicare pays for therapy only when people"
        " trained in physical therapy, occupational therapy or speech-language pathology"
        f" furnish it; {_a(who)}'s services may not be billed as therapy. Do not bill this line"
        " to Medicare."
    )


def who_may_bill_findings(lines, payer: str) -> list[Finding]:
    found = []
    for n, line in lines:
        role = providers()[line.furnished_by]
        who = role["label"].lower()
        if role["medicare_therapy"] == "no":
            found.append(
                _not_a_therapist(n, line.code, who, role["rule_id"], payer, "GY" in line.modifiers)
            )
        if role["medicare_therapy"] == "slp-only" and line.code in SLP_NOT_PERFORMED:
            found.append(
                Finding(
                    "slp-not-97530",
                    "warning",
                    slp_message(line.code),
                    n,
                )
            )
    return found


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _not_a_therapist(
    n: int, code: str, who: str, rule_id: str, payer: str, has_gy: bool
) -> Finding:
    message = not_a_therapist_message(code, who, rule_id, payer=payer, has_gy=has_gy)
    if payer != "medicare":
        return Finding("licence-not-title", "info", message, n)
    severity = "info" if rule_id == "chiropractor-medicare" and has_gy else "error"
    return Finding(rule_id, severity, message, n)
