"""The yearly therapy threshold: KX once a patient's spending passes it.

PT and SLP spending count together, OT separately. Amounts by year live in
toolkit/reference/data/thresholds.csv with their source; a year with no row is not guessed.
"""

from __future__ import annotations

import math

from toolkit.errors import BillingInputError
from toolkit.reference import thresholds
from toolkit.rules.findings import Finding
from toolkit.rules.medicare_coverage import is_excluded_role
from toolkit.rules.modifiers import plan_modifiers

GROUP_OF_MODIFIER = {"GP": "PT/SLP", "GN": "PT/SLP", "GO": "OT"}
_GROUP_NAMES = {"pt/slp": "PT/SLP", "pt+slp": "PT/SLP", "pt": "PT/SLP", "slp": "PT/SLP", "ot": "OT"}
MAX_SPEND = 10_000_000
FAMILY = "therapy_threshold"
SUBJECT = "claim"
RULE_IDS = ("kx-threshold", "targeted-review-3000")
CITES = ("abn-modifiers",)  # GA/GZ instead of KX past the threshold: the ABN rule's words


def findings(claim) -> list[Finding]:
    return threshold_findings(claim.billed, claim.payer, claim.year, claim.therapy_spend)


def no_threshold_message(year: int) -> str:
    return (
        f"No therapy (KX) threshold is on file for {year}, so KX cannot be checked. Look up"
        f" the amount CMS set for {year}; the toolkit does not guess."
    )


def normalize_spend(raw: object) -> dict[str, float] | None:
    """{"PT/SLP": dollars, "OT": dollars} (either key optional), or BillingInputError."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise BillingInputError(
            f'therapy spending is given as {{"PT/SLP": dollars, "OT": dollars}}; got {raw!r}'
        )
    spend: dict[str, float] = {}
    for key, value in raw.items():
        group = _GROUP_NAMES.get(key.strip().lower()) if isinstance(key, str) else None
        if group is None:
            raise BillingInputError(
                f"therapy spending groups are PT/SLP (combined) and OT; got {key!r}"
            )
        if group in spend:
            raise BillingInputError("PT and SLP spending count together: give one PT/SLP amount")
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not (math.isfinite(value) and 0 <= value <= MAX_SPEND)
        ):
            raise BillingInputError(
                f"therapy spending for {group} must be an amount in dollars from 0 to"
                f" {MAX_SPEND:,}; got {value!r}"
            )
        spend[group] = float(value)
    return spend


def dollars(amount: float) -> str:
    return f"${amount:,.0f}" if amount == int(amount) else f"${amount:,.2f}"


def threshold_findings(
    lines, payer: str, year: int, spend: dict[str, float] | None
) -> list[Finding]:
    has_kx = [n for n, line in lines if "KX" in line.modifiers]
    if payer != "medicare" or (spend is None and not has_kx):
        return []
    row = thresholds().get(year)
    if row is None:
        return [
            Finding(
                "kx-threshold",
                "info",
                no_threshold_message(year),
                has_kx[0] if has_kx else None,
            )
        ]
    if spend is None:
        return []
    limit, review = float(row["kx_threshold"]), float(row["targeted_review"])
    where = _source_note(row, year, limit)
    found = []
    for n, line in lines:  # an excluded service (a chiropractor's) needs no KX: it is never covered
        plan = plan_modifiers(line)
        if (
            len(plan) != 1
            or spend.get(GROUP_OF_MODIFIER[plan[0]]) is None
            or is_excluded_role(line.furnished_by)
        ):
            continue
        group = GROUP_OF_MODIFIER[plan[0]]
        spent = spend[group]
        if spent > limit and "KX" not in line.modifiers and {"GA", "GZ"} & set(line.modifiers):
            found.append(
                Finding(
                    "abn-modifiers",
                    "info",
                    f"{line.code}: this year's {group} spending ({dollars(spent)}) is over the {year}"
                    f" threshold ({dollars(limit)}) and the line carries"
                    f" {'GA: an ABN is on file' if 'GA' in line.modifiers else 'GZ: no ABN was given'}, not"
                    " KX. Medicare is expected to deny it; with a signed ABN (GA) the patient may be"
                    f" billed.{where}",
                    n,
                )
            )
        elif spent > limit and "KX" not in line.modifiers:
            found.append(
                Finding(
                    "kx-threshold",
                    "error",
                    f"{line.code}: this year's {group} spending ({dollars(spent)}) is over the {year}"
                    f" threshold ({dollars(limit)}), so Medicare needs KX on this line to attest that"
                    f" the therapy is medically necessary. Add KX when the notes support it.{where}",
                    n,
                )
            )
        elif spent <= limit and "KX" in line.modifiers:
            found.append(
                Finding(
                    "kx-threshold",
                    "warning",
                    f"{line.code} carries KX, but this year's {group} spending ({dollars(spent)}) is"
                    f" not over the {year} threshold ({dollars(limit)}) yet. KX is needed only past"
                    f" the threshold: remove it, or check the spending figure.{where}",
                    n,
                )
            )
    groups_on_claim = {GROUP_OF_MODIFIER[m] for _, line in lines for m in plan_modifiers(line)}
    for group in sorted(groups_on_claim):
        spent = spend.get(group)
        if spent is not None and spent > review:
            found.append(
                Finding(
                    "targeted-review-3000",
                    "info",
                    f"This year's {group} spending ({dollars(spent)}) is over {dollars(review)}: claims"
                    " past that level can be picked for targeted medical review (through 2027). Make"
                    " sure the notes show why the therapy is medically necessary.",
                )
            )
    return found


def _source_note(row: dict[str, str], year: int, limit: float) -> str:
    if row["confidence"] == "CMS":
        return ""
    label = "UNVERIFIED" if row["confidence"] == "unverified" else "a secondary source"
    return (
        f" (The {year} amount, {dollars(limit)}, comes from {label}: {row['source']};"
        " check it against CMS.)"
    )
