"""Check a therapy claim (one patient, one date of service) the way a careful biller would.

`check_claim(lines, payer, year)` runs every claim rule and returns a `ClaimCheck` whose
findings say, in plain words, what is wrong, what to do, and the source of each rule.
The rules themselves live in small modules named for what they check:
`modifier_rules`, `code_pair_rules`, `who_may_bill`, `medicare_coverage`, `therapy_threshold`,
`units_supported`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral

from toolkit.errors import BillingInputError
from toolkit.reference import codes, normalize_code, normalize_provider
from toolkit.rules.co_treatment import co_treated_blocks
from toolkit.rules.code_pairs import code_pair_findings, overlap_findings
from toolkit.rules.findings import SEVERITIES, Finding
from toolkit.rules.medicare_coverage import coverage_findings
from toolkit.rules.modifiers import modifier_findings
from toolkit.rules.therapy_threshold import normalize_spend, threshold_findings
from toolkit.rules.time_blocks import TimeBlock, parse_time_block
from toolkit.rules.units import UnitResult, check_method, check_minutes, units_for_minutes
from toolkit.rules.units_supported import units_supported_findings
from toolkit.rules.who_may_bill import who_may_bill_findings

PAYERS = ("medicare", "commercial")
DEFAULT_METHOD = {"medicare": "cms", "commercial": "ama"}
MAX_UNITS = 96
FIELDS = ("code", "units", "modifiers", "minutes", "time_block", "furnished_by")
_MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
_MODIFIER_SPLIT = re.compile(r"[\s,;/+\-]+")
_WHOLE = re.compile(r"\s*\d+\s*", re.ASCII)


def whole_number(raw: object) -> int | None:
    """An int from an int or a string of ASCII digits; None for anything else."""
    if isinstance(raw, Integral) and not isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, str) and _WHOLE.fullmatch(raw):
        return int(raw)
    return None


def check_units(raw: object) -> int:
    units = whole_number(raw)
    if units is None or not 0 <= units <= MAX_UNITS:
        raise BillingInputError(
            f"units must be a whole number from 0 to {MAX_UNITS} (0 = documented, not billed);"
            f" got {raw!r}"
        )
    return units


def _minutes(raw: object, code: str) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    number = whole_number(raw)
    return check_minutes(raw if number is None else number, code)


def normalize_modifiers(raw: object) -> tuple[str, ...]:
    """'GP,59', 'GP 59', 'gp-59' or ['GP', '59'] -> ('GP', '59')."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        parts = [p for p in _MODIFIER_SPLIT.split(raw) if p]
    elif isinstance(raw, (list, tuple)) and all(isinstance(p, str) for p in raw):
        parts = [p.strip() for p in raw]
    else:
        raise BillingInputError(f"modifiers are written like GP or GP,59; got {raw!r}")
    modifiers = tuple(p.upper() for p in parts)
    for modifier in modifiers:
        if not _MODIFIER.match(modifier):
            raise BillingInputError(
                f"modifier {modifier!r} is not valid: a modifier is 2 letters or digits,"
                " such as GP, CQ, KX or 59"
            )
    repeated = sorted({m for m in modifiers if modifiers.count(m) > 1})
    if repeated:
        raise BillingInputError(f"modifier {repeated[0]} is written twice on one line")
    return modifiers


def _tag(error: BillingInputError, column: str) -> BillingInputError:
    """Remember which field was wrong, so the command line can name the column."""
    return type(error)(str(error), column=column)


@dataclass(frozen=True)
class ClaimLine:
    """One claim line. Values are checked and normalized when the line is made."""

    code: str
    units: int
    modifiers: tuple[str, ...] = ()
    minutes: int | None = None
    time_block: str | None = None  # a label ("A") or clock ranges ("9:00-9:23; 9:40-9:50")
    furnished_by: str = "PT"
    block: TimeBlock | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        checks = {
            "code": lambda: normalize_code(self.code),
            "units": lambda: check_units(self.units),
            "modifiers": lambda: normalize_modifiers(self.modifiers),
            "minutes": lambda: _minutes(self.minutes, str(self.code)),
            "furnished_by": lambda: (
                "PT" if self.furnished_by in (None, "") else normalize_provider(self.furnished_by)
            ),
        }
        for name, check in checks.items():
            try:
                object.__setattr__(self, name, check())
            except BillingInputError as bad:
                raise _tag(bad, name) from None
        try:
            block = parse_time_block(self.time_block)
        except BillingInputError as bad:
            raise _tag(bad, "time_block") from None
        object.__setattr__(self, "time_block", block.text if block else None)
        object.__setattr__(self, "block", block)

    @classmethod
    def from_mapping(cls, row: Mapping) -> ClaimLine:
        unknown = [key for key in row if key not in FIELDS]
        if unknown:
            raise _tag(
                BillingInputError(
                    f"unknown field {unknown[0]!r}; a claim line has {', '.join(FIELDS)}"
                ),
                str(unknown[0]),
            )
        for required in ("code", "units"):
            if required not in row or row[required] in (None, ""):
                raise _tag(BillingInputError(f"the {required} is missing"), required)
        return cls(**row)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "units": self.units,
            "modifiers": list(self.modifiers),
            "minutes": self.minutes,
            "time_block": self.time_block,
            "furnished_by": self.furnished_by,
        }


@dataclass(frozen=True)
class ClaimCheck:
    lines: tuple[ClaimLine, ...]
    payer: str
    year: int
    method: str
    findings: tuple[Finding, ...]
    unit_result: UnitResult | None  # None when some line has no minutes

    @property
    def expected_units(self) -> dict[str, int] | None:
        return dict(self.unit_result.units) if self.unit_result else None

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def rule_ids(self) -> frozenset[str]:
        return frozenset(f.rule_id for f in self.findings)

    def by_severity(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)

    def as_dict(self) -> dict[str, object]:
        return {
            "payer": self.payer,
            "year": self.year,
            "method": self.method,
            "ok": self.ok,
            "expected_units": self.expected_units,
            "findings": [f.as_dict() for f in self.findings],
            "lines": [line.as_dict() for line in self.lines],
        }


def _payer(raw: object) -> str:
    payer = raw.strip().lower() if isinstance(raw, str) else None
    if payer not in PAYERS:
        raise BillingInputError(f"payer must be 'medicare' or 'commercial'; got {raw!r}")
    return payer


def _year(raw: object) -> int:
    year = whole_number(raw)
    if year is None or not 1990 <= year <= 2100:
        raise BillingInputError(f"the service year must be a year from 1990 to 2100; got {raw!r}")
    return year


def claim_lines(lines: object) -> tuple[ClaimLine, ...]:
    """ClaimLine objects from ClaimLines or dicts; errors name the line number."""
    if isinstance(lines, (str, bytes, Mapping, ClaimLine)) or not isinstance(lines, Iterable):
        raise BillingInputError("a claim is a list of lines (code, units, modifiers, minutes, ...)")
    checked = []
    for n, line in enumerate(lines, 1):
        try:
            if isinstance(line, ClaimLine):
                checked.append(line)
            elif isinstance(line, Mapping):
                checked.append(ClaimLine.from_mapping(line))
            else:
                raise BillingInputError(f"a claim line has code, units, modifiers...; got {line!r}")
        except BillingInputError as bad:
            raise BillingInputError(f"line {n}: {bad}", line=n, column=bad.column) from None
    if not checked:
        raise BillingInputError("the claim has no lines: enter at least one code with its units")
    return tuple(checked)


def evaluation_findings(lines) -> list[Finding]:
    """One PT and one OT evaluation or re-evaluation per date of service."""
    found = []
    for discipline in ("PT", "OT"):
        seen = [
            (n, line.code)
            for n, line in lines
            if codes()[line.code].kind == "evaluation"
            and codes()[line.code].discipline == discipline
        ]
        span = "97161-97164" if discipline == "PT" else "97165-97168"
        for n, code in seen[1:]:
            found.append(
                Finding(
                    "one-evaluation-per-day",
                    "error",
                    f"Only one {discipline} evaluation or re-evaluation ({span}) may be billed per date"
                    f" of service; {seen[0][1]} is already on line {seen[0][0]}. Keep the one that was"
                    f" done and remove {code}.",
                    n,
                )
            )
    return found


def one_line_per_code_findings(lines) -> list[Finding]:
    first: dict[tuple, tuple[int, ClaimLine]] = {}
    found = []
    for n, line in lines:
        key = (line.code, frozenset(line.modifiers))
        if key in first:
            n0, line0 = first[key]
            found.append(
                Finding(
                    "one-line-per-code",
                    "error",
                    f"{line.code} is on lines {n0} and {n} with the same modifiers. All units of one code"
                    f" for one date go on one line: put {line.code}'s units on line {n0} (as many as"
                    " the minutes support) and remove this line.",
                    n,
                )
            )
        else:
            first[key] = (n, line)
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


def _units_findings(
    numbered, payer: str, method: str, shared: dict | None = None
) -> tuple[list[Finding], UnitResult | None]:
    shared = shared or {}
    billed: dict[str, int] = {}
    minutes: dict[str, int] = {}
    line_of: dict[str, int] = {}
    for n, line in numbered:
        billed[line.code] = billed.get(line.code, 0) + line.units
        line_of.setdefault(line.code, n)
        if line.minutes is not None and line.code not in shared:
            minutes[line.code] = minutes.get(line.code, 0) + line.minutes
    complete = all(line.minutes is not None for _, line in numbered)
    co_treatment = {code: by_discipline for code, (_, by_discipline) in shared.items()}
    found, result = units_supported_findings(
        billed,
        minutes if complete else None,
        method,
        line_of=line_of,
        co_treatment=co_treatment if complete and co_treatment else None,
    )
    if (
        result
        and payer == "medicare"
        and method == "ama"
        and not any(f.severity == "error" for f in found)
    ):
        timed_units = sum(n for code, n in billed.items() if codes()[code].timed)
        if timed_units > units_for_minutes(result.timed_minutes):
            found.append(
                Finding(
                    "average-15-per-unit",
                    "info",
                    f"{timed_units} timed units are billed for {result.timed_minutes} timed minutes."
                    f" Medicare pools the day's timed minutes (the 8-minute rule): {result.timed_minutes}"
                    f" minutes make {units_for_minutes(result.timed_minutes)} units, and it expects about"
                    " 15 minutes of direct contact per unit. Check that counting per code is right for"
                    " this claim.",
                )
            )
    return found, result


_RANK = {severity: i for i, severity in enumerate(SEVERITIES)}


def check_claim(
    lines,
    payer: str = "medicare",
    year: int = 2026,
    method: str | None = None,
    therapy_spend: Mapping[str, float] | None = None,
) -> ClaimCheck:
    """Every claim rule over one patient's lines for one date of service."""
    payer = _payer(payer)
    year = _year(year)
    method = DEFAULT_METHOD[payer] if method is None else check_method(method)
    spend = normalize_spend(therapy_spend)
    checked = claim_lines(lines)
    numbered = list(enumerate(checked, 1))
    billed = [(n, line) for n, line in numbered if line.units > 0]  # 0 units: documented only
    shared = co_treated_blocks(numbered)  # one block, two disciplines: its minutes count once
    units_found, result = _units_findings(numbered, payer, method, shared)
    found = (
        modifier_findings(billed, payer, year)
        + overlap_findings(numbered, {pair for pair, _ in shared.values()})
        + clock_minutes_findings(numbered)
        + code_pair_findings(billed, year)
        + evaluation_findings(billed)
        + one_line_per_code_findings(billed)
        + units_found
        + who_may_bill_findings(billed, payer)
        + coverage_findings(billed, payer)
        + threshold_findings(billed, payer, year, spend)
    )
    ordered = sorted(dict.fromkeys(found), key=lambda f: (_RANK[f.severity], f.line or 0))
    return ClaimCheck(checked, payer, year, method, tuple(ordered), result)
