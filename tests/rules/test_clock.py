"""Clock times into minutes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.errors import BillingInputError
from toolkit.rules.clock import minute_of_day, minutes_between


@pytest.mark.parametrize(
    "text, minute",
    [
        ("9:05", 545),
        ("09:05", 545),
        ("13:10", 790),
        ("0:00", 0),
        ("23:59", 1439),
        ("9:32 AM", 572),
        ("9:32am", 572),
        ("9:32 a.m.", 572),
        ("12:00 AM", 0),
        ("12:15 PM", 735),
        ("1:10 pm", 790),
        ("9 AM", 540),
        (" 10:00 ", 600),
    ],
)
def test_clock_times(text, minute):
    assert minute_of_day(text) == minute


@pytest.mark.parametrize(
    "start, end, minutes",
    [
        ("9:05", "9:32 AM", 27),
        ("12:50 PM", "13:10", 20),
        ("9:00", "9:00", 0),
        ("8:45 AM", "10:05 AM", 80),
    ],
)
def test_minutes_between(start, end, minutes):
    assert minutes_between(start, end=end) == minutes


def test_end_before_start_is_refused_clearly():
    with pytest.raises(BillingInputError, match="end time 9:00 is before start time 9:30"):
        minutes_between("9:30", end="9:00")


@pytest.mark.parametrize(
    "bad", ["", "9", "25:00", "9:60", "13:10 PM", "0:30 AM", "nine", "9:5", None, 905, "9:05 xm"]
)
def test_bad_clock_times(bad):
    with pytest.raises(BillingInputError):
        minute_of_day(bad)


@given(st.integers(0, 23), st.integers(0, 59))
def test_24_hour_and_am_pm_agree(hour, minute):
    half = "AM" if hour < 12 else "PM"
    twelve = hour % 12 or 12
    assert (
        minute_of_day(f"{hour}:{minute:02d}")
        == minute_of_day(f"{twelve}:{minute:02d} {half}")
        == hour * 60 + minute
    )


@given(st.text(max_size=10))
def test_junk_only_raises_the_documented_error(text):
    try:
        minute_of_day(text)
    except BillingInputError:
        pass
