"""Read a short X12 835 (electronic remittance advice): the subset a therapy biller reads.

`read_835(text)` returns a `Remittance`: the payer, the payee, the payment, and per claim its
charge, payment, patient share and adjustments (CAS), and per service line (SVC) its code,
modifiers, units, date and adjustments, with the remark codes (LQ, MOA). Standard library only.

What is refused, each with one plain line (`BillingInputError`): text that is not X12 (an
835 starts with ISA, or with ST*835 for a fragment), a transaction that is not an 835, a
segment cut off (no terminator at the end), an envelope that ends early (no SE or IEA, or an
SE count that does not match), an amount or a count that is not a number, and anything over
MAX_CHARS (a lesson's 835 is a few hundred characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from toolkit.errors import BillingInputError

MAX_CHARS = 100_000
ISA_LENGTH = 106  # the ISA segment is fixed width: separators sit at known places
AMOUNT = re.compile(r"-?\d{1,9}(\.\d{1,2})?")


@dataclass(frozen=True)
class Adjustment:
    group: str  # CO, PR, OA (PI, CR)
    reason: str  # the CARC, e.g. "97"
    amount: Decimal
    quantity: str = ""


@dataclass(frozen=True)
class ServicePayment:
    code: str
    modifiers: tuple[str, ...]
    charge: Decimal
    paid: Decimal
    units: str
    date: str = ""  # CCYYMMDD as sent (DTM*472)
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()  # RARCs (LQ*HE)


@dataclass(frozen=True)
class ClaimPayment:
    claim_id: str  # CLP01, the clinic's patient control number
    status: str  # CLP02: 1 processed as primary, 4 denied, 22 reversal...
    charge: Decimal
    paid: Decimal
    patient_share: Decimal
    payer_claim_number: str
    patient: str = ""
    adjustments: tuple[Adjustment, ...] = ()  # claim-level CAS
    remarks: tuple[str, ...] = ()  # MOA remark codes
    services: tuple[ServicePayment, ...] = ()


@dataclass(frozen=True)
class Remittance:
    payer: str
    payee: str
    payment: Decimal
    claims: tuple[ClaimPayment, ...]


# -- cutting the text into segments --------------------------------------------------------


def _separators(text: str) -> tuple[str, str, str]:
    """(element, component, segment) separators: from the ISA, or * : ~ for a fragment."""
    if text.startswith("ISA"):
        if len(text) < ISA_LENGTH:
            raise BillingInputError(
                "the 835 is cut off inside its first segment (ISA): paste the whole file"
            )
        return text[3], text[104], text[105]
    return "*", ":", "~"


def _segments(text: str) -> list[list[str]]:
    element, _component, terminator = _separators(text)
    if element.isalnum() or terminator.isalnum() or element == terminator:
        raise BillingInputError("this is not an X12 file: its ISA segment has no separators")
    pieces = text.split(terminator)
    # A line break as terminator was stripped off the end with the spaces: the SE count and
    # the IEA still show a cut-off file.
    tail = "" if terminator.isspace() else pieces.pop().strip()
    if tail:
        name = tail.split(element, 1)[0][:8] or "the last segment"
        raise BillingInputError(
            f"the 835 is cut off: segment {name} has no {terminator} at its end "
            "(paste the whole file)"
        )
    segments = []
    for piece in pieces:
        cleaned = piece.strip("\r\n\t ")
        if cleaned:
            segments.append(cleaned.split(element))
    return segments


def _check_envelope(segments: list[list[str]], *, has_isa: bool) -> list[list[str]]:
    """The ST ... SE of one 835; the segments inside it."""
    ids = [s[0] for s in segments]
    if "ST" not in ids:
        raise BillingInputError("this X12 file has no transaction (no ST segment)")
    start = ids.index("ST")
    kind = segments[start][1] if len(segments[start]) > 1 else ""
    if kind != "835":
        raise BillingInputError(
            f"this is an X12 {kind or '(no number)'} file, not an 835 remittance advice"
        )
    if "SE" not in ids[start:]:
        raise BillingInputError("the 835 is cut off: it has no SE segment closing it")
    end = ids.index("SE", start)
    told = segments[end][1] if len(segments[end]) > 1 else ""
    counted = end - start + 1
    if told != str(counted):
        raise BillingInputError(
            f"the 835 is cut off or edited: its SE segment says {told or 'nothing'} "
            f"segments, it has {counted}"
        )
    if has_isa and "IEA" not in ids[end:]:
        raise BillingInputError("the 835 is cut off: it has no IEA segment at its end")
    return segments[start + 1 : end]


# -- values ----------------------------------------------------------------------------------


def _get(segment: list[str], index: int) -> str:
    return segment[index].strip() if len(segment) > index else ""


def _amount(segment: list[str], index: int, what: str) -> Decimal:
    raw = _get(segment, index)
    if not raw:
        return Decimal(0)
    if not AMOUNT.fullmatch(raw):
        raise BillingInputError(
            f"segment {segment[0]}: the {what} {raw[:20]!r} is not an amount like 125.00"
        )
    try:
        return Decimal(raw)
    except InvalidOperation:  # the pattern above already excludes this; kept for safety
        raise BillingInputError(f"segment {segment[0]}: the {what} is not an amount") from None


def _adjustments(segment: list[str]) -> list[Adjustment]:
    group = _get(segment, 1)
    if not group.isalpha() or len(group) != 2:
        raise BillingInputError(f"segment CAS: {group[:10]!r} is not a group code like CO or PR")
    found = []
    for start in range(2, min(len(segment), 20), 3):  # up to six reason/amount/quantity
        reason = _get(segment, start)
        if not reason:
            continue
        found.append(
            Adjustment(
                group.upper(),
                reason.upper(),
                _amount(segment, start + 1, "adjustment amount"),
                _get(segment, start + 2),
            )
        )
    if not found:
        raise BillingInputError("segment CAS: it has a group code but no reason code")
    return found


@dataclass
class _Building:
    """A claim or a service line being read: the segments after it attach to it."""

    head: dict
    adjustments: list = field(default_factory=list)
    remarks: list = field(default_factory=list)
    services: list = field(default_factory=list)


def _service(segment: list[str], component: str) -> _Building:
    composite = _get(segment, 1).split(component)
    if len(composite) < 2 or not composite[1]:
        raise BillingInputError(
            f"segment SVC: {_get(segment, 1)[:20]!r} does not name a procedure like HC:97530"
        )
    units = _get(segment, 5) or "1"
    if not re.fullmatch(r"\d{1,4}(\.\d+)?", units):
        raise BillingInputError(f"segment SVC: the units {units[:10]!r} are not a number")
    return _Building(
        {
            "code": composite[1].upper(),
            "modifiers": tuple(m.upper() for m in composite[2:6] if m),
            "charge": _amount(segment, 2, "line charge"),
            "paid": _amount(segment, 3, "line payment"),
            "units": units,
        }
    )


def _finish_service(built: _Building) -> ServicePayment:
    return ServicePayment(
        **built.head, adjustments=tuple(built.adjustments), remarks=tuple(built.remarks)
    )


def _finish_claim(built: _Building) -> ClaimPayment:
    return ClaimPayment(
        **built.head,
        adjustments=tuple(built.adjustments),
        remarks=tuple(built.remarks),
        services=tuple(_finish_service(s) for s in built.services),
    )


def read_835(text: object) -> Remittance:
    """The 835 in `text`, read.

    Raises:
        BillingInputError: the text is not an 835 or is cut off or malformed; one line
            saying what is wrong.
    """
    if not isinstance(text, str):
        raise BillingInputError("paste the 835 as text")
    text = text.strip().lstrip("\ufeff")
    if not text:
        raise BillingInputError("paste an 835 (it starts with ISA) or pick a sample")
    if len(text) > MAX_CHARS:
        raise BillingInputError(
            f"this 835 is {len(text):,} characters; the lesson reads up to {MAX_CHARS:,}"
        )
    if not (text.startswith("ISA") or text.startswith("ST")):
        raise BillingInputError(
            "this is not an X12 file: an 835 starts with ISA (or ST*835 for one transaction)"
        )
    component = _separators(text)[1]
    body = _check_envelope(_segments(text), has_isa=text.startswith("ISA"))
    payer = payee = ""
    payment = Decimal(0)
    claims: list[_Building] = []
    service: _Building | None = None
    for segment in body:
        name = segment[0].upper()
        if name == "BPR":
            payment = _amount(segment, 2, "payment amount")
        elif name == "N1" and _get(segment, 1) == "PR":
            payer = _get(segment, 2)
        elif name == "N1" and _get(segment, 1) == "PE":
            payee = _get(segment, 2)
        elif name == "CLP":
            service = None
            claims.append(
                _Building(
                    {
                        "claim_id": _get(segment, 1),
                        "status": _get(segment, 2),
                        "charge": _amount(segment, 3, "claim charge"),
                        "paid": _amount(segment, 4, "claim payment"),
                        "patient_share": _amount(segment, 5, "patient responsibility"),
                        "payer_claim_number": _get(segment, 7),
                    }
                )
            )
        elif not claims:
            continue  # header segments the lesson does not read (TRN, DTM, REF...)
        elif name == "NM1" and _get(segment, 1) == "QC":
            claims[-1].head["patient"] = " ".join(
                p for p in (_get(segment, 4), _get(segment, 3)) if p
            )
        elif name == "SVC":
            service = _service(segment, component)
            claims[-1].services.append(service)
        elif name == "CAS":
            (service or claims[-1]).adjustments.extend(_adjustments(segment))
        elif name == "DTM" and service is not None and _get(segment, 1) == "472":
            service.head["date"] = _get(segment, 2)
        elif name == "LQ" and service is not None:
            service.remarks.append(_get(segment, 2).upper())
        elif name == "MOA":
            claims[-1].remarks.extend(c.upper() for c in segment[3:8] if c.strip())
    if not claims:
        raise BillingInputError("this 835 has no claim in it (no CLP segment)")
    return Remittance(payer, payee, payment, tuple(_finish_claim(c) for c in claims))
