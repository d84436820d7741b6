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
                    f"A speech-language pathologist furnished {line.code}. NCCI policy text (2019"
                    " wording, as secondary sources quote it) names 92507, 92508 and 92526 as the SLP's"
                    " codes, not 97110, 97112, 97150 or 97530. Check the code: speech and swallowing"
                    " treatment have their own codes.",
                    n,
                )
            )
    return found


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _not_a_therapist(
    n: int, code: str, who: str, rule_id: str, payer: str, has_gy: bool
) -> Finding:
    if payer != "medicare":
        return Finding(
            "licence-not-title",
            "info",
            f"{_a(who).capitalize()} furnished {code}. Whether a commercial payer pays {_a(who)} for therapy codes"
            " is payer-specific: check the contract and the provider's credentialing before"
            " billing.",
            n,
        )
    if rule_id == "chiropractor-medicare" and has_gy:
        return Finding(
            rule_id,
            "info",
            f"A chiropractor furnished {code}, and the line carries GY: Medicare covers only a"
            " chiropractor's manual manipulation of the spine, so it will deny this statutorily"
            " excluded service. File it only when the patient asks or a secondary payer needs"
            " Medicare's denial; the patient may then be billed (an ABN is optional).",
            n,
        )
    if rule_id == "chiropractor-medicare":
        return Finding(
            rule_id,
            "error",
            f"A chiropractor furnished {code}. Medicare covers only a chiropractor's manual"
            f" manipulation of the spine; no other service a chiropractor furnishes, {code}"
            " included, is covered. Do not bill it to Medicare as a covered service; if a claim"
            " must be filed (the patient asks, or a secondary payer needs Medicare's denial), put"
            " GY on the line.",
            n,
        )
    return Finding(
        rule_id,
        "error",
        f"{_a(who).capitalize()} furnished {code}. Medicare pays for therapy only when people trained"
        f" in physical therapy, occupational therapy or speech-language pathology furnish it;"
        f" {_a(who)}'s services may not be billed as therapy. Do not bill this line to Medicare.",
        n,
    )
