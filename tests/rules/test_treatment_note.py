"""Treatment-note checks (CMS Pub 100-02 Ch.15 §220.3), each tied to one note element."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import BillingInputError
from toolkit.rules.treatment_note import ELEMENTS, TreatmentNote, check_note
from toolkit.rules.units import bill_units

GOOD = dict(
    date="2026-03-02",
    interventions={"97530": 30, "97110": 10, "97010": 10},
    activities="Lifting a 10 lb box from floor to shelf; car transfer practice with cues",
    total_timed_minutes=40,
    total_treatment_minutes=50,
    diagnosis_or_goal="Return to work: lift 20 lb to shoulder height",
    signature="Synthetic Therapist",
    credentials="PT, DPT",
)


def note(**changes):
    return TreatmentNote(**{**GOOD, **changes})


def summary(findings):
    return [(f.rule_id, f.severity, f.element) for f in findings if f.severity != "info"]


def test_complete_note_has_no_error_or_warning():
    assert summary(check_note(note(), billed_units={"97530": 2, "97110": 1, "97010": 1})) == []
    assert summary(check_note(note(), billed_units=3)) == []


@pytest.mark.parametrize(
    "changes, expected",
    [
        (dict(date=None), [("doc-treatment-note", "error", "date")]),
        (dict(date="  "), [("doc-treatment-note", "error", "date")]),
        (
            dict(interventions={}, total_timed_minutes=None, total_treatment_minutes=None),
            [
                ("doc-treatment-note", "error", "interventions"),
                ("doc-treatment-note", "error", "total_treatment_time"),
            ],
        ),
        (dict(total_timed_minutes=None), [("doc-treatment-note", "error", "total_timed_minutes")]),
        (dict(total_timed_minutes=45), [("doc-treatment-note", "error", "total_timed_minutes")]),
        (dict(total_timed_minutes=38), [("doc-treatment-note", "error", "total_timed_minutes")]),
        (
            dict(interventions={"97530": None, "97110": None}, total_timed_minutes=40),
            [],
        ),  # per-code minutes optional
        (
            dict(interventions={"97530": 30, "97110": None}, total_timed_minutes=25),
            [("doc-treatment-note", "error", "total_timed_minutes")],
        ),  # listed minutes already exceed the total
        (
            dict(interventions={"97010": 15}, total_timed_minutes=None, total_treatment_minutes=15),
            [],
        ),  # untimed only
        (
            dict(total_treatment_minutes=None),
            [("doc-treatment-note", "error", "total_treatment_time")],
        ),
        (
            dict(total_treatment_minutes=35),
            [("doc-treatment-note", "error", "total_treatment_time")],
        ),
        (
            dict(total_treatment_minutes=45),
            [("doc-treatment-note", "error", "total_treatment_time")],
        ),  # 50 in services
        (dict(signature=""), [("doc-treatment-note", "error", "signature_credentials")]),
        (dict(credentials=None), [("doc-treatment-note", "error", "signature_credentials")]),
        (dict(diagnosis_or_goal=""), [("doc-functional-goal", "warning", "functional_goal")]),
        (dict(activities=""), [("doc-functional-goal", "warning", "functional_goal")]),
        (
            dict(activities="", interventions={"97110": 40, "97010": 10}),
            [],
        ),  # 97530 not in the note
    ],
)
def test_each_missing_or_wrong_element(changes, expected):
    assert summary(check_note(note(**changes))) == expected


@pytest.mark.parametrize(
    "billed, method, expected",
    [
        ({"97530": 2, "97110": 1}, "cms", []),
        ({"97530": 3, "97110": 1}, "cms", [("error", "units_match")]),
        ({"97530": 2}, "cms", [("warning", "units_match")]),  # 97110 documented, not billed
        (
            {"97530": 2, "97110": 1, "97140": 1},
            "cms",
            [("error", "units_match")],
        ),  # not in the note
        ({"97530": 2, "97110": 1}, "ama", []),
        (
            {"97530": 2, "97010": 2, "97110": 1},
            "cms",
            [("error", "units_match")],
        ),  # untimed: 1 unit
        (3, "cms", []),
        (4, "cms", [("error", "units_match")]),
    ],
)
def test_billed_units_against_the_note(billed, method, expected):
    found = check_note(note(), billed_units=billed, method=method)
    assert [(f.severity, f.element) for f in found if f.element == "units_match"] == expected


def test_units_with_only_the_day_total():
    only_total = note(interventions={"97530": None, "97110": None, "97010": None})
    assert [
        f.severity
        for f in check_note(only_total, billed_units={"97530": 2, "97110": 1})
        if f.element == "units_match"
    ] == []
    assert [
        f.severity
        for f in check_note(only_total, billed_units={"97530": 4})
        if f.element == "units_match"
    ] == ["error"]
    assert [
        f.severity
        for f in check_note(only_total, billed_units={"97530": 3}, method="ama")
        if f.element == "units_match"
    ] == ["warning"]


def test_units_message_is_the_same_as_the_claim_checker():
    from toolkit.rules.claims import ClaimLine, check_claim

    claim = check_claim([ClaimLine("97530", 3, "GP", 30), ClaimLine("97110", 1, "GP", 10)])
    from_note = check_note(
        note(interventions={"97530": 30, "97110": 10}, total_treatment_minutes=40),
        billed_units={"97530": 3, "97110": 1},
    )
    assert [f.message for f in claim.findings if f.rule_id == "doc-units-match-minutes"] == [
        f.message for f in from_note if f.rule_id == "doc-units-match-minutes"
    ]


def test_clock_times_are_converted_and_the_payer_note_is_shown_only_without_them():
    timed = note(interventions={"97530": ("9:00", "9:30"), "97110": "9:30-9:40", "97010": 10})
    assert timed.interventions == {"97530": 30, "97110": 10, "97010": 10} and timed.has_clock_times
    assert not [f for f in check_note(timed) if f.rule_id == "doc-clock-times"]
    [info] = [f for f in check_note(note()) if f.rule_id == "doc-clock-times"]
    assert info.severity == "info" and "CMS does not require" in info.message


def test_findings_use_only_the_documented_elements():
    everything_missing = check_note(
        TreatmentNote(interventions={"97530": 20}), billed_units={"97530": 5}
    )
    assert {f.element for f in everything_missing} <= set(ELEMENTS)
    assert {f.element for f in everything_missing} >= {
        "date",
        "total_timed_minutes",
        "total_treatment_time",
        "signature_credentials",
        "functional_goal",
        "units_match",
    }


def test_note_accepts_a_mapping_and_a_date_object():
    assert check_note(dict(GOOD, date=datetime.date(2026, 3, 2))) == check_note(note())


@pytest.mark.parametrize(
    "changes, named",
    [
        (dict(interventions={"99999": 10}), "99999"),
        (dict(interventions={"97530": -3}), "-3"),
        (dict(interventions={"97530": ("9:30", "9:00")}), "9:00"),
        (dict(interventions={"97530": ("9:30",)}), "9:30"),
        (dict(interventions={"97530": 10, " 97530": 5}), "twice"),
        (dict(interventions=[("97530", 10)]), "97530"),
        (dict(total_timed_minutes=2000), "2000"),
        (dict(signature=42), "42"),
    ],
)
def test_bad_note_input_is_refused(changes, named):
    with pytest.raises(BillingInputError) as refused:
        note(**changes)
    assert named in str(refused.value)


@pytest.mark.parametrize(
    "billed, method, named",
    [
        ({"97530": -1}, "cms", "-1"),
        ({"123": 1}, "cms", "123"),
        (2, "sideways", "sideways"),
        ("lots", "cms", "lots"),
    ],
)
def test_bad_billed_units_or_method_are_refused(billed, method, named):
    with pytest.raises(BillingInputError, match=named):
        check_note(note(), billed_units=billed, method=method)


junk = st.one_of(
    st.none(),
    st.integers(-100, 3000),
    st.text(max_size=8),
    st.floats(),
    st.tuples(st.text(max_size=6), st.text(max_size=6)),
    st.sampled_from(["9:00", "9:00-9:20", "97530", "2026-01-01"]),
)


@settings(max_examples=300, deadline=None)
@given(
    fields=st.dictionaries(st.sampled_from(sorted(GOOD)), junk, max_size=5),
    interventions=st.one_of(
        junk, st.dictionaries(st.sampled_from(["97530", "97110", "x", "97150"]), junk, max_size=3)
    ),
    billed=st.one_of(
        junk, st.dictionaries(st.sampled_from(["97530", "97110", "zz"]), junk, max_size=2)
    ),
    method=st.sampled_from(["cms", "ama", "x", None]),
)
def test_junk_only_ever_raises_billing_input_error(fields, interventions, billed, method):
    try:
        check_note(
            TreatmentNote(**{**fields, "interventions": interventions}),
            billed_units=billed,
            method=method,
        )
    except BillingInputError:
        pass


@settings(max_examples=200, deadline=None)
@given(
    minutes=st.dictionaries(
        st.sampled_from(["97530", "97110", "97140", "97112", "97010", "97150"]),
        st.integers(0, 60),
        min_size=1,
        max_size=4,
    ),
    method=st.sampled_from(["cms", "ama"]),
)
def test_consistent_note_billed_by_bill_units_has_no_finding(minutes, method):
    result = bill_units(minutes, method=method)
    consistent = note(
        interventions=minutes,
        total_timed_minutes=result.timed_minutes,
        total_treatment_minutes=result.total_minutes,
    )
    assert summary(check_note(consistent, billed_units=result.units, method=method)) == []


def test_one_block_coded_twice_is_an_interventions_problem_not_a_totals_one():
    twice = note(
        interventions={"97140": "9:05-9:35", "97530": "9:05-9:35"},
        total_timed_minutes=30,
        total_treatment_minutes=30,
    )
    found = {(f.rule_id, f.severity, f.element) for f in check_note(twice)}
    assert ("one-service-per-15-minutes", "error", "interventions") in found
    assert not {e for _, s, e in found if s == "error"} & {
        "total_timed_minutes",
        "total_treatment_time",
    }


def test_separate_blocks_are_not_coded_twice_and_wrong_totals_still_show():
    apart = note(
        interventions={"97140": "9:05-9:20", "97530": "9:20-9:35"},
        total_timed_minutes=30,
        total_treatment_minutes=30,
    )
    assert not [f for f in check_note(apart) if f.rule_id == "one-service-per-15-minutes"]
    wrong = note(
        interventions={"97140": "9:05-9:35", "97530": "9:05-9:35"},
        total_timed_minutes=45,
        total_treatment_minutes=45,
    )
    assert "total_timed_minutes" in {f.element for f in check_note(wrong) if f.severity == "error"}
