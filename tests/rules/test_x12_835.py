"""The 835 reader: the lesson's samples read right; anything else is one plain line."""

from decimal import Decimal

import pytest

from toolkit.course.lessons.sample_claims import SAMPLE_835, build_835
from toolkit.errors import BillingInputError
from toolkit.rules.x12_835 import MAX_CHARS, read_835

PAID = SAMPLE_835["Paid with coinsurance (CO-45, PR-2)"]


def test_a_paid_claim_reads_with_its_lines_adjustments_and_dates():
    remit = read_835(PAID)
    assert remit.payment == Decimal("118.40")
    (claim,) = remit.claims
    assert (claim.claim_id, claim.status, claim.charge, claim.paid) == (
        "SYNTH1201",
        "1",
        Decimal(185),
        Decimal("118.40"),
    )
    first = claim.services[0]
    assert (first.code, first.modifiers, first.units, first.date) == (
        "97530",
        ("GP",),
        "2",
        "20260304",
    )
    assert [(a.group, a.reason, a.amount) for a in first.adjustments] == [
        ("CO", "45", Decimal("26.00")),
        ("PR", "2", Decimal("20.80")),
    ]


@pytest.mark.parametrize("name", list(SAMPLE_835))
def test_every_sample_balances_line_by_line(name):
    """Each line's charge = paid + its adjustments (how a biller checks an 835 by hand)."""
    for claim in read_835(SAMPLE_835[name]).claims:
        for service in claim.services:
            assert service.charge == service.paid + sum(a.amount for a in service.adjustments)


def test_remarks_on_the_line_and_on_the_claim_are_read():
    line = read_835(SAMPLE_835["Not medically necessary (CO-50, N115)"]).claims[0].services[0]
    assert line.remarks == ("N115",) and line.modifiers == ("GP", "KX")
    claim = read_835(SAMPLE_835["Unprocessable: box left blank (CO-16, MA130)"]).claims[0]
    assert claim.remarks == ("MA130",)


def test_a_fragment_from_st_reads_with_default_separators():
    st = PAID[PAID.index("ST*835") : PAID.index("GE*")]
    assert read_835(st).claims[0].claim_id == "SYNTH1201"


def test_other_separators_are_taken_from_the_isa():
    # the ISA is fixed width: its 105th and 106th characters name the separators
    text = PAID.replace("*", "|").replace(":", ">").replace("~\n", "\n")
    service = read_835(text).claims[0].services[0]
    assert (service.code, service.modifiers) == ("97530", ("GP",))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "paste an 835"),
        ("   \n ", "paste an 835"),
        ("Dear provider, your claim was paid.", "not an X12 file"),
        ("patient,code,units\nSYNTH,97530,2", "not an X12 file"),
        ("ISA*00*   ", "cut off inside its first segment"),
        (PAID[:-5], "cut off: segment IEA"),
        (PAID[: PAID.index("CAS*PR*2*20.80") + 9], "cut off: segment CAS has no ~"),
        (PAID.replace("IEA*1*000000001~", ""), "no IEA"),
        (PAID.replace("ST*835", "ST*837"), "X12 837 file, not an 835"),
        (PAID.replace("SE*", "XX*"), "no SE segment"),
        (PAID.replace("NM1*QC*1*SAMPLE*PAT****MI*1EG4TE5MK73~\n", ""), "SE segment says"),
        (PAID.replace("CAS*CO*45*26.00", "CAS*CO*45*26,00"), "'26,00' is not an amount"),
        (PAID.replace("CAS*CO*45*26.00", "CAS*C0*45*26.00"), "not a group code"),
        (PAID.replace("SVC*HC:97530:GP*130", "SVC*97530*130"), "does not name a procedure"),
        (PAID.replace("83.20**2", "83.20**two"), "units 'two' are not a number"),
        (build_835([], payment="0"), "no claim in it"),
        ("ISA" + "x" * (MAX_CHARS + 1), "the lesson reads up to"),
    ],
)
def test_bad_input_is_one_plain_line(text, said):
    with pytest.raises(BillingInputError, match=None) as caught:
        read_835(text)
    message = str(caught.value)
    assert said in message and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("junk", [None, 835, b"ISA*", ["ISA"], {"ISA": 1}])
def test_what_is_not_text_is_refused_plainly(junk):
    with pytest.raises(BillingInputError, match="paste the 835 as text"):
        read_835(junk)


# --- whatever is pasted: an 835 read, or one plain line; never another exception -----------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SAMPLES = list(SAMPLE_835.values())


@st.composite
def damaged_835(draw):
    """A sample cut anywhere, with a few characters replaced by X12's own separators."""
    text = draw(st.sampled_from(SAMPLES))
    text = text[: draw(st.integers(0, len(text)))]
    for _ in range(draw(st.integers(0, 4))):
        if text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + draw(st.sampled_from("*~:^\n 9A.-")) + text[at + 1 :]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_835() | st.text(max_size=300) | st.just("ST*835*1~SE*2*1~"))
def test_damaged_or_random_text_reads_or_is_refused_in_one_line(text):
    try:
        read_835(text)
    except BillingInputError as bad:
        assert "\n" not in str(bad) and len(str(bad)) < 200
