"""Reference data shipped with the toolkit: codes, rules and their sources.

Every fact lives in a CSV under `toolkit/reference/data/` with its source and a confidence mark
(CMS, secondary, unverified). Rules and widgets ask this module; nothing else reads
the files, and each file is read once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from toolkit.errors import BillingInputError
from toolkit.settings import code_pairs_file

CONFIDENCE_LABELS = {
    "CMS": "CMS manual",
    "secondary": "secondary source",
    "unverified": "UNVERIFIED",
}


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("toolkit.reference.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class Code:
    code: str
    timed: bool
    kind: str  # treatment, modality or evaluation
    discipline: str  # PT/OT, PT, OT or SLP
    description: str
    source: str
    confidence: str


@dataclass(frozen=True)
class Rule:
    rule_id: str
    title: str
    source: str
    confidence: str

    @property
    def citation(self) -> str:
        """The source as a learner sees it, with its confidence mark."""
        return f"{self.source} [{CONFIDENCE_LABELS[self.confidence]}]"


@cache
def codes() -> dict[str, Code]:
    return {
        row["code"]: Code(
            code=row["code"],
            timed=row["timed"] == "yes",
            kind=row["kind"],
            discipline=row["discipline"],
            description=row["description"],
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in _rows("codes.csv")
    }


@cache
def rules() -> dict[str, Rule]:
    return {row["rule_id"]: Rule(**row) for row in _rows("rules.csv")}


def rule(rule_id: str) -> Rule:
    """The rule with this id; a typo here is a programming error, so KeyError is right."""
    return rules()[rule_id]


def normalize_code(raw: object) -> str:
    """A known code as text ('97530', 'G0283').

    Raises:
        BillingInputError: `raw` is not text or a whole number, or not a code this course
            knows; the message names the bad value.
    """
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise BillingInputError(f"a code must be written like 97530; got {raw!r}")
    code = str(raw).strip().upper()
    if code not in codes():
        raise BillingInputError(
            f"{code or '(blank)'} is not a code this course knows; "
            "check the digits (for example 97530, 97110, 97140)"
        )
    return code


def code_info(raw: object) -> Code:
    return codes()[normalize_code(raw)]


def is_timed(code: str) -> bool:
    return code_info(code).timed


@cache
def thresholds() -> dict[int, dict[str, str]]:
    """KX threshold rows by year (amounts as text, with source and confidence)."""
    return {int(row["year"]): row for row in _rows("thresholds.csv")}


CODE_PAIRS_ENV = "CPT97530_CODE_PAIRS"  # a merged pairs file from `cpt97530 pairs`
PAIR_KINDS = (
    "distinct-intervals",
    "group-vs-one-on-one",
    "re-evaluation",
    "evaluation-deleted",
    "not-bypassable",
)


def packaged_code_pairs() -> tuple[dict[str, str], ...]:
    """The pairs that come with the toolkit (secondary sources and history)."""
    return tuple(_rows("code_pairs.csv"))


@cache
def code_pairs() -> tuple[dict[str, str], ...]:
    """The code-pair edits: the packaged file, or the file CPT97530_CODE_PAIRS names.

    Read once per process: after changing the variable, restart the kernel (or command)."""
    path = code_pairs_file()
    if not path:
        return packaged_code_pairs()
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows, header = tuple(reader), reader.fieldnames or []
    except (OSError, UnicodeDecodeError) as problem:
        reason = getattr(problem, "strerror", None) or "not a text file"
        raise BillingInputError(
            f"{CODE_PAIRS_ENV} names the code-pairs file {path}, which cannot be"
            f" read ({reason}); fix the path or unset {CODE_PAIRS_ENV} to use the"
            " pairs that come with the toolkit"
        ) from None
    # Why: an empty or header-only file would quietly turn every code-pair edit off.
    missing = [f for f in CODE_PAIR_FIELDS if f not in header]
    if missing or not rows:
        what = f"no {', '.join(missing)} column" if missing else "no code pairs in it"
        raise BillingInputError(
            f"{CODE_PAIRS_ENV} file {path}: {what}; write the file with `cpt97530 pairs`,"
            f" or unset {CODE_PAIRS_ENV} to use the pairs that come with the toolkit"
        )
    for number, row in enumerate(rows, 2):
        _check_pair_row(path, number, row)
    return rows


# The columns of code_pairs.csv (and of a CPT97530_CODE_PAIRS file, and of a PTP import).
CODE_PAIR_FIELDS = (
    "column_one",
    "column_two",
    "kind",
    "bypass_modifiers",
    "modifier_on",
    "effective",
    "ended",
    "source",
    "confidence",
    "note",
)


def _check_pair_row(path: str, number: int, row: dict[str, str]) -> None:
    where = f"{CODE_PAIRS_ENV} file {path} row {number}"
    missing = [f for f in CODE_PAIR_FIELDS if row.get(f) is None]  # a row cut short
    if missing:
        raise BillingInputError(
            f"{where}: no {', '.join(missing)} column; write the file with `cpt97530 pairs`"
        )
    if row["kind"] not in PAIR_KINDS:
        raise BillingInputError(
            f"{where}: kind must be one of {', '.join(PAIR_KINDS)}; got {row['kind']!r}"
        )
    if row["confidence"] not in CONFIDENCE_LABELS:
        raise BillingInputError(
            f"{where}: confidence must be one of {', '.join(CONFIDENCE_LABELS)};"
            f" got {row['confidence']!r}"
        )
    for field in ("effective", "ended"):
        try:
            # An unverified pair with no source has no date to give (97150 + 97530).
            if row[field] or (field == "effective" and row["confidence"] != "unverified"):
                if len(row[field]) != 10:  # fromisoformat would also take 20260101
                    raise ValueError
                date.fromisoformat(row[field])
        except ValueError:
            raise BillingInputError(
                f"{where}: {field} must be a date like 2026-01-01; got {row[field]!r}"
            ) from None


@cache
def modifiers() -> dict[str, dict[str, str]]:
    return {row["modifier"]: row for row in _rows("modifiers.csv")}


@cache
def providers() -> dict[str, dict[str, str]]:
    return {row["role"]: row for row in _rows("providers.csv")}


@cache
def _provider_aliases() -> dict[str, str]:
    aliases = {}
    for role, row in providers().items():
        aliases[role.lower()] = role
        for alias in row["aliases"].split(";"):
            aliases[alias.strip().lower()] = role
    return aliases


def normalize_provider(raw: object) -> str:
    """The role ('PT', 'OTA', 'chiropractor', ...) for a title or abbreviation."""
    text = str(raw).strip().lower() if isinstance(raw, str) else ""
    role = _provider_aliases().get(text)
    if role is None:
        known = ", ".join(providers())
        raise BillingInputError(f"who furnished the service must be one of {known}; got {raw!r}")
    return role


# --- the claim form and the remittance (lessons 12 and 13) ---------------------------------


@cache
def adjustment_codes() -> dict[tuple[str, str], dict[str, str]]:
    """Group codes, CARCs and RARCs the course explains, by (kind, code): ("carc", "97")."""
    return {(row["kind"], row["code"]): row for row in _rows("adjustment_codes.csv")}


@cache
def places_of_service() -> dict[str, dict[str, str]]:
    """Place-of-service codes (box 24B) the course knows, by their two digits."""
    return {row["code"]: row for row in _rows("place_of_service.csv")}


@cache
def claim_form_boxes() -> dict[tuple[str, str], dict[str, str]]:
    """What each box of the CMS-1500 (and each UB-04 field that differs) holds, by (form, box)."""
    return {(row["form"], row["box"]): row for row in _rows("claim_form_boxes.csv")}
