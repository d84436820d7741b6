"""Check a therapy claim (one patient, one date of service) the way a careful biller would.

`check_claim(lines, payer=..., year=...)` reads the lines once into a `Claim` and runs every
claim rule family of `toolkit.rules.registry` over it; the `ClaimCheck` it returns says, in
plain words, what is wrong, what to do, and the source of each rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from toolkit.errors import BillingInputError
from toolkit.reference import normalize_code, normalize_provider
from toolkit.rules.co_treatment import co_treated_blocks
from toolkit.rules.disciplines import pool_of
from toolkit.rules.findings import SEVERITIES, Finding
from toolkit.rules.parsing import (
    check_units,
    normalize_modifiers,
    parse_payer,
    parse_year,
    read_minutes,
)
from toolkit.rules.registry import claim_findings
from toolkit.rules.therapy_threshold import normalize_spend
from toolkit.rules.time_blocks import TimeBlock, parse_time_block
from toolkit.rules.units import UnitResult, check_method
from toolkit.rules.units_supported import expected_units

DEFAULT_METHOD = {"medicare": "cms", "commercial": "ama"}
FIELDS = ("code", "units", "modifiers", "minutes", "time_block", "furnished_by")


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
            "minutes": lambda: read_minutes(self.minutes, str(self.code)),
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


@dataclass(frozen=True, eq=False)
class Claim:
    """One checked claim: what every rule family's `findings(claim)` reads.

    `numbered` is [(line number, ClaimLine), ...]; `billed` the lines with units (0 units:
    documented only); `co_treated` the blocks one patient received from two or more
    disciplines at once (`toolkit.rules.co_treatment`), whose minutes count once; `pools`
    line number -> the discipline pool its minutes count in (`toolkit.rules.disciplines`)."""

    lines: tuple[ClaimLine, ...]
    payer: str
    year: int
    method: str
    therapy_spend: dict[str, float] | None = None
    numbered: tuple[tuple[int, ClaimLine], ...] = field(init=False, repr=False)
    billed: tuple[tuple[int, ClaimLine], ...] = field(init=False, repr=False)
    co_treated: dict = field(init=False, repr=False)
    pools: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        numbered = tuple(enumerate(self.lines, 1))
        object.__setattr__(self, "numbered", numbered)
        object.__setattr__(self, "billed", tuple((n, x) for n, x in numbered if x.units > 0))
        object.__setattr__(self, "co_treated", co_treated_blocks(numbered))
        pools = {n: pool_of(x.code, x.modifiers, x.furnished_by) for n, x in numbered}
        object.__setattr__(self, "pools", pools)

    @classmethod
    def read(
        cls,
        lines: object,
        *,
        payer: object = "medicare",
        year: object = 2026,
        method: object = None,
        therapy_spend: object = None,
    ) -> Claim:
        """A claim from a trainee's values.

        Raises:
            BillingInputError: a bad payer, year, method, spending or line (the message
            names the line and the field)."""
        payer = parse_payer(payer)
        year = parse_year(year)
        method = DEFAULT_METHOD[payer] if method is None else check_method(method)
        spend = normalize_spend(therapy_spend)
        return cls(claim_lines(lines), payer, year, method, spend)


_RANK = {severity: i for i, severity in enumerate(SEVERITIES)}


def check_claim(
    lines,
    *,
    payer: str = "medicare",
    year: int = 2026,
    method: str | None = None,
    therapy_spend: Mapping[str, float] | None = None,
) -> ClaimCheck:
    """Every claim rule over one patient's lines for one date of service.

    Raises:
        BillingInputError: a bad payer, year, method, spending or line (see `Claim.read`)."""
    claim = Claim.read(lines, payer=payer, year=year, method=method, therapy_spend=therapy_spend)
    found = claim_findings(claim)
    ordered = sorted(dict.fromkeys(found), key=lambda f: (_RANK[f.severity], f.line or 0))
    return ClaimCheck(
        claim.lines, claim.payer, claim.year, claim.method, tuple(ordered), expected_units(claim)
    )
