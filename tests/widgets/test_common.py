"""The widgets' box readers read numbers as the rest of the toolkit does (rules.parsing)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.errors import BillingInputError
from toolkit.rules.parsing import whole_number
from toolkit.widgets.common import parse_count, parse_minutes


# '²' passes str.isdigit() but not int(); '٣٠' and '3_0' pass int() but no billing form holds them.
@pytest.mark.parametrize("typed", ["²", "٣٠", "3_0", "1e1", "2.5", "-1", "97"])
def test_a_units_box_refuses_what_is_not_ascii_digits_with_a_message(typed):
    with pytest.raises(BillingInputError, match="units for 97530 must be a whole number"):
        parse_count(typed, what="97530")


@pytest.mark.parametrize("typed", ["²", "٣٠", "3_0", "1e1", "-1", "1441"])
def test_a_minutes_box_refuses_what_is_not_ascii_digits_with_a_message(typed):
    with pytest.raises(BillingInputError, match="minutes for 97530 must be a whole number"):
        parse_minutes(typed, what="97530")


@pytest.mark.parametrize(("typed", "units"), [("0", 0), (" 3 ", 3), ("96", 96)])
def test_a_units_box_reads_whole_numbers(typed, units):
    assert parse_count(typed, what="97530") == units


@given(st.text(max_size=6))
def test_the_boxes_agree_with_the_one_whole_number_reader(text):
    number = whole_number(text)
    for parse, most in ((parse_count, 96), (parse_minutes, 1440)):
        try:
            value = parse(text, what="97530")
        except BillingInputError:
            assert number is None or number > most
        else:
            assert value == number


def test_a_number_too_long_to_convert_is_a_short_message_in_either_box():
    # More digits than int() converts (4,300): a ValueError out of the widget before.
    for parse in (parse_count, parse_minutes):
        with pytest.raises(BillingInputError, match="got a number 5,000 characters long"):
            parse("9" * 5_000, what="97530")
