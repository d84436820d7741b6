"""Every rule family, in one list: which rules each owns, and the claim rules `check_claim` runs.

A family is a module of `toolkit.rules` with the face described in `toolkit.rules`
(`FAMILY`, `SUBJECT`, `RULE_IDS`, `CITES`, and `findings(...)` over its subject). Every rule
id in toolkit/reference/data/rules.csv is owned by exactly one family (tests/rules/
test_registry.py). The audit registers its vectorised twin of each claim family under the
same name (`toolkit.audit.checks.AUDIT_CHECKS`).
"""

from __future__ import annotations

from toolkit.rules import (
    assistant_share,
    claim_form,
    code_pairs,
    evaluations,
    medicare_coverage,
    modifiers,
    one_line_per_code,
    remittance,
    same_minutes,
    taught,
    therapy_threshold,
    treatment_note,
    units,
    units_supported,
    who_may_bill,
)
from toolkit.rules.findings import Finding

# The claim families in the order check_claim has always reported them (findings are then
# sorted by severity and line, so this order only breaks ties).
CLAIM_FAMILIES = (
    modifiers,
    assistant_share,
    same_minutes,
    code_pairs,
    evaluations,
    one_line_per_code,
    units_supported,
    who_may_bill,
    medicare_coverage,
    therapy_threshold,
)
# claim_form (the CMS-1500's boxes) and remittance (the 835) read other subjects than a Claim.
FAMILIES = {
    f.FAMILY: f for f in (*CLAIM_FAMILIES, treatment_note, units, taught, claim_form, remittance)
}


def claim_findings(claim) -> list[Finding]:
    """Every claim family's findings over one `toolkit.rules.claims.Claim`, family by family."""
    return [finding for family in CLAIM_FAMILIES for finding in family.findings(claim)]


def owner(rule_id: str) -> str:
    """The family that owns a rule id.

    Raises:
        KeyError: no family owns `rule_id` (a typo in code, like `reference.rule`).
    """
    for name, family in FAMILIES.items():
        if rule_id in family.RULE_IDS:
            return name
    raise KeyError(rule_id)
