"""Do the documented minutes support the billed units? One check for claims and notes.

The claim checker and the treatment-note checker both call `units_supported_findings`,
so a trainee gets the same answer, in the same words, wherever the units are checked.
"""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.reference import codes
from toolkit.rules.disciplines import AIDE, CO_TREATED, label, pool_name
from toolkit.rules.findings import Finding
from toolkit.rules.units import (
    METHODS,
    UnitResult,
    bill_units,
    code_of,
    is_valid_allocation,
    pool_of_key,
    units_for_minutes,
)

RULE = "doc-units-match-minutes"
CO_TREATMENT_RULE = "co-treatment-once"
FAMILY = "units_supported"
SUBJECT = "claim"
RULE_IDS = (RULE, "timed-vs-untimed", CO_TREATMENT_RULE, "average-15-per-unit")
CITES = ()


def _claim_units(claim) -> tuple[list[Finding], UnitResult | None]:
    """Billed units per code and discipline pool (the first line of each) against the minutes
    the claim documents, every line counted, 0-unit lines included.

    Each discipline is its own pool; an aide's minutes count nowhere; a co-treated block
    (one block, two or more disciplines) counts its combined span once, as a pool of its own."""
    shared = claim.co_treated
    in_block = {n: name for name, (ns, _, _) in shared.items() for n in ns}
    pools = {claim.pools[n] for n, _ in claim.numbered if n not in in_block} - {AIDE}
    several = len(pools) + bool(shared) > 1
    billed: dict[str, int] = {}
    minutes: dict[str, int] = {}
    line_of: dict[str, int] = {}
    found: list[Finding] = []
    for n, line in claim.numbered:
        pool = claim.pools[n]
        if pool == AIDE:  # on Medicare, who_may_bill's aides-not-therapy says it already
            if line.units > 0 and claim.payer != "medicare":
                found.append(Finding(RULE, "error", aide_units_message(line.code, line.units), n))
            continue
        if n in in_block:
            key = label(in_block[n], CO_TREATED, several)
        else:
            key = label(line.code, pool, several)
        billed[key] = billed.get(key, 0) + line.units
        line_of.setdefault(key, n)
        if line.minutes is not None and n not in in_block:
            minutes[key] = minutes.get(key, 0) + line.minutes
    if not billed:  # every line an aide's: no minutes count, nothing to compare
        return found, None
    complete = all(line.minutes is not None for n, line in claim.numbered if claim.pools[n] != AIDE)
    co_treatment = {code: by_discipline for code, (_, by_discipline, _) in shared.items()}
    spans = {code: span for code, (_, _, span) in shared.items() if span is not None}
    more, result = units_supported_findings(
        billed,
        minutes if complete else None,
        claim.method,
        line_of=line_of,
        co_treatment=co_treatment if complete and co_treatment else None,
        spans=spans,
    )
    found += more
    if (
        result
        and claim.payer == "medicare"
        and claim.method == "ama"
        and not any(f.severity == "error" for f in found)
    ):
        timed_units = sum(n for code, n in billed.items() if codes()[code_of(code)].timed)
        pooled = sum(units_for_minutes(m) for m in pool_minutes(result).values())
        if timed_units > pooled:
            message = average_15_message(timed_units, result.timed_minutes, pooled)
            found.append(Finding("average-15-per-unit", "info", message))
    return found, result


def pool_minutes(result: UnitResult) -> dict[str, int]:
    """Each pool's timed minutes ('' when the day is one pool)."""
    pools: dict[str, int] = {}
    for code, m in result.minutes.items():
        if codes()[code_of(code)].timed:
            pool = pool_of_key(code)
            pools[pool] = pools.get(pool, 0) + m
    return pools


def aide_units_message(code: str, units: int) -> str:
    return (
        f"{code} was furnished by a therapy aide and billed {units_text(units)}. An aide's"
        " minutes never count toward a unit, on any line, supervised or not: take the units"
        " off, and bill only the minutes a therapist or assistant furnished."
    )


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


def why_units(
    code: str, minutes: int, units: int, *, method: str, day_minutes: int, pool: str = ""
) -> str:
    """The method's arithmetic behind a code's units (`day_minutes` matters under CMS only:
    the minutes of the code's pool, `pool` named when the day has several)."""
    if method == "cms":
        whose = f" {pool_name(pool)}" if pool else ""
        return (
            f"Under the {METHODS['cms']} the day's{whose} {day_minutes} timed minutes make"
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
    spans: Mapping[str, int] | None = None,
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
    labelled = minutes is not None and any(pool_of_key(c) for c in minutes)
    shared = {label(c, CO_TREATED, labelled): who for c, who in shared.items()}

    def finding(
        severity: str, message: str, code: str | None = None, rule_id: str = RULE
    ) -> Finding:
        if code in shared and severity == "error" and rule_id == RULE:
            rule_id, message = CO_TREATMENT_RULE, _co_treated(code, shared[code]) + message
        return Finding(rule_id, severity, message, line=line_of.get(code), element=element)

    table = _CodeTable()
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
    expected = bill_units(
        minutes,
        method=method,
        co_treatment=dict(co_treatment or {}) or None,
        spans=spans,
    )
    units = {code: billed.get(code, 0) for code in expected.units}
    units.update({code: n for code, n in expected.units.items() if not table[code].timed})
    if not is_valid_allocation(expected.minutes, units_by_code=units, method=method):
        found += _compare(expected, units, finding)
    return found, expected


class _CodeTable:
    """codes() read through an entry's key ('97530 GO' is 97530)."""

    def __getitem__(self, key: str):
        return codes()[code_of(key)]


def _co_treated(code: str, by_discipline: Mapping[str, int]) -> str:
    who = " and ".join(f"{d} ({m} min)" for d, m in by_discipline.items())
    return (
        f"{code_of(code)} was co-treated by {who} in one shared block: the patient received"
        " those minutes once, so they count once. The disciplines may split the units, but"
        " together they cannot bill more than the one block supports. "
    )


def _why(expected: UnitResult, code: str) -> str:
    pool = pool_of_key(code)
    return why_units(
        code,
        expected.minutes[code],
        expected.units[code],
        method=expected.method,
        day_minutes=pool_minutes(expected)[pool],
        pool=pool,
    )


def _compare(expected: UnitResult, units: dict[str, int], finding) -> list[Finding]:
    found: list[Finding] = []
    tied = set(expected.tied_codes)
    flagged = set()
    for code, want in expected.units.items():
        have = units[code]
        low, high = (
            (expected.minutes[code] // 15, expected.minutes[code] // 15 + 1)
            if code in tied
            else (want, want)
        )
        if have > high or have < low:
            flagged.add(code)
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
    for group in expected.tie_groups:
        if flagged & set(group):
            continue  # a side of this tie already has its own finding
        have = sum(units[c] for c in group)
        want = sum(expected.units[c] for c in group)
        if have == want:
            continue
        over = have > want
        message = tie_message(list(group), want, have, over=over)
        found.append(finding("error" if over else "warning", message, group[0]))
    return found


def _total_only(
    billed: Mapping[str, int] | int, method: str, total: int | None, finding
) -> list[Finding]:
    timed_units = (
        billed
        if isinstance(billed, int)
        else sum(n for code, n in billed.items() if codes()[code_of(code)].timed)
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
