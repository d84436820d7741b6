"""The code-pair (NCCI procedure-to-procedure) edits, and group vs one-on-one in the same minutes.

The pairs live in toolkit/reference/data/code_pairs.csv with effective and ended dates; ended or
deleted pairs stay in the file as history for the lessons but are not applied.
"""

from __future__ import annotations

from toolkit.reference import code_pairs
from toolkit.rules.findings import Finding
from toolkit.rules.same_minutes import same_time as _same_time
from toolkit.rules.same_minutes import where_overlap as _where

FAMILY = "code_pairs"
SUBJECT = "claim"
RULE_IDS = (
    "code-pair-edit",
    "ptp-edit-bypass",
    "ptp-not-bypassable",
    "re-evaluation-edit",
    "one-on-one-or-group",
)
CITES = ()

GROUP_EXPLAINED = (
    "97150 is group therapy (attention split between patients) and 97530 needs"
    " one-on-one contact, so they can never describe the same minutes."
)


def active_code_pairs(year: int) -> tuple[dict[str, str], ...]:
    """Pairs in force in `year`: started by its end, not ended by its 1 January, not deleted.

    `ended` is the first date of service the edit no longer applies to (CMS's deletion date)."""
    return tuple(
        row
        for row in code_pairs()
        if row["kind"] != "evaluation-deleted"
        and (not row["effective"] or int(row["effective"][:4]) <= year)  # undated: warn always
        and not (row["ended"] and row["ended"] <= f"{year:04d}-01-01")
    )


def pair_history() -> tuple[dict[str, str], ...]:
    """Pairs that no longer apply (for the history lesson)."""
    return tuple(row for row in code_pairs() if row["kind"] == "evaluation-deleted" or row["ended"])


def findings(claim) -> list[Finding]:
    return code_pair_findings(claim.billed, claim.year)


def bypass_message(pair: str) -> str:
    """A 59/X modifier on a pair whose time blocks are not given or cannot be compared."""
    return (
        f"A 59/X modifier on {pair} says they were done in separate time intervals."
        " The time blocks are not given (or cannot be compared), so make sure the note shows"
        " separate intervals; the modifier is allowed only then."
    )


def move_modifier_message(other: str, on: str) -> str:
    return (
        f"The 59/X modifier is on {other}; the sources we have say it goes on {on}"
        f" for this pair. Move it to {on}."
    )


def code_pair_findings(lines, year: int) -> list[Finding]:
    by_code: dict[str, list] = {}
    for n, line in lines:
        by_code.setdefault(line.code, []).append((n, line))
    found = []
    for row in active_code_pairs(year):
        for na, a in by_code.get(row["column_one"], []):
            for nb, b in by_code.get(row["column_two"], []):
                found += _pair_findings(row, (na, a), (nb, b))
    return found


def not_bypassable(row, line: int) -> Finding:
    """A PTP edit with modifier indicator 0, on the column-two line (the code CMS denies)."""
    one, two = row["column_one"], row["column_two"]
    return Finding(
        "ptp-not-bypassable",
        "error",
        f"{one} and {two} cannot both be billed for this patient on this day: CMS lists this pair"
        f" with modifier indicator 0, so no modifier (59, XU or any other) bypasses the edit, even"
        f" for separate time intervals, and {two} is denied. Bill the one code that describes the"
        f" service. Pair listed by: {row['source']}.",
        line,
    )


def _bypass(line, row) -> bool:
    return bool(set(line.modifiers) & set(row["bypass_modifiers"].split()))


def pair_severity(row) -> str:
    """Only an edit confirmed in a loaded CMS PTP table is an error; a pair the toolkit holds
    from secondary (or unverified) sources is a warning to check the current table."""
    return "error" if row["confidence"] == "CMS" else "warning"


def listed_by(row) -> str:
    """Where the pair comes from, in words a trainee can act on."""
    if row["confidence"] == "CMS":
        return f"Pair listed by: {row['source']}."
    label = "UNVERIFIED" if row["confidence"] == "unverified" else "a secondary source"
    since = f"; since {row['effective']}" if row["effective"] else "; no date"
    return (
        f"This pair comes from {label} ({row['source']}{since}), not from a"
        " loaded CMS PTP table: check the current PTP table (`cpt97530 pairs` loads it)."
    )


def modifier_target(on: str) -> str:
    """Where the 59/X modifier goes: on the code the pair's row names, or either when unknown."""
    return f"on {on}" if on else "on either code (which one is not confirmed here)"


def pair_edit_message(row, pair: str, target: str) -> str:
    why = f" {GROUP_EXPLAINED}" if row["kind"] == "group-vs-one-on-one" else ""
    if row["confidence"] == "CMS":
        return (
            f"{pair} on the same day trigger a code-pair (NCCI) edit.{why} Bill both only when the"
            f" note shows them in separate time intervals, and then put 59 or the X modifier that"
            f" fits (XU) {target}. Without it one of them is denied. {listed_by(row)}"
        )
    return (
        f"{pair} on the same day may trigger a code-pair (NCCI) edit.{why} If the edit is in force,"
        f" both are paid only when the note shows separate time intervals and 59 or the X modifier"
        f" that fits (XU) is {target}. {listed_by(row)}"
    )


def _pair_findings(row, first, second) -> list[Finding]:
    (na, a), (nb, b) = first, second
    if row["kind"] == "not-bypassable":
        return [not_bypassable(row, nb)]
    if row["kind"] == "group-vs-one-on-one" and _same_time(a, b):
        return [
            Finding(
                "one-on-one-or-group",
                "error",
                f"{a.code} and {b.code} are in the same time ({_where(a, b)}). {GROUP_EXPLAINED} If the"
                " patient was in the group for those minutes bill 97150 only; if one-on-one, 97530 only.",
                max(na, nb),
            )
        ]
    if _same_time(a, b):
        return []  # overlap_findings already says the same minutes cannot be billed twice
    if row["kind"] == "re-evaluation":
        return _re_evaluation(row, first, second)
    on = row["modifier_on"]
    line = nb if on == b.code else na if on == a.code else max(na, nb)
    target = modifier_target(on)
    if not (_bypass(a, row) or _bypass(b, row)):
        return [
            Finding(
                "code-pair-edit",
                pair_severity(row),
                pair_edit_message(row, f"{a.code} and {b.code}", target),
                line,
            )
        ]
    found = []
    if not (a.block and b.block) or (a.block.label is None) != (b.block.label is None):
        found.append(
            Finding(
                "ptp-edit-bypass",
                "warning",
                bypass_message(f"{a.code} and {b.code}"),
                line,
            )
        )
    found += _modifier_advice(row, first, second)
    return found


def _re_evaluation(row, first, second) -> list[Finding]:
    on = row["modifier_on"]
    (n_eval, evaluation), (n_other, other) = (
        (first, second) if first[1].code == on else (second, first)
    )
    found = []
    if not _bypass(evaluation, row):
        found.append(
            Finding(
                "re-evaluation-edit", "warning", re_evaluation_message(row, other.code, on), n_eval
            )
        )
    return found + _modifier_advice(row, first, second)


def re_evaluation_message(row, other: str, on: str) -> str:
    may = "trigger" if row["confidence"] == "CMS" else "may trigger"
    return (
        f"{other} and the re-evaluation {on} on the same day {may} a code-pair edit. When the two"
        f" were separate and distinct services, put 59 or an X modifier on {on}; without it one"
        " of them may be denied. (The status change is why the re-evaluation can be billed in"
        f" the first place; it is not the reason for the modifier.) {listed_by(row)}"
    )


def _modifier_advice(row, first, second) -> list[Finding]:
    """A bypass modifier on the other code of a pair whose sources say which code takes it."""
    on = row["modifier_on"]
    target = next((item for item in (first, second) if item[1].code == on), None)
    if target and not _bypass(target[1], row):
        n_other, other = first if target is second else second
        if _bypass(other, row):
            return [
                Finding(
                    "code-pair-edit",
                    "info",
                    move_modifier_message(other.code, on),
                    target[0],
                )
            ]
    return []
