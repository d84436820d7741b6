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
FAMILY = "units_supported"
SUBJECT = "claim"
RULE_IDS = (RULE, "timed-vs-untimed", CO_TREATMENT_RULE, "average-15-per-unit")
CITES = ()


def _claim_units(claim) -> tuple[list[Finding], UnitResult | None]:
    """Billed units per code (first line of the code) against the minutes the claim documents.

    A co-treated block (one block, two disciplines) counts its minutes once."""
    shared = claim.co_treated
    billed: dict[str, int] = {}
    minutes: dict[str, int] = {}
    line_of: dict[str, int] = {}
    for n, line in claim.numbered:
        billed[line.code] = billed.get(line.code, 0) + line.units
        line_of.setdefault(line.code, n)
        if line.minutes is not None and line.code not in shared:
            minutes[line.code] = minutes.get(line.code, 0) + line.minutes
    complete = all(line.minutes is not None for _, line in claim.numbered)
    co_treatment = {code: by_discipline for code, (_, by_discipline) in shared.items()}
    found, result = units_supported_findings(
        billed,
        minutes if complete else None,
        claim.method,
        line_of=line_of,
        co_treatment=co_treatment if complete and co_treatment else None,
    )
    if (
        result
        and claim.payer == "medicare"
        and claim.method == "ama"
        and not any(f.severity == "error" for f in found)
    ):
        timed_units = sum(n for code, n in billed.items() if codes()[code].timed)
        pooled = units_for_minutes(result.timed_minutes)
        if timed_units > pooled:
            message = average_15_message(timed_units, result.timed_minutes, pooled)
            found.append(Finding("average-15-per-unit", "info", message))
    return found, result


def findings(claim) -> list[Finding]:
    return _claim_units(claim)[0]


def expected_units(claim) -> UnitResult | None:
    """The units the claim's minutes support; None when some line has no minutes."""
    return _claim_units(claim)[1]


def average_15_message(timed_units: int, timed_minutes: int, pooled: int) -> str:
    return (
        f"{timed_units} timed units are billed for {timed_minutes} timed minutes."
        f" Medicare pools the day's timed minutes (the 8-minute rule): {timed_minutes}"
        f" minutes make {pooled} units, and it expects about"
        " 15 minutes of direct contact per unit. Check that counting per code is right for"
        " this claim."
    )


def untimed_message(code: str, billed: int) -> str:
    return (
        f"{code} is untimed: bill 1 unit for the day however long it took"
        f" (billed {billed}). Change the units to 1."
    )


OVER_ADVICE = "Bill {want}, or check the minutes in the note."
UNDER_ADVICE = (
    "Billing fewer units can be a choice (for example, part of the time was not skilled);"
    " make sure it is deliberate."
)


def why_units(code: str, minutes: int, units: int, *, method: str, day_minutes: int) -> str:
    """The method's arithmetic behind a code's units (`day_minutes` matters under CMS only)."""
    if method == "cms":
        return (
            f"Under the {METHODS['cms']} the day's {day_minutes} timed minutes make"
            f" {units_text(units_for_minutes(day_minutes))} in all, and {code}'s"
            f" {minutes} minutes take {units} of them"
        )
    return (
        f"Counted per code (AMA/CPT midpoint), {code}'s {minutes} minutes make {units_text(units)}:"
        " 8 minutes for the first, then one more for each further 15"
    )


def units_message(code: str, billed: int, supported: int, why: str, advice: str) -> str:
    return (
        f"{code}: billed {units_text(billed)}, but the documented minutes"
        f" support {supported}. {why}. {advice}"
    )


def tie_message(names: list[str], want: int, have: int, *, over: bool) -> str:
    advice = (
        "Take the extra unit off one of them"
        if over
        else "Billing fewer can be a choice; make sure it is deliberate"
    )
    return (
        f"{' and '.join(names)} have the same leftover minutes, so either may take the"
        f" unit (the clinician's choice), but together they support"
        f" {units_text(want)}; billed {have}. {advice}."
    )


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
            untimed_message(code, n),
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
    expected = bill_units(minutes, method=method, co_treatment=shared or None)
    units = {code: billed.get(code, 0) for code in expected.units}
    units.update({code: n for code, n in expected.units.items() if not table[code].timed})
    if not is_valid_allocation(expected.minutes, units_by_code=units, method=method):
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
    return why_units(
        code,
        expected.minutes[code],
        expected.units[code],
        method=expected.method,
        day_minutes=expected.timed_minutes,
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
                    units_message(
                        code,
                        have,
                        high if code in tied else want,
                        _why(expected, code),
                        OVER_ADVICE.format(want=want),
                    ),
                    code,
                )
            )
        elif have < low:
            found.append(
                finding(
                    "warning",
                    units_message(code, have, want, _why(expected, code), UNDER_ADVICE),
                    code,
                )
            )
        else:
            continue
        tied_found = tied_found or code in tied
    if tied and not tied_found:
        first = expected.tied_codes[0]
        have = sum(units[c] for c in tied)
        want = sum(expected.units[c] for c in tied)
        if have == want:
            return found
        over = have > want
        message = tie_message(list(expected.tied_codes), want, have, over=over)
        found.append(finding("error" if over else "warning", message, first))
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
