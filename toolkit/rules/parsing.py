"""Reading a trainee's values once: whole numbers, units, modifiers, the payer and the year.

The claim checker, the treatment-note checker, the visit-log reader, grading and the widgets
all read values through these functions, so one value is read the same way everywhere and
a bad one gets the same message.
"""

from __future__ import annotations

import re
from numbers import Integral, Real

from toolkit.errors import BillingInputError

PAYERS = ("medicare", "commercial")
MAX_UNITS = 96  # 24 hours of 15-minute units: more on one line is a typing slip
MAX_MINUTES_PER_DAY = 1440
FIRST_YEAR, LAST_YEAR = 1990, 2100
_MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
_MODIFIER_SPLIT = re.compile(r"[\s,;/+\-]+")
_WHOLE = re.compile(r"\d+", re.ASCII)
_WHOLE_OR_POINT_ZERO = re.compile(r"\d+(\.0*)?", re.ASCII)
# Why: no count a trainee types is longer, and int() refuses strings over 4,300 digits
# (ValueError) while float() turns them into inf: either would be a fault, not a message.
MOST_DIGITS = 18
SHOWN_CHARACTERS = 40  # a longer value is described in a message, not repeated


def shown(raw: object) -> str:
    """`raw` as a message quotes it: its repr, or its length when that would flood the line."""
    text = repr(raw)
    if len(text) <= SHOWN_CHARACTERS:
        return text
    kind = "a number" if str(raw).strip().isdigit() else "a value"
    return f"{kind} {len(str(raw)):,} characters long"


def whole_number(raw: object, *, spreadsheet: bool = False) -> int | None:
    """An int from an int or a string of ASCII digits; None for anything else.

    `spreadsheet=True` also takes 30.0 and '30.0': a spreadsheet cell stores whole numbers
    as floats, so a visit log read from Excel or CSV writes them that way."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, Integral):
        return int(raw)
    if spreadsheet and isinstance(raw, Real):
        return int(raw) if float(raw).is_integer() else None
    pattern = _WHOLE_OR_POINT_ZERO if spreadsheet else _WHOLE
    # Spaces around the digits are what str.strip() removes (a pasted no-break space too), as
    # every text box strips them: one rule for the boxes, the CLI and the files.
    if isinstance(raw, str) and pattern.fullmatch(raw.strip()):
        digits = raw.strip().partition(".")[0]
        return int(digits) if len(digits.lstrip("0")) <= MOST_DIGITS else None
    return None


def check_minutes(value: object, what: str) -> int:
    """A whole number of minutes from 0 to 1440.

    Raises:
        BillingInputError: anything else, naming `what`."""
    if type(value) is int or (isinstance(value, Integral) and not isinstance(value, bool)):
        if 0 <= value <= MAX_MINUTES_PER_DAY:
            return int(value)
    raise BillingInputError(
        f"minutes for {what} must be a whole number from 0 to {MAX_MINUTES_PER_DAY};"
        f" got {shown(value)}"
    )


def read_minutes(raw: object, what: str, *, spreadsheet: bool = False) -> int | None:
    """Minutes from a claim line, a note or a log cell: None when blank, else 0 to 1440.

    `spreadsheet=True` also takes 30.0 (see `whole_number`).

    Raises:
        BillingInputError: not a whole number of minutes, naming `what`."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    number = whole_number(raw, spreadsheet=spreadsheet)
    return check_minutes(raw if number is None else number, what)


def check_units(raw: object) -> int:
    """Billed units on one line: a whole number from 0 (documented, not billed) to 96.

    Raises:
        BillingInputError: anything else, with the value given."""
    units = whole_number(raw)
    if units is None or not 0 <= units <= MAX_UNITS:
        raise BillingInputError(
            f"units must be a whole number from 0 to {MAX_UNITS} (0 = documented, not billed);"
            f" got {shown(raw)}"
        )
    return units


def normalize_modifiers(raw: object) -> tuple[str, ...]:
    """'GP,59', 'GP 59', 'gp-59' or ['GP', '59'] -> ('GP', '59').

    Raises:
        BillingInputError: not text or a list of text, a modifier that is not 2 letters or
        digits, or one modifier written twice."""
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


def parse_modifiers(
    raw: object, *, known: frozenset[str] | None = None, code: str = "this"
) -> tuple[str, ...]:
    """Modifiers as the claim checker reads them, from a form, a claim or a spreadsheet cell.

    A cell holding 59 alone arrives as the number 59 (or 59.0). `known`, when given, is the
    set of modifiers the caller accepts (an exercise's choices); `code` names the line.

    Raises:
        BillingInputError: as `normalize_modifiers`, or a modifier outside `known`."""
    if raw is not None and not isinstance(raw, (str, list, tuple)):
        number = whole_number(raw, spreadsheet=True)
        raw = str(number) if number is not None else raw
    found = normalize_modifiers(raw)
    unknown = [m for m in found if known is not None and m not in known]
    if unknown:
        raise BillingInputError(
            f"{', '.join(unknown)} on the {code} line is not a modifier this course uses"
            f" (choose from {', '.join(sorted(known))})"
        )
    return found


def parse_payer(raw: object) -> str:
    """'Medicare ' -> 'medicare'.

    Raises:
        BillingInputError: a payer other than those in `PAYERS`."""
    payer = raw.strip().lower() if isinstance(raw, str) else None
    if payer not in PAYERS:
        raise BillingInputError(f"payer must be one of {', '.join(PAYERS)}; got {raw!r}")
    return payer


def parse_year(raw: object) -> int:
    """The service year, 1990 to 2100.

    Raises:
        BillingInputError: not a whole number in that range."""
    year = whole_number(raw)
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise BillingInputError(
            f"the service year must be a year from {FIRST_YEAR} to {LAST_YEAR}; got {shown(raw)}"
        )
    return year


_DOLLARS = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,9})(?:\.[0-9]{1,2})?")


def parse_dollars(text: str, *, what: str) -> float | None:
    """A typed dollar amount: '$2,500' -> 2500.0; blank -> None.

    Raises:
        BillingInputError: anything but an amount from 0 up, naming `what`."""
    cleaned = (text or "").strip().removeprefix("$").strip()
    if not cleaned:
        return None
    if not _DOLLARS.fullmatch(cleaned):  # commas only between thousands: "2.500,00" is refused
        raise BillingInputError(
            f"{what} must be an amount in dollars such as 2,450; got {shown(text)}"
        )
    amount = float(cleaned.replace(",", ""))
    return amount
