"""The one reader of a trainee's values (toolkit/rules/parsing.py): minutes here; the claim
line, the treatment note and the visit log all read minutes through `read_minutes`."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.audit.visit_log import parse_minutes as log_minutes
from toolkit.errors import BillingInputError
from toolkit.rules.claims import ClaimLine
from toolkit.rules.parsing import (
    MAX_MINUTES_PER_DAY,
    check_minutes,
    check_units,
    parse_dollars,
    parse_year,
    read_minutes,
    shown,
    whole_number,
)
from toolkit.rules.treatment_note import TreatmentNote


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [(None, None), ("", None), ("  ", None), (30, 30), (" 30 ", 30), ("0", 0), (1440, 1440)],
)
def test_read_minutes(raw, minutes):
    assert read_minutes(raw, "97530") == minutes


@pytest.mark.parametrize("raw", ["30.0", 30.0, "-1", -1, 1441, "٣٠", "3_0", True, [30]])
def test_read_minutes_refuses_with_the_code_named(raw):
    with pytest.raises(BillingInputError, match="minutes for 97530 must be a whole number"):
        read_minutes(raw, "97530")


def test_a_spreadsheet_cell_may_hold_30_point_0():
    assert read_minutes(30.0, "this line", spreadsheet=True) == 30
    assert read_minutes("30.0", "this line", spreadsheet=True) == 30
    with pytest.raises(BillingInputError):
        read_minutes(30.5, "this line", spreadsheet=True)


def test_check_minutes_takes_only_whole_numbers_in_a_day():
    assert check_minutes(MAX_MINUTES_PER_DAY, "97530") == MAX_MINUTES_PER_DAY
    for bad in ("30", 30.0, -1, MAX_MINUTES_PER_DAY + 1, False):
        with pytest.raises(BillingInputError):
            check_minutes(bad, "97530")


def _read(read):
    try:
        return read()
    except BillingInputError as bad:
        return str(bad)


@given(st.none() | st.integers(-5, 1500) | st.text(max_size=5))
def test_claim_note_and_log_read_minutes_the_same_way(raw):
    claim = _read(lambda: ClaimLine("97530", 1, minutes=raw).minutes)
    note = _read(lambda: TreatmentNote(total_timed_minutes=raw).total_timed_minutes)
    assert claim == _read(lambda: read_minutes(raw, "97530"))
    assert isinstance(note, str) == isinstance(claim, str)
    if raw is not None and not (isinstance(raw, str) and not raw.strip()):
        spreadsheet = _read(lambda: read_minutes(raw, "this line", spreadsheet=True))
        assert _read(lambda: log_minutes(raw)) == spreadsheet


HUGE = "9" * 5_000  # more digits than int() converts (4,300): was a ValueError, not a message


@pytest.mark.parametrize(
    "raw, spreadsheet, expected",
    [
        ("5", False, 5),
        (" 5 ", False, 5),
        ("0005", False, 5),
        ("+5", False, None),
        ("-0", False, None),
        ("5.0", False, None),
        ("5.0", True, 5),
        ("1e3", True, None),
        ("\u0663", False, None),  # Arabic-Indic 3: int() takes it, no billing form holds it
        ("\u00b2", False, None),  # superscript 2: isdigit() says yes, int() raises
        ("3_0", False, None),
        ("5\x00", False, None),
        (HUGE, False, None),
        (HUGE + ".0", True, None),
        ("0" * 30 + "7", False, 7),  # leading zeros are not digits that count
        (True, False, None),
    ],
)
def test_whole_number_table(raw, spreadsheet, expected):
    assert whole_number(raw, spreadsheet=spreadsheet) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=12), st.just(HUGE), st.just("\u00b2"), st.just(HUGE + ".0")))
def test_units_and_year_are_the_whole_number_in_range_or_a_short_message(text):
    number = whole_number(text)
    for read, low, high in ((check_units, 0, 96), (parse_year, 1990, 2100)):
        try:
            assert read(text) == number and low <= number <= high
        except BillingInputError as bad:
            assert number is None or not low <= number <= high
            assert len(str(bad)) < 200  # a long value is described, not repeated


def test_a_long_value_is_described_by_its_length():
    assert shown("abc") == "'abc'"
    assert shown(HUGE) == "a number 5,000 characters long"
    assert shown("x" * 100) == "a value 100 characters long"
    with pytest.raises(BillingInputError, match="got a number 5,000 characters long"):
        check_units(HUGE)


@pytest.mark.parametrize(
    "typed, amount",
    [("2500", 2500.0), ("$2,450.50", 2450.5), (" $ 1,000 ", 1000.0), ("0", 0.0), ("", None)],
)
def test_a_typed_dollar_amount_is_read_once_for_every_face(typed, amount):
    assert parse_dollars(typed, what="PT and SLP spending") == amount


@pytest.mark.parametrize(
    "typed", ["-5", "lots", "nan", "inf", "1e999", "2.500,00", "$$5", "٣٠", "1,2345", "2.505"]
)
def test_anything_but_an_amount_is_refused_naming_the_field(typed):
    with pytest.raises(BillingInputError, match="OT spending must be an amount in dollars"):
        parse_dollars(typed, what="OT spending")
