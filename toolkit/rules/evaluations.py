"""One PT and one OT evaluation or re-evaluation per date of service."""

from __future__ import annotations

from toolkit.reference import codes
from toolkit.rules.findings import Finding

FAMILY = "evaluations"
SUBJECT = "claim"
RULE_IDS = ("one-evaluation-per-day",)
CITES = ()
SPANS = {"PT": "97161-97164", "OT": "97165-97168"}


def evaluation_message(discipline: str, first: str, first_line: int, code: str) -> str:
    return (
        f"Only one {discipline} evaluation or re-evaluation ({SPANS[discipline]}) may be billed"
        f" per date of service; {first} is already on line {first_line}. Keep the one that was"
        f" done and remove {code}."
    )


def is_evaluation(code: str, discipline: str) -> bool:
    return codes()[code].kind == "evaluation" and codes()[code].discipline == discipline


def findings(claim) -> list[Finding]:
    found = []
    for discipline in SPANS:
        seen = [(n, line.code) for n, line in claim.billed if is_evaluation(line.code, discipline)]
        for n, code in seen[1:]:
            message = evaluation_message(discipline, seen[0][1], seen[0][0], code)
            found.append(Finding("one-evaluation-per-day", "error", message, n))
    return found
