"""The one reader of a trainee's values (toolkit/rules/parsing.py): minutes here; the claim
line, the treatment note and the visit log all read minutes through `read_minutes`."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.audit.visit_log import parse_minutes as log_minutes
from toolkit.errors import BillingInputError
from toolkit.rules.claims import ClaimLine
from toolkit.rules.parsing import MAX_MINUTES_PER_DAY, check_minutes, read_minutes
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
