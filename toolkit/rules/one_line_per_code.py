"""All units of one code for one date of service go on one claim line."""

from __future__ import annotations

from toolkit.rules.findings import Finding

FAMILY = "one_line_per_code"
SUBJECT = "claim"
RULE_IDS = ("one-line-per-code",)
CITES = ()


def one_line_message(code: str, first_line: int, line: int) -> str:
    return (
        f"{code} is on lines {first_line} and {line} with the same modifiers. All units of one"
        f" code for one date go on one line: put {code}'s units on line {first_line} (as many as"
        " the minutes support) and remove this line."
    )


def findings(claim) -> list[Finding]:
    first: dict[tuple, int] = {}
    found = []
    for n, line in claim.billed:
        key = (line.code, frozenset(line.modifiers))
        if key in first:
            message = one_line_message(line.code, first[key], n)
            found.append(Finding("one-line-per-code", "error", message, n))
        else:
            first[key] = n
    return found
