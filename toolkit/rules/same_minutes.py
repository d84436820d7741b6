"""The same minutes billed twice: two timed services in one time block, and minutes beyond
the clock times a line gives (a claim with time blocks; a visit log has none)."""

from __future__ import annotations

from toolkit.reference import codes
from toolkit.rules.findings import Finding

FAMILY = "same_minutes"
SUBJECT = "claim"
RULE_IDS = ("one-service-per-15-minutes", "direct-time-only")
CITES = ()


def findings(claim) -> list[Finding]:
    co_treated = {
        (a, b) for group, _, _ in claim.co_treated.values() for a in group for b in group if a < b
    }
    return overlap_findings(claim.numbered, co_treated) + clock_minutes_findings(claim.numbered)


def same_time(a, b) -> bool:
    return a.block is not None and b.block is not None and a.block.overlaps(b.block)


def where_overlap(a, b) -> str:
    if a.block.label is not None:
        return f"both in time block '{a.block.text}'"
    return f"{a.block.text} overlaps {b.block.text}"


def overlap_findings(lines, co_treated: set[tuple[int, int]] = frozenset()) -> list[Finding]:
    """Two timed services in the same minutes: an error no modifier can fix.

    `co_treated` holds line pairs that are one co-treated block (two disciplines, one code):
    the units check counts those minutes once (rule co-treatment-once) instead."""
    timed = [(n, line) for n, line in lines if codes()[line.code].timed]
    found = []
    for i, (na, a) in enumerate(timed):
        for nb, b in timed[i + 1 :]:
            if same_time(a, b) and (na, nb) not in co_treated:
                what = f"both {a.code}" if a.code == b.code else f"{a.code} and {b.code}"
                twice = "twice" if a.code == b.code else "under two codes"
                found.append(
                    Finding(
                        "one-service-per-15-minutes",
                        "error",
                        f"Lines {na} and {nb} ({what}) are in the same time ({where_overlap(a, b)})."
                        " Only one service can be billed for a given 15-minute period: the same minutes"
                        f" cannot be billed {twice}, and a 59 or XU modifier cannot fix that."
                        " Bill those minutes under the one code that describes what was done, or"
                        " correct the time blocks.",
                        nb,
                    )
                )
    return found


def clock_minutes_findings(lines) -> list[Finding]:
    """Minutes cannot exceed the clock time a line's time block covers."""
    return [
        Finding(
            "direct-time-only",
            "warning",
            f"{line.code} has {line.minutes} minutes, but its clock times ({line.time_block}) cover"
            f" only {line.block.minutes}. Minutes cannot be more than the time between start and"
            " stop: correct the minutes or the clock times.",
            n,
        )
        for n, line in lines
        if line.minutes is not None
        and line.block
        and line.block.label is None
        and line.minutes > line.block.minutes
    ]
