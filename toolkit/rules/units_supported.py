"""Do the documented minutes support the billed units? One check for claims and notes.

The claim checker and the treatment-note checker both call `units_supported_findings`,
so a trainee gets the same answer, in the same words, wherever the units are checked.
"""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.reference import codes
from toolkit.rules.findings import Finding
from toolkit.rules.units import (
    METHODS,
    UnitResult,
    bill_units,
    is_valid_allocation,
    units_for_minutes,
)

RULE = "doc-units-match-minutes"
CO_TREATMENT_RULE = "co-treatment-once"


def units_text(n: int) -> str:
    return f"{n} unit{'' if n == 1 else 's'}"


def units_supported_findings(
    billed: Mapping[str, int] | int,
    minutes: Mapping[str, int] | None,
    method: str,
    total_timed_minutes: int | None = None,
    line_of: Mapping[str, int] | None = None,
    element: str | None = None,
    co_treatment: Mapping[str, Mapping[str, int]] | None = None,
) -> tuple[list[Finding], UnitResult | None]:
    """Findings about billed units (code -> units) against the documented minutes.

    `billed` may also be a single number, the day's billed timed units, when only totals are
    known (a treatment note checked without its claim); then only the CMS total is checked.

    `minutes` is code -> minutes for every documented code (None when the minutes per code
    are not known; then the day's `total_timed_minutes` is used under CMS). Over-billing is
    an error, under-billing a warning (it may be a choice). Returns the findings and the
    unit count the minutes support (None when per-code minutes are not known).
    """
    line_of = line_of or {}
    shared = dict(co_treatment or {})

    def finding(
        severity: str, message: str, code: str | None = None, rule_id: str = RULE
    ) -> Finding:
        if code in shared and severity == "error" and rule_id == RULE:
            rule_id, message = CO_TREATMENT_RULE, _co_treated(code, shared[code]) + message
        return Finding(rule_id, severity, message, line=line_of.get(code), element=element)

    table = codes()
    if isinstance(billed, int):
        total = (
            sum(m for c, m in minutes.items() if table[c].timed) if minutes else total_timed_minutes
        )
        return _total_only(billed, method, total, finding), None
    found = [
        finding(
            "error",
            f"{code} is untimed: bill 1 unit for the day however long it took"
            f" (billed {n}). Change the units to 1.",
            code,
            "timed-vs-untimed",
        )
        for code, n in billed.items()
        if not table[code].timed and n > 1
    ]
    if minutes is None:
        return found + _total_only(billed, method, total_timed_minutes, finding), None
    found += [
        finding(
            "error",
            f"{code} is billed ({units_text(n)}) but no minutes are"
            f" documented for it. Record it in the note with its minutes, or take it off.",
            code,
        )
        for code, n in billed.items()
        if code not in minutes and code not in shared and n > 0
    ]
    expected = bill_units(minutes, method, co_treatment=shared or None)
    units = {code: billed.get(code, 0) for code in expected.units}
    units.update({code: n for code, n in expected.units.items() if not table[code].timed})
    if not is_valid_allocation(expected.minutes, units, method):
        found += _compare(expected, units, finding)
    return found, expected


def _co_treated(code: str, by_discipline: Mapping[str, int]) -> str:
    who = " and ".join(f"{d} ({m} min)" for d, m in by_discipline.items())
    return (
        f"{code} was co-treated by {who} in one shared block: the patient received those minutes"
        " once, so they count once. The two disciplines may split the units, but together they"
        " cannot bill more than the one block supports. "
    )


def _why(expected: UnitResult, code: str) -> str:
    m, n = expected.minutes[code], expected.units[code]
    if expected.method == "cms":
        return (
            f"Under the {METHODS['cms']} the day's {expected.timed_minutes} timed minutes make"
            f" {units_text(units_for_minutes(expected.timed_minutes))} in all, and {code}'s"
            f" {m} minutes take {n} of them"
        )
    return (
        f"Counted per code (AMA/CPT midpoint), {code}'s {m} minutes make {units_text(n)}:"
        " 8 minutes for the first, then one more for each further 15"
    )


def _compare(expected: UnitResult, units: dict[str, int], finding) -> list[Finding]:
    found: list[Finding] = []
    tied = set(expected.tied_codes)
    tied_found = False
    for code, want in expected.units.items():
        have = units[code]
        low, high = (
            (expected.minutes[code] // 15, expected.minutes[code] // 15 + 1)
            if code in tied
            else (want, want)
        )
        if have > high:
            found.append(
                finding(
                    "error",
                    f"{code}: billed {units_text(have)}, but the documented minutes"
                    f" support {high if code in tied else want}. {_why(expected, code)}."
                    f" Bill {want}, or check the minutes in the note.",
                    code,
                )
            )
        elif have < low:
            found.append(
                finding(
                    "warning",
                    f"{code}: billed {units_text(have)}, but the documented minutes"
                    f" support {want}. {_why(expected, code)}. Billing fewer units"
                    " can be a choice (for example, part of the time was not skilled);"
                    " make sure it is deliberate.",
                    code,
                )
            )
        else:
            continue
        tied_found = tied_found or code in tied
    if tied and not tied_found:
        first = expected.tied_codes[0]
        names = " and ".join(expected.tied_codes)
        have = sum(units[c] for c in tied)
        want = sum(expected.units[c] for c in tied)
        if have == want:
            return found
        severity, advice = (
            ("error", "Take the extra unit off one of them")
            if have > want
            else ("warning", "Billing fewer can be a choice; make sure it is deliberate")
        )
        found.append(
            finding(
                severity,
                f"{names} have the same leftover minutes, so either may take the"
                f" unit (the clinician's choice), but together they support"
                f" {units_text(want)}; billed {have}. {advice}.",
                first,
            )
        )
    return found


def _total_only(
    billed: Mapping[str, int] | int, method: str, total: int | None, finding
) -> list[Finding]:
    timed_units = (
        billed
        if isinstance(billed, int)
        else sum(n for code, n in billed.items() if codes()[code].timed)
    )
    if total is None:
        return [
            finding(
                "warning",
                "The minutes are not documented for every service, so the billed"
                " units cannot be checked. The treatment note must show the total"
                " timed minutes.",
            )
        ]
    if method != "cms":
        return [
            finding(
                "warning",
                "Counting per code needs the minutes and units of each code; with"
                " day totals only, the units cannot be checked. Record the minutes"
                " of each timed code.",
            )
        ]
    want = units_for_minutes(total)
    if timed_units == want:
        return []
    severity = "error" if timed_units > want else "warning"
    advice = (
        "Bill fewer units, or check the minutes in the note."
        if timed_units > want
        else "Billing fewer can be a choice; make sure it is deliberate."
    )
    return [
        finding(
            severity,
            f"{units_text(timed_units)} (timed) billed, but {total} total timed minutes"
            f" support {want} under the {METHODS['cms']}. {advice}",
        )
    ]
