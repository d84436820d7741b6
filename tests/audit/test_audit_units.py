"""The audit's numpy 8-minute formula is the rules' `units_for_minutes`, minute for minute."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from toolkit.audit.units import units_for_minutes_array
from toolkit.rules.parsing import MAX_MINUTES_PER_DAY
from toolkit.rules.units import units_for_minutes


def test_every_minute_of_a_day_gives_the_same_units():
    minutes = np.arange(MAX_MINUTES_PER_DAY + 1)
    assert units_for_minutes_array(minutes).tolist() == [units_for_minutes(int(m)) for m in minutes]


@given(st.lists(st.integers(0, MAX_MINUTES_PER_DAY), max_size=50))
def test_any_array_of_minutes_gives_the_same_units(minutes):
    got = units_for_minutes_array(np.array(minutes, dtype=np.int64))
    assert got.tolist() == [units_for_minutes(m) for m in minutes]


def test_the_cms_table_edges():
    edges = [0, 7, 8, 22, 23, 37, 38, 52, 53]
    assert units_for_minutes_array(np.array(edges)).tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4]
