"""The one units-supported check shared by claims and treatment notes."""

import pytest

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
