"""The unit rules: the CMS table, CMS worked examples, per-code method, ties, bad input."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import BillingInputError
from toolkit.reference import codes
from toolkit.rules.units import bill_units, is_valid_allocation, minutes_row, units_for_minutes

# The CMS table (Pub 100-04 Ch.5 §20.2), row by row: units -> (first minute, last minute).
CMS_TABLE = [
    (0, 1, 7),
    (1, 8, 22),
    (2, 23, 37),
    (3, 38, 52),
    (4, 53, 67),
    (5, 68, 82),
    (6, 83, 97),
    (7, 98, 112),
    (8, 113, 127),
]


@pytest.mark.parametrize("units, first, last", CMS_TABLE)
def test_every_minute_of_the_cms_table(units, first, last):
    for minutes in range(first, last + 1):
        assert units_for_minutes(minutes) == units, minutes


def test_table_continues_past_two_hours():
    assert (
        units_for_minutes(128) == 9 and units_for_minutes(142) == 9 and units_for_minutes(143) == 10
    )
    assert units_for_minutes(0) == 0


# CMS worked examples, Pub 100-04 Ch.5 §20.2, as listed in the billing reference §3.
CMS_EXAMPLES = [
    ({"97530": 60}, {"97530": 4}),
    ({"97112": 24, "97110": 23}, {"97112": 2, "97110": 1}),
    (
        {"97110": 18, "97140": 13, "97116": 10, "97035": 8},
        {"97110": 1, "97140": 1, "97116": 1, "97035": 0},
    ),
]

# Edge cases derived from the allocation rules (reference §3, rules 1-5; our derivation).
EDGE_CASES = [
    # Every code under 8 minutes, together 8 or more: the unit goes to the code done longest.
    ({"97110": 5, "97140": 4}, {"97110": 1, "97140": 0}),
    # Leftover comparison: 33 min -> 2 full units, 3 left; 7 min of 97140 beats the 3.
    ({"97110": 33, "97140": 7}, {"97110": 2, "97140": 1}),
    # 7 minutes alone: nothing billable.
    ({"97530": 7}, {"97530": 0}),
    # Untimed codes: 1 unit, and their minutes do not make timed units.
    ({"97530": 38, "97161": 30}, {"97530": 3, "97161": 1}),
    ({"97150": 45}, {"97150": 1}),
    # Untimed minutes must not rescue a short timed code.
    ({"97530": 6, "97010": 15}, {"97530": 0, "97010": 1}),
    # The CLI example.
    ({"97530": 38, "97110": 10}, {"97530": 2, "97110": 1}),
    # A timed code listed with 0 minutes gets 0 units.
    ({"97530": 30, "97110": 0}, {"97530": 2, "97110": 0}),
]


@pytest.mark.parametrize("minutes, expected", CMS_EXAMPLES + EDGE_CASES)
def test_cms_allocation(minutes, expected):
    result = bill_units(minutes, method="cms")
    assert result.units == expected
    assert result.timed_units == units_for_minutes(result.timed_minutes)
    assert not result.tie_broken


def test_cms_example_reasoning_names_rules_and_sources():
    result = bill_units({"97110": 18, "97140": 13, "97116": 10, "97035": 8})
    rule_ids = [step.rule_id for step in result.steps]
    assert rule_ids[:4] == [
        "timed-vs-untimed",
        "cms-unit-table",
        "cms-full-units",
        "cms-leftover-allocation",
    ]
    assert "49" in result.steps[0].text and "38-52" in result.steps[1].text
    assert any("97035" in s.text and s.rule_id == "cms-documented-not-billed" for s in result.steps)
    assert all("Pub 100-04" in s.source for s in result.steps)


def test_equal_leftovers_are_flagged_as_clinicians_choice():
    result = bill_units({"97112": 20, "97110": 20})
    assert result.total_units == 3 and result.tie_broken
    assert set(result.tied_codes) == {"97112", "97110"}
    assert sorted(result.units.values()) == [1, 2]
    tie_step = [s for s in result.steps if s.rule_id == "cms-tie-clinician-choice"]
    assert tie_step and "either" in tie_step[0].text
    # Both choices are correct answers; piling all three on one code is not.
    assert is_valid_allocation({"97112": 20, "97110": 20}, units_by_code={"97112": 1, "97110": 2})
    assert is_valid_allocation({"97112": 20, "97110": 20}, units_by_code={"97112": 2, "97110": 1})
    assert not is_valid_allocation(
        {"97112": 20, "97110": 20}, units_by_code={"97112": 3, "97110": 0}
    )


def test_three_equal_short_codes_one_unit_any_of_them():
    minutes = {"97112": 7, "97110": 7, "97140": 7}
    result = bill_units(minutes)
    assert result.total_units == 1 and result.tie_broken
    for winner in minutes:
        assert is_valid_allocation(minutes, units_by_code={c: int(c == winner) for c in minutes})


def test_tie_that_does_not_straddle_the_cut_is_not_a_choice():
    # 97110 and 97140 share 5 leftover minutes, but the one unit left goes to 97530 (10).
    result = bill_units({"97110": 20, "97140": 20, "97530": 10})
    assert result.units == {"97110": 1, "97140": 1, "97530": 1} and not result.tie_broken


# Per-code (AMA) method, reference §4.
AMA_CASES = [
    ({"97110": 8, "97140": 8, "97530": 8}, {"97110": 1, "97140": 1, "97530": 1}),
    ({"97530": 7, "97110": 7}, {"97530": 0, "97110": 0}),
    ({"97530": 38, "97110": 10}, {"97530": 3, "97110": 1}),
    ({"97530": 22, "97110": 23}, {"97530": 1, "97110": 2}),
    ({"97530": 30, "97161": 40}, {"97530": 2, "97161": 1}),
]


@pytest.mark.parametrize("minutes, expected", AMA_CASES)
def test_per_code_method(minutes, expected):
    result = bill_units(minutes, method="ama")
    assert result.units == expected
    assert {s.rule_id for s in result.steps} >= {"ama-per-code", "payer-chooses-method"}


def test_methods_differ_on_three_codes_of_eight_minutes():
    minutes = {"97110": 8, "97140": 8, "97530": 8}
    assert bill_units(minutes, method="cms").total_units == 2
    assert bill_units(minutes, method="ama").total_units == 3


def test_result_as_dict_has_the_json_keys():
    data = bill_units({"97530": 38, "97110": 10}).as_dict()
    assert {"method", "total_timed_minutes", "total_units", "units", "steps"} <= set(data)
    assert data["units"] == {"97530": 2, "97110": 1} and data["total_units"] == 3
    assert all({"text", "rule", "source"} <= set(step) for step in data["steps"])


def test_minutes_row():
    assert minutes_row(0) == "1-7" and minutes_row(1) == "8-22" and minutes_row(8) == "113-127"


BAD_INPUTS = [
    ({"97530": -5}, "-5"),
    ({"97530": 12.5}, "12.5"),
    ({"97530": "38"}, "'38'"),
    ({"97530": True}, "True"),
    ({"97530": None}, "None"),
    ({"97530": 1441}, "1441"),
    ({"97530": 800, "97110": 700}, "1500"),
    ({"99999": 10}, "99999"),
    ({"": 10}, "(blank)"),
    ({}, "at least one code"),
    ({"97530": 10, " 97530": 5}, "listed twice"),
]


@pytest.mark.parametrize("minutes, named", BAD_INPUTS)
def test_bad_input_is_refused_with_a_message_naming_the_value(minutes, named):
    with pytest.raises(BillingInputError) as refused:
        bill_units(minutes)
    assert named in str(refused.value)


@pytest.mark.parametrize("bad", [None, [("97530", 10)], "97530=10", 38])
def test_not_a_mapping_is_refused(bad):
    with pytest.raises(BillingInputError):
        bill_units(bad)


def test_unknown_method_is_refused():
    with pytest.raises(BillingInputError, match="'cms' or 'ama'"):
        bill_units({"97530": 10}, method="medicare")


@pytest.mark.parametrize("bad", [-1, 1441, 7.5, "8", None])
def test_units_for_minutes_refuses_bad_totals(bad):
    with pytest.raises(BillingInputError):
        units_for_minutes(bad)


# ---- property tests -------------------------------------------------------------------

TIMED = sorted(c for c, info in codes().items() if info.timed)
UNTIMED = sorted(c for c, info in codes().items() if not info.timed)

visit = st.dictionaries(st.sampled_from(TIMED), st.integers(0, 120), min_size=1, max_size=6)


@given(visit)
def test_cms_total_is_the_table_of_total_timed_minutes(minutes):
    result = bill_units(minutes, method="cms")
    assert result.total_units == units_for_minutes(sum(minutes.values()))


@given(visit, st.sampled_from(["cms", "ama"]))
def test_a_code_gets_at_least_its_full_quarter_hours(minutes, method):
    result = bill_units(minutes, method=method)
    for code, m in minutes.items():
        assert result.units[code] >= m // 15


@given(visit)
def test_cms_gives_at_most_one_extra_unit_per_code(minutes):
    result = bill_units(minutes, method="cms")
    for code, m in minutes.items():
        assert result.units[code] - m // 15 in (0, 1)
        if result.units[code] > m // 15:
            assert m % 15 > 0


@given(visit)
def test_ama_never_pools_minutes(minutes):
    result = bill_units(minutes, method="ama")
    for code, m in minutes.items():
        # Each code's units depend on its own minutes only.
        assert result.units[code] == bill_units({code: m}, method="ama").units[code]
        assert result.units[code] == (0 if m < 8 else math.floor((m + 7) / 15))


@given(visit, st.lists(st.sampled_from(UNTIMED), max_size=3, unique=True))
def test_untimed_codes_are_one_unit_and_do_not_change_timed_units(minutes, untimed):
    with_untimed = {**minutes, **{code: 30 for code in untimed}}
    if sum(with_untimed.values()) > 1440:
        return
    result = bill_units(with_untimed)
    assert all(result.units[code] == 1 for code in untimed)
    assert result.timed_units == bill_units(minutes).timed_units


@given(visit)
def test_the_engine_answer_is_always_a_valid_allocation(minutes):
    for method in ("cms", "ama"):
        assert is_valid_allocation(
            minutes, units_by_code=bill_units(minutes, method=method).units, method=method
        )


junk = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=6),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(
        st.one_of(st.text(max_size=6), st.integers(), st.sampled_from(TIMED)),
        st.one_of(st.integers(-50, 2000), st.floats(), st.text(max_size=3), st.none()),
        max_size=4,
    ),
)


@settings(max_examples=300)
@given(junk, st.one_of(st.sampled_from(["cms", "ama", "CMS", "x", ""]), st.none(), st.integers()))
def test_bad_input_only_ever_raises_the_documented_error(minutes, method):
    try:
        bill_units(minutes, method=method)
    except BillingInputError as refused:
        assert str(refused)


# --- co-treatment: one shared block, counted once ---------------------------------------


def test_a_co_treated_block_counts_once_with_its_steps_and_source():
    result = bill_units({}, method="cms", co_treatment={"97530": {"PT": 30, "OT": 30}})
    assert (
        result.units == {"97530": 2} and result.timed_minutes == 30
    )  # not 60 minutes, not 4 units
    shared = [s for s in result.steps if s.rule_id == "co-treatment-once"]
    assert len(shared) == 2 and "30, not 60" in shared[0].text and "split" in shared[1].text
    assert "Part B billing scenarios" in shared[0].source


def test_co_treated_block_pools_with_the_days_other_minutes():
    result = bill_units({"97110": 10}, method="cms", co_treatment={"97530": {"pt": 30, "OT": 25}})
    assert result.units == {"97110": 1, "97530": 2} and result.timed_minutes == 40


@pytest.mark.parametrize(
    "co_treatment, says",
    [
        ({"97530": {"PT": 30}}, "two or more disciplines"),
        ({"97530": {"PT": 30, "OT": 0}}, "each more than 0"),
        ({"97530": {"PT": 30, "aide": 30}}, "PT, OT or SLP"),
        ({"97530": 30}, "each discipline's minutes"),
        ({"97530": {"PT": -1, "OT": 30}}, "whole number"),
        ({}, "co-treated block is given as"),
        ("97530", "co-treated block is given as"),
    ],
)
def test_bad_co_treatment_input_gets_a_clear_message(co_treatment, says):
    with pytest.raises(BillingInputError, match=says):
        bill_units({}, method="cms", co_treatment=co_treatment)


def test_a_code_cannot_be_both_co_treated_and_alone():
    with pytest.raises(BillingInputError, match="listed twice"):
        bill_units({"97530": 10}, method="cms", co_treatment={"97530": {"PT": 30, "OT": 30}})


@given(pt=st.integers(1, 300), ot=st.integers(1, 300), method=st.sampled_from(["cms", "ama"]))
def test_co_treatment_never_bills_more_than_the_one_block_supports(pt, ot, method):
    shared = bill_units({}, method=method, co_treatment={"97530": {"PT": pt, "OT": ot}})
    block = max(pt, ot)
    # Independent of the engine's formula: count the rows of the CMS table (8, 23, 38, ...
    # minutes start units 1, 2, 3, ...) that the one block reaches.
    rows_reached = sum(1 for first_minute in range(8, 1441, 15) if block >= first_minute)
    assert shared.units == {"97530": rows_reached} and shared.timed_minutes == block


def test_co_treatment_refuses_untimed_codes_and_evaluations_with_a_clear_message():
    for code, says in (
        ("97150", "an untimed code"),
        ("97161", "an evaluation"),
        ("G0283", "an untimed code"),
    ):
        with pytest.raises(BillingInputError, match=f"{code} is {says}: 1 unit for the day"):
            bill_units({}, method="cms", co_treatment={code: {"PT": 30, "OT": 30}})


@pytest.mark.parametrize(
    "minutes, says",
    [
        (7, "earns no unit: nothing is billed"),
        (15, "earns 1 unit: one of the disciplines bills it"),
        (30, "The 2 units of the co-treated 97530 block may be split"),
    ],
)
def test_co_treatment_step_is_worded_by_the_unit_count(minutes, says):
    result = bill_units({}, method="cms", co_treatment={"97530": {"PT": minutes, "OT": minutes}})
    assert says in result.steps[-1].text and result.steps[-1].rule_id == "co-treatment-once"


def test_slp_co_treating_97530_gets_the_slp_warning_like_the_claim_checker():
    result = bill_units({}, method="cms", co_treatment={"97530": {"SLP": 30, "PT": 30}})
    [slp] = [s for s in result.steps if s.rule_id == "slp-not-97530"]
    assert "do not perform 97530" in slp.text and "secondary" in slp.source
    assert not [
        s
        for s in bill_units({}, method="cms", co_treatment={"97530": {"OT": 30, "PT": 30}}).steps
        if s.rule_id == "slp-not-97530"
    ]
