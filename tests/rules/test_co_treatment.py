"""Co-treatment: one shared block under GP and GO, counted once (toolkit.rules.co_treatment)."""

import pytest
from claim_cases import gp, hits
from hypothesis import given
from hypothesis import strategies as st

from toolkit.rules.claims import Claim, check_claim
from toolkit.rules.units import bill_units


def _co_treated(pt_units, ot_units, pt_minutes=30, ot_minutes=30, ot_block="10:00-10:30"):
    return [
        gp("97530", pt_units, pt_minutes, "10:00-10:30"),
        gp("97530", ot_units, ot_minutes, ot_block, modifiers="GO", who="OT"),
    ]


def test_co_treatment_split_one_and_one_passes_with_no_findings():
    check = check_claim(_co_treated(1, 1))
    assert check.ok and check.findings == () and check.expected_units == {"97530": 2}


def test_co_treatment_two_and_two_is_an_error_citing_co_treatment_once():
    check = check_claim(_co_treated(2, 2))
    assert hits(check, "co-treatment-once") == [("error", 1)]
    assert not hits(check, "one-service-per-15-minutes")  # one code, not "two codes"
    finding = next(f for f in check.findings if f.rule_id == "co-treatment-once")
    assert "billed 4 units" in finding.message and "support 2" in finding.message
    assert "Part B billing scenarios" in finding.source


@given(
    pt=st.integers(1, 120),
    ot=st.integers(1, 120),
    pt_units=st.integers(0, 9),
    ot_units=st.integers(0, 9),
)
def test_co_treatment_flags_exactly_the_totals_above_what_the_block_supports(
    pt, ot, pt_units, ot_units
):
    check = check_claim(_co_treated(pt_units, ot_units, pt, ot))
    supported = bill_units({}, method="cms", co_treatment={"97530": {"PT": pt, "OT": ot}}).units[
        "97530"
    ]
    assert check.expected_units == {"97530": supported}
    assert bool(hits(check, "co-treatment-once")) == (pt_units + ot_units > supported)
    assert not hits(check, "one-service-per-15-minutes")


@pytest.mark.parametrize(
    "lines",
    [
        # same discipline twice: one PT cannot bill the same minutes on two lines
        [
            gp("97530", 1, 30, "10:00-10:30"),
            gp("97530", 1, 30, "10:00-10:30", modifiers="GO", who="PT"),
        ],
        # two different codes in the same minutes by one discipline
        [
            gp("97530", 1, 30, "10:00-10:30"),
            gp("97110", 1, 30, "10:00-10:30"),
        ],
    ],
)
def test_overlaps_that_are_not_co_treatment_stay_one_service_per_15_minutes(lines):
    assert hits(check_claim(lines), "one-service-per-15-minutes")


def test_a_pt_handing_over_to_a_pta_while_the_ot_treats_on_is_one_co_treated_block():
    # Review of issue 21: PT 10:00-10:30, then PTA 10:30-10:50 (GP CQ), the OT 10:20-10:50.
    # Before, the group had the PT discipline twice and fell back to "the same minutes under
    # two codes" errors; the patient had 50 minutes of co-treatment: 3 units between them.
    lines = [
        gp("97530", 2, 30, "10:00-10:30"),
        gp("97535", 2, 30, "10:20-10:50", modifiers="GO", who="OT"),
        gp("97110", 1, 20, "10:30-10:50", modifiers="GP CQ", who="PTA"),
    ]
    check = check_claim(lines)
    assert not hits(check, "one-service-per-15-minutes")
    finding = next(f for f in check.findings if f.rule_id == "co-treatment-once")
    assert "billed 5 units" in finding.message and "support 3" in finding.message
    lines[:2] = [
        gp("97530", 1, 30, "10:00-10:30"),
        gp("97535", 1, 30, "10:20-10:50", modifiers="GO", who="OT"),
    ]
    assert check_claim(lines).ok


def test_co_treatment_with_different_codes_counts_the_blocks_real_minutes():
    # issue 21: a PT's 97530 and an OT's 97535 in one 30-minute block were reported as the same
    # minutes billed twice and summed to 60 timed minutes; CMS Part B lets co-treating
    # disciplines bill the same or different services, splitting the block's units.
    lines = [
        gp("97530", 1, 30, "10:00-10:30"),
        gp("97535", 1, 30, "10:00-10:30", modifiers="GO", who="OT"),
    ]
    check = check_claim(lines)
    assert check.ok and check.findings == ()
    assert check.unit_result.timed_minutes == 30
    assert check.expected_units == {"97530/97535 co-treated": 2}
    over = check_claim([lines[0], gp("97535", 2, 30, "10:00-10:30", modifiers="GO", who="OT")])
    assert hits(over, "co-treatment-once") == [("error", 1)]


def test_three_disciplines_overlapping_count_their_combined_span():
    lines = [
        gp("97530", 1, 30, "10:00-10:30"),
        gp("97530", 1, 30, "10:15-10:45", modifiers="GO", who="OT"),
        gp("97530", 1, 30, "10:30-11:00", modifiers="GN", who="SLP"),
    ]
    check = check_claim(lines)
    assert check.expected_units == {"97530": 4}  # 10:00-11:00 is 60 minutes, not 90
    assert not hits(check, "one-service-per-15-minutes")


def test_separate_blocks_by_pt_and_ot_are_not_co_treatment():
    check = check_claim(_co_treated(2, 2, ot_block="11:00-11:30"))
    assert (
        check.ok
        and not hits(check, "co-treatment-once")
        and check.expected_units == {"97530 GP": 2, "97530 GO": 2}  # two pools (issue 21)
    )


# CMS Part B billing scenarios for PTs and OTs (rules.csv co-treatment-once; reference §10): a PT
# and an OT treating one patient at once may split one block's units. On a claim: the same timed
# code on exactly two lines, overlapping blocks, each line's plan modifier matching its clinician.
PT_LINE = gp("97530", 1, 30, "10:00-10:30")
OT_LINE = gp("97530", 1, 30, "10:00-10:30", "GO", "OT")


@pytest.mark.parametrize(
    "lines, expected, overlap",
    [
        ([PT_LINE, OT_LINE], {"97530": ((1, 2), {"PT": 30, "OT": 30}, 30)}, False),
        (
            [gp("97530", 1, 20, "A", who="PTA", modifiers="GP CQ"), gp("97530", 1, 25, "a", "GO")],
            {},
            True,
        ),  # GO by a PT: modifier and clinician disagree
        (
            [gp("97530", 1, 20, "A", "GP CQ", "PTA"), gp("97530", 1, 25, "a", "GO CO", "OTA")],
            {"97530": ((1, 2), {"PT": 20, "OT": 25}, None)},  # labels: no span
            False,
        ),  # assistants of each discipline, one labelled block
        (
            [PT_LINE, OT_LINE, gp("97530", 1, 30, "10:00-10:30", "GO", "OT")],
            {},
            True,
        ),  # three lines
        ([PT_LINE, gp("97530", 1, None, "10:00-10:30", "GO", "OT")], {}, True),  # no minutes
        ([PT_LINE, gp("97530", 1, 30, "10:30-11:00", "GO", "OT")], {}, False),  # back to back
        (
            [gp("97150", 1, 30, "10:00-10:30"), gp("97150", 1, 30, "10:00-10:30", "GO", "OT")],
            {},
            False,
        ),  # untimed group code: no block of minutes to share
    ],
)
def test_co_treated_blocks_as_the_claim_reads_them(lines, expected, overlap):
    assert Claim.read(lines).co_treated == expected
    # a co-treated pair is not two services in the same minutes; any other overlap still is
    assert bool(hits(check_claim(lines), "one-service-per-15-minutes")) == overlap
