"""The one units-supported check shared by claims and treatment notes, and on a claim."""

import pytest
from claim_cases import gp, hits
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.reference import codes
from toolkit.rules.claims import ClaimLine, check_claim
from toolkit.rules.units import bill_units
from toolkit.rules.units_supported import units_supported_findings


def summary(found):
    return [(f.rule_id, f.severity, f.line, f.element) for f in found]


@pytest.mark.parametrize(
    "billed, minutes, method, expected",
    [
        ({"97530": 3}, {"97530": 38}, "cms", []),
        ({"97530": 4}, {"97530": 38}, "cms", [("doc-units-match-minutes", "error", 7, None)]),
        ({"97530": 1}, {"97530": 38}, "cms", [("doc-units-match-minutes", "warning", 7, None)]),
        ({"97530": 1, "97110": 1}, {"97530": 8, "97110": 8}, "ama", []),
        (
            {"97530": 1, "97110": 1},
            {"97530": 8, "97110": 8},
            "cms",
            [("doc-units-match-minutes", "error", 7, None)],
        ),
        ({"97150": 2}, {"97150": 30}, "cms", [("timed-vs-untimed", "error", None, None)]),
        (
            {"97530": 1, "97140": 1},
            {"97530": 30},
            "cms",
            [
                ("doc-units-match-minutes", "error", None, None),
                ("doc-units-match-minutes", "warning", 7, None),
            ],
        ),
    ],
)
def test_per_code(billed, minutes, method, expected):
    found, result = units_supported_findings(
        billed, minutes, method, line_of={"97530": 7, "97110": 8}
    )
    assert sorted(summary(found)) == sorted(expected)
    assert result is not None and set(result.units) == set(minutes)


@pytest.mark.parametrize(
    "billed, total, method, expected",
    [
        ({"97530": 2, "97110": 1}, 45, "cms", []),
        ({"97530": 2, "97110": 2}, 45, "cms", [("error", "units_match")]),
        ({"97530": 1}, 45, "cms", [("warning", "units_match")]),
        ({"97530": 2, "97150": 1}, 30, "cms", []),  # untimed units do not count toward the table
        ({"97530": 2}, 30, "ama", [("warning", "units_match")]),  # per code needs per-code minutes
        ({"97530": 2}, None, "cms", [("warning", "units_match")]),
    ],
)
def test_day_total_only(billed, total, method, expected):
    found, result = units_supported_findings(
        billed, None, method, total_timed_minutes=total, element="units_match"
    )
    assert [(f.severity, f.element) for f in found] == expected
    assert result is None


def test_tie_group_overbilled_is_one_error_naming_both_codes():
    found, result = units_supported_findings(
        {"97530": 1, "97110": 1}, {"97530": 10, "97110": 10}, "cms"
    )
    assert result.tie_broken
    [finding] = found
    assert (
        finding.severity == "error"
        and "97530 and 97110" in finding.message
        and "clinician" in finding.message
    )


# --- on a claim, through check_claim ------------------------------------------------------


@pytest.mark.parametrize(
    "lines, method, expected",
    [
        ([gp("97530", 3, 38)], "cms", []),
        ([gp("97530", 4, 38)], "cms", [("error", 1)]),
        ([gp("97530", 2, 38)], "cms", [("warning", 1)]),
        ([gp("97112", 2, 24), gp("97110", 2, 23)], "cms", [("error", 2)]),
        ([gp("97112", 1, 24), gp("97110", 2, 23)], "cms", [("error", 2), ("warning", 1)]),
        # CMS example: 4 codes, 49 minutes, 97035 documented but not billed
        (
            [gp("97110", 1, 18), gp("97140", 1, 13), gp("97116", 1, 10), gp("97035", 1, 8)],
            "cms",
            [("error", 4)],
        ),
        # tie (7 and 7 leftover): either code may take the unit
        ([gp("97530", 1, 7), gp("97110", 0, 7), gp("97112", 1, 15)], "cms", []),
        ([gp("97530", 0, 7), gp("97110", 1, 7), gp("97112", 1, 15)], "cms", []),
        ([gp("97530", 1, 7), gp("97110", 1, 7), gp("97112", 1, 15)], "cms", [("error", 1)]),
        ([gp("97530", 0, 7), gp("97110", 0, 7), gp("97112", 1, 15)], "cms", [("warning", 1)]),
        # per code: three codes of 8 minutes are 3 units
        ([gp("97530", 1, 8), gp("97110", 1, 8), gp("97112", 1, 8)], "ama", []),
        ([gp("97530", 1, 7), gp("97110", 1, 8)], "ama", [("error", 1)]),
        # units on two lines of one code (GP and GP+CQ) count together
        (
            [gp("97530", 1, 15), gp("97530", 2, 15, modifiers="GP CQ", who="PTA")],
            "cms",
            [("error", 1)],
        ),
    ],
)
def test_units_supported_by_minutes(lines, method, expected):
    check = check_claim(lines, method=method)
    assert sorted(hits(check, "doc-units-match-minutes")) == sorted(expected)


def test_over_billed_message_names_code_units_and_minutes():
    check = check_claim([gp("97530", 4, 38)])
    [finding] = check.by_severity("error")
    for part in ("97530", "billed 4 units", "support 3", "38 minutes"):
        assert part in finding.message


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([gp("97150", 2, 45)], [("error", 1)]),
        ([gp("97150", 1, 45)], []),
        ([gp("97010", 3)], [("error", 1)]),  # checked even without minutes
        ([gp("97161", 0, 30)], []),
    ],
)
def test_untimed_code_billed_as_one_unit(lines, expected):
    assert hits(check_claim(lines), "timed-vs-untimed") == expected


def test_missing_minutes_means_units_cannot_be_checked():
    check = check_claim([gp("97530", 3, 38), gp("97110", 9)])
    assert hits(check, "doc-units-match-minutes") == [("warning", None)]
    assert check.unit_result is None and check.expected_units is None
    assert "total timed minutes" in check.findings[-1].message or any(
        "total timed minutes" in f.message for f in check.findings
    )


def test_average_per_unit_note_only_when_it_adds_information():
    per_code = [gp("97530", 1, 8), gp("97110", 1, 8), gp("97112", 1, 8)]
    assert hits(check_claim(per_code, method="ama"), "average-15-per-unit") == [("info", None)]
    assert hits(check_claim(per_code, payer="commercial"), "average-15-per-unit") == []
    over = check_claim(per_code, method="cms")  # already an error: no extra note
    assert hits(over, "average-15-per-unit") == [] and not over.ok


def test_zero_unit_line_still_counts_its_minutes():
    check = check_claim(
        [gp("97110", 1, 18), gp("97140", 1, 13), gp("97116", 1, 10), gp("97035", 0, 8)]
    )
    assert check.ok and check.unit_result.timed_minutes == 49
    assert check.expected_units == {"97110": 1, "97140": 1, "97116": 1, "97035": 0}


@settings(max_examples=200, deadline=None)
@given(
    minutes=st.dictionaries(
        st.sampled_from(sorted(codes())), st.integers(0, 120), min_size=1, max_size=5
    ),
    method=st.sampled_from(["cms", "ama"]),
    payer=st.sampled_from(["medicare", "commercial"]),
)
def test_units_from_bill_units_never_get_a_units_finding(minutes, method, payer):
    units = bill_units(minutes, method=method).units
    lines = [ClaimLine(code, units[code], "GP", m) for code, m in minutes.items()]
    check = check_claim(lines, payer=payer, method=method)
    assert "doc-units-match-minutes" not in check.rule_ids
    assert "timed-vs-untimed" not in check.rule_ids
    if method == "cms":
        assert "average-15-per-unit" not in check.rule_ids
