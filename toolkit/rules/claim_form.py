"""Check the boxes of a CMS-1500 that a therapy claim uses, box by box.

`check_form(boxes, lines, ...)` reads what a trainee typed into the boxes (text as typed)
and returns a `FormCheck`: `problems` (a box whose value has the wrong form, said beside that
box) and `findings` (each with `element` = the box, e.g. "24E", and `line` = the service line).
The service lines' code, modifiers and units are checked by `toolkit.rules.claims.check_claim`
itself (the claim checker's rules, with the minutes of the case note), never copied here;
this family adds the boxes check_claim does not read: referring provider (17), NPIs (17b,
24J, 33a), diagnosis codes (21) and pointers (24E), dates (24A), place of service (24B),
charges (24F), signature and billing provider (31, 33). With `case` (what the case note
says each box must hold) a box that disagrees with the note is a finding too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from toolkit.errors import BillingInputError
from toolkit.reference import places_of_service
from toolkit.rules.findings import Finding
from toolkit.rules.parsing import parse_dollars, shown

FAMILY = "claim_form"
SUBJECT = "form"
RULE_IDS = (
    "form-referring-provider",
    "form-npi",
    "form-diagnosis-codes",
    "form-diagnosis-pointer",
    "form-treating-diagnosis",
    "form-date-of-service",
    "form-place-of-service",
    "form-charges",
    "form-signature-billing",
    "ub04-type-of-bill",
    "ub04-occurrence-codes",
)
CITES = ()  # the service lines' findings are check_claim's own, with their own rule ids

LETTERS = "ABCDEFGHIJKL"  # box 21's twelve slots
QUALIFIERS = {"DN": "referring", "DK": "ordering", "DQ": "supervising"}
NPI_PREFIX = "80840"  # 80 health, 840 United States: the check digit counts it
# ICD-10-CM: a letter, a digit, a digit or letter, then optionally 1-4 more. The point is
# optional: Medicare's item 21 instructions leave it out on the form (R262 for R26.2).
ICD10 = re.compile(r"[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?", re.ASCII)
DATE_FORMATS = (
    re.compile(r"(?P<m>\d{2})/(?P<d>\d{2})/(?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
    re.compile(r"(?P<m>\d{2}) (?P<d>\d{2}) (?P<y>\d{2}|\d{4})"),
)
LINE_FIELDS = ("24A", "24B", "24D", "24E", "24F", "24G", "24J")
FORM_FIELDS = ("17", "17b", "21", "31", "33", "33a")


# -- reading one box (BillingInputError: the value has the wrong form) ---------------------


def luhn_ok(npi: str) -> bool:
    """True when the NPI's last digit is the Luhn check digit of 80840 + its first nine."""
    digits = [int(c) for c in NPI_PREFIX + npi]
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2 == 1:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return total % 10 == 0


def read_npi(raw: object, *, box: str) -> str:
    text = str(raw or "").strip().replace(" ", "")
    if not re.fullmatch(r"\d{10}", text, re.ASCII):
        raise BillingInputError(f"box {box}: an NPI is 10 digits; got {shown(text) or 'nothing'}")
    return text


def read_icd10(raw: object, *, slot: str) -> str:
    text = str(raw or "").strip().upper()
    if not ICD10.fullmatch(text):
        raise BillingInputError(
            f"box 21 {slot}: an ICD-10-CM code is a letter, a digit, a digit or letter, then up "
            f"to four more (like R262, written R26.2 in the code book); got {shown(text)}"
        )
    bare = text.replace(".", "")  # one spelling, so R262 and R26.2 are the same code
    return f"{bare[:3]}.{bare[3:]}" if len(bare) > 3 else bare


def read_pointers(raw: object) -> str:
    text = re.sub(r"[\s,]", "", str(raw or "")).upper()
    if not text or len(text) > 4 or any(c not in LETTERS for c in text):
        raise BillingInputError(
            f"box 24E: one to four letters from A to L (like AB); got {shown(text) or 'nothing'}"
        )
    if len(set(text)) != len(text):
        raise BillingInputError(f"box 24E: a letter is given twice in {text}")
    return text


def read_date(raw: object) -> date:
    text = str(raw or "").strip()
    for pattern in DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
            try:
                return date(year, int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise BillingInputError(
        f"box 24A: a date like 03/04/2026 (month/day/year); got {shown(text) or 'nothing'}"
    )


def read_place(raw: object) -> str:
    text = str(raw or "").strip()
    if not re.fullmatch(r"\d{2}", text, re.ASCII):
        raise BillingInputError(
            f"box 24B: a place of service is two digits (11 for an office); got "
            f"{shown(text) or 'nothing'}"
        )
    return text


def read_charge(raw: object) -> float:
    value = parse_dollars(str(raw or ""), what="box 24F charge")
    if value is None:
        raise BillingInputError("box 24F: enter the line's charge, like 120.00")
    return value


# -- the check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCheck:
    problems: dict[str, str]  # field key ("17b", "21A", "line 1 24E") -> what is wrong
    findings: tuple[Finding, ...]
    claim_check: object | None  # check_claim's ClaimCheck for the lines, None if unreadable

    @property
    def ok(self) -> bool:
        return not self.problems and not any(f.severity == "error" for f in self.findings)

    def for_box(self, box: str, line: int | None = None) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.element == box and f.line == line)


def _finding(rule_id: str, box: str, message: str, *, line=None, severity="error") -> Finding:
    return Finding(rule_id, severity, f"Box {box}: {message}", line=line, element=box)


def _try(problems: dict, key: str, read, *args, **kwargs):
    try:
        return read(*args, **kwargs)
    except BillingInputError as bad:
        problems[key] = str(bad)
        return None


def _diagnoses(boxes, problems, found) -> dict[str, str]:
    raw = boxes.get("21") or {}
    codes = {}
    for letter in LETTERS:
        text = str(raw.get(letter, "") or "").strip()
        if text:
            code = _try(problems, f"21{letter}", read_icd10, text, slot=letter)
            if code:
                codes[letter] = code
    if not codes and not any(k.startswith("21") for k in problems):
        found.append(_finding("form-diagnosis-codes", "21", "no diagnosis code: fill in A first"))
    filled = [letter for letter in LETTERS if str(raw.get(letter, "") or "").strip()]
    if filled and filled != list(LETTERS[: len(filled)]):
        found.append(
            _finding(
                "form-diagnosis-codes",
                "21",
                "fill the slots in order from A, with no gaps",
                severity="warning",
            )
        )
    seen: dict[str, str] = {}
    for letter, code in codes.items():
        if code in seen:
            found.append(
                _finding(
                    "form-diagnosis-codes",
                    "21",
                    f"{code} is in {seen[code]} and again in {letter}: list each code once",
                    severity="warning",
                )
            )
        seen.setdefault(code, letter)
    return codes


def _npi_box(boxes, box: str, problems, found, *, required: bool) -> None:
    text = str(boxes.get(box, "") or "").strip()
    if not text:
        if required:
            found.append(_finding("form-npi", box, "the NPI is missing"))
        return
    npi = _try(problems, box, read_npi, text, box=box)
    if npi and not luhn_ok(npi):
        found.append(
            _finding("form-npi", box, f"{npi} fails the NPI check digit: a digit was mistyped")
        )


def _blank(value: object) -> bool:
    return not str(value or "").strip()


def _filled(n: int, line, boxes: tuple[tuple[str, str, str], ...], found) -> set[str]:
    """The boxes of `line` that hold something; an empty one is a finding on that box."""
    filled = set()
    for box, rule_id, what in boxes:
        if _blank(line.get(box)):
            found.append(_finding(rule_id, box, f"{what} is empty", line=n))
        else:
            filled.add(box)
    return filled


LINE_RULES = (
    ("24A", "form-date-of-service", "the date of service"),
    ("24B", "form-place-of-service", "the place of service"),
    ("24E", "form-diagnosis-pointer", "the diagnosis pointer"),
    ("24F", "form-charges", "the charge"),
    ("24J", "form-npi", "the rendering NPI"),
)


def _line_boxes(n, line, codes, problems, found) -> None:
    where = f"line {n}"
    filled = _filled(n, line, LINE_RULES, found)
    if "24A" in filled:
        _try(problems, f"{where} 24A", read_date, line.get("24A"))
    place = _try(problems, f"{where} 24B", read_place, line.get("24B")) if "24B" in filled else None
    if place and place not in places_of_service():
        found.append(
            _finding(
                "form-place-of-service",
                "24B",
                f"{place} is not a place of service the course knows (11 office, 12 home)",
                line=n,
                severity="warning",
            )
        )
    pointers = (
        _try(problems, f"{where} 24E", read_pointers, line.get("24E")) if "24E" in filled else None
    )
    for letter in pointers or "":
        if letter not in codes and f"21{letter}" not in problems:
            found.append(
                _finding(
                    "form-diagnosis-pointer",
                    "24E",
                    f"{letter} points to an empty slot of box 21",
                    line=n,
                )
            )
    charge = (
        _try(problems, f"{where} 24F", read_charge, line.get("24F")) if "24F" in filled else None
    )
    if charge is not None and charge <= 0:
        found.append(_finding("form-charges", "24F", "the charge must be more than $0.00", line=n))
    npi = str(line.get("24J", "") or "").strip()
    if npi:
        checked = _try(problems, f"{where} 24J", read_npi, npi, box="24J")
        if checked and not luhn_ok(checked):
            found.append(
                _finding(
                    "form-npi",
                    "24J",
                    f"{checked} fails the NPI check digit: a digit was mistyped",
                    line=n,
                )
            )


def _service_lines(numbered, minutes, payer, year, therapy_spend, problems, found):
    """Code, modifiers and units through check_claim; its findings placed on 24D or 24G.
    `numbered`: (form line number, line) for the lines that hold something."""
    from toolkit.rules.claims import check_claim  # claims -> registry -> this module
    from toolkit.rules.registry import owner

    if not numbered:
        return None
    number = [n for n, _ in numbered]  # check_claim's line k is the form's line number[k-1]
    lines = [line for _, line in numbered]
    claim_lines = [
        {
            "code": str(line.get("24D code", "") or "").strip(),
            "units": str(line.get("24G", "") or "").strip(),
            "modifiers": str(line.get("24D modifiers", "") or ""),
            "minutes": (minutes or {}).get(str(line.get("24D code", "") or "").strip().upper()),
        }
        for line in lines
    ]
    try:
        result = check_claim(claim_lines, payer=payer, year=year, therapy_spend=therapy_spend)
    except BillingInputError as bad:
        box = "24G" if bad.column == "units" else "24D"
        key = f"line {number[bad.line - 1]} {box}" if bad.line else "lines"
        problems[key] = str(bad).split(": ", 1)[-1] if bad.line else str(bad)
        return None
    for f in result.findings:
        box = "24G" if owner(f.rule_id) in ("units_supported", "units") else "24D"
        line = number[f.line - 1] if f.line else None
        found.append(Finding(f.rule_id, f.severity, f"Box {box}: {f.message}", line, box))
    return result


def _against_case(boxes, lines, case, codes, problems, found) -> None:
    """Where a readable box disagrees with the case note, say what the note says."""

    def same(key: str, given: str, expected: str, rule_id: str, box: str, line=None) -> None:
        if key in problems or not given:
            return
        if given.strip().upper().replace(" ", "") != expected.upper().replace(" ", ""):
            found.append(
                _finding(rule_id, box, f"the case note gives {expected}, not {given}", line=line)
            )

    q = str(boxes.get("17 qualifier", "") or "")
    same("17", q, case["17 qualifier"], "form-referring-provider", "17")
    same("17b", str(boxes.get("17b", "") or ""), case["17b"], "form-npi", "17b")
    wanted = case["21"]
    if codes and set(codes.values()) != set(wanted.values()):
        missing = sorted(set(wanted.values()) - set(codes.values()))
        extra = sorted(set(codes.values()) - set(wanted.values()))
        said = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"not in the note: {', '.join(extra)}" if extra else "",
            )
            if part
        )
        found.append(_finding("form-diagnosis-codes", "21", f"the case note's diagnoses: {said}"))
    elif codes and codes.get("A") != wanted.get("A"):
        found.append(
            _finding(
                "form-treating-diagnosis",
                "21",
                f"the treating diagnosis {wanted['A']} usually goes in A, the main reason for "
                "the therapy (sequencing can differ by payer and MAC)",
                severity="warning",
            )
        )
    for n, (line, expected) in enumerate(zip(lines, case["lines"]), 1):
        where = f"line {n}"
        same(
            f"{where} 24A",
            str(line.get("24A", "")),
            expected["24A"],
            "form-date-of-service",
            "24A",
            n,
        )
        same(
            f"{where} 24B",
            str(line.get("24B", "")),
            expected["24B"],
            "form-place-of-service",
            "24B",
            n,
        )
        same(f"{where} 24J", str(line.get("24J", "")), expected["24J"], "form-npi", "24J", n)
        pointers = re.sub(r"[\s,]", "", str(line.get("24E", ""))).upper()
        letter_of = {code: letter for letter, code in codes.items()}
        wanted_letters = "".join(letter_of.get(c, "?") for c in expected["24E"])
        if f"{where} 24E" not in problems and pointers and "?" not in wanted_letters:
            if pointers[:1] != wanted_letters[:1]:
                found.append(
                    _finding(
                        "form-diagnosis-pointer",
                        "24E",
                        f"this line treats {expected['24E'][0]} first: point to "
                        f"{wanted_letters[0]} first",
                        line=n,
                    )
                )
    used = [line for line in lines if not all(map(_blank, line.values()))]
    if len(used) != len(case["lines"]):
        found.append(
            _finding(
                "form-date-of-service",
                "24A",
                f"the case note has {len(case['lines'])} service line(s); the form has "
                f"{len(used)} filled in",
            )
        )


def check_form(
    boxes: Mapping[str, object],
    *,
    lines: Sequence[Mapping[str, object]],
    minutes: Mapping[str, int] | None = None,
    payer: str = "medicare",
    year: int = 2026,
    therapy_spend: Mapping[str, float] | None = None,
    case: Mapping | None = None,
) -> FormCheck:
    """Every box checked. `boxes`: "17 qualifier", "17 name", "17b", "21" (a mapping of
    letters A-L to codes), "31", "33", "33a"; `lines`: per service line "24A", "24B",
    "24D code", "24D modifiers", "24E", "24F", "24G", "24J" (text as typed); `minutes`: the
    case note's minutes per code, so check_claim can count the units.

    Raises:
        BillingInputError: `boxes` or `lines` is not a mapping / a list of mappings (a
            lesson's mistake); a learner's typing is a `problems` entry, never raised.
    """
    if (
        not isinstance(boxes, Mapping)
        or isinstance(lines, (str, bytes, Mapping))
        or not isinstance(lines, Sequence)
    ):
        raise BillingInputError("a claim form is its boxes and a list of service lines")
    lines = list(lines)
    if not all(isinstance(line, Mapping) for line in lines):
        raise BillingInputError("the claim form needs at least one service line")
    problems: dict[str, str] = {}
    found: list[Finding] = []
    qualifier = str(boxes.get("17 qualifier", "") or "").strip().upper()
    name = str(boxes.get("17 name", "") or "").strip()
    if qualifier and qualifier not in QUALIFIERS:
        problems["17"] = f"box 17: the qualifier is DN, DK or DQ; got {shown(qualifier)}"
    if not name:
        found.append(
            _finding(
                "form-referring-provider",
                "17",
                "name the physician or NPP who referred the patient or certified the plan",
                severity="warning",
            )
        )
    elif not qualifier:
        found.append(_finding("form-referring-provider", "17", "the qualifier (DN) is missing"))
    _npi_box(boxes, "17b", problems, found, required=bool(name))
    codes = _diagnoses(boxes, problems, found)
    # A line left wholly blank is not on the claim (the case comparison counts the lines).
    numbered = [(n, line) for n, line in enumerate(lines, 1) if not all(map(_blank, line.values()))]
    for n, line in numbered:
        _line_boxes(n, line, codes, problems, found)
    if not numbered:
        found.append(_finding("form-date-of-service", "24A", "no service line is filled in"))
    result = _service_lines(numbered, minutes, payer, year, therapy_spend, problems, found)
    for box, what in (("31", "the signature"), ("33", "the billing provider's name")):
        if not str(boxes.get(box, "") or "").strip():
            found.append(_finding("form-signature-billing", box, f"{what} is missing"))
    _npi_box(boxes, "33a", problems, found, required=True)
    if case is not None:
        _against_case(boxes, lines, case, codes, problems, found)
    return FormCheck(problems, tuple(dict.fromkeys(found)), result)


def findings(form: Mapping) -> list[Finding]:
    """The family's face: `check_form(**form)`'s findings (`form` holds its keywords)."""
    boxes = form.get("boxes", {})
    rest = {k: v for k, v in form.items() if k != "boxes"}
    return list(check_form(boxes, **rest).findings)
