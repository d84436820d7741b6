"""What each adjustment on a remittance (835) means for a therapy claim, and what to do next.

`findings(remittance)` reads a `toolkit.rules.x12_835.Remittance` and gives one finding per
adjustment: the group code's meaning (CO, PR, OA), the reason code's meaning for therapy,
the next step (a corrected claim, a reopening, a redetermination, nothing), and the remark
codes explained the same way. The words and the rule of each code are in
reference/data/adjustment_codes.csv; a code the course does not list is said so, never guessed.

The rules about what happens after the claim that no 835 shows by itself (timely filing, ADRs,
TPE, consolidated billing, KX across providers, LCDs, MUEs, Medicare Advantage) are owned here
too: lesson 13 teaches them and the exercises grade them.
"""

from __future__ import annotations

from toolkit.reference import adjustment_codes
from toolkit.rules.findings import Finding

FAMILY = "remittance"
SUBJECT = "remittance"
RULE_IDS = (
    "remit-group-codes",
    "remit-carc-rarc",
    "appeal-redetermination-120",
    "reopening-clerical",
    "corrected-claim-unprocessable",
    "timely-filing-12-months",
    "adr-45-days",
    "tpe-rounds",
    "kx-spending-all-providers",
    "consolidated-billing-snf",
    "consolidated-billing-hh",
    "lcd-billing-article",
    "mue-mai",
    "ma-prior-authorisation",
)
CITES = ()
SEVERITY = {"CO": "error", "PR": "info", "OA": "warning"}  # CO: the clinic carries the loss


def code_row(kind: str, code: str) -> dict[str, str] | None:
    """The course's row for a group code, CARC or RARC, or None when it does not list it."""
    return adjustment_codes().get((kind, code.strip().upper()))


def adjustment_message(group: str, reason: str, amount: object, where: str) -> tuple[str, str]:
    """(rule id, plain words) for one adjustment: what the group and the reason mean, and
    what to do next."""
    group_row, reason_row = code_row("group", group), code_row("carc", reason)
    said = f"{where}: {group}-{reason}, {dollars(amount)}."
    who = group_row["meaning"] if group_row else f"group {group} is not one the course lists"
    if reason_row is None:
        return (
            "remit-carc-rarc",
            f"{said} {who}. Reason {reason} is not in the course's list: look it up on the "
            "X12 CARC list before deciding what to do.",
        )
    return (
        reason_row["rule_id"],
        f"{said} {who}. Reason {reason}: {reason_row['meaning']}. For therapy: "
        f"{reason_row['for_therapy']}. Next step: {reason_row['next_step']}."
        f"{unconfirmed(reason_row)}",
    )


def dollars(amount: object) -> str:
    """$26.00 for 26, 26.0 or Decimal('26'); text that is not a number as it is."""
    try:
        return f"${float(str(amount)):,.2f}"
    except ValueError:
        return f"${amount}"


def unconfirmed(row: dict[str, str]) -> str:
    """The words that say a code's row was not confirmed against its list, or ''."""
    if row["confidence"] != "unverified":
        return ""
    return f" UNVERIFIED: this code's wording or use is not confirmed ({row['source']})."


def remark_message(remark: str, where: str) -> tuple[str, str]:
    """(rule id, plain words) for one remark code (RARC)."""
    row = code_row("rarc", remark)
    if row is None:
        return (
            "remit-carc-rarc",
            f"{where}: remark {remark} is not in the course's list: look it up on the X12 RARC "
            "list; it adds detail to the reason code, it is not a decision by itself.",
        )
    return (
        row["rule_id"],
        f"{where}: remark {remark}: {row['meaning']}. {row['for_therapy']}. "
        f"Next step: {row['next_step']}.{unconfirmed(row)}",
    )


def _service_name(service) -> str:
    modifiers = f"-{'-'.join(service.modifiers)}" if service.modifiers else ""
    return f"{service.code}{modifiers} ({service.units} unit{'s' if service.units != '1' else ''})"


def findings(remittance) -> list[Finding]:
    """One finding per adjustment and per remark code, claim by claim, line by line."""
    found = []
    for claim in remittance.claims:
        label = f"Claim {claim.claim_id}"
        for adj in claim.adjustments:
            rule_id, text = adjustment_message(adj.group, adj.reason, adj.amount, label)
            found.append(Finding(rule_id, SEVERITY.get(adj.group, "warning"), text))
        for remark in claim.remarks:
            rule_id, text = remark_message(remark, label)
            found.append(Finding(rule_id, "info", text))
        for n, service in enumerate(claim.services, 1):  # the message names the line
            where = f"{label}, line {n} {_service_name(service)}"
            for adj in service.adjustments:
                rule_id, text = adjustment_message(adj.group, adj.reason, adj.amount, where)
                found.append(Finding(rule_id, SEVERITY.get(adj.group, "warning"), text))
            for remark in service.remarks:
                rule_id, text = remark_message(remark, where)
                found.append(Finding(rule_id, "info", text))
    return found
