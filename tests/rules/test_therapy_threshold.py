"""KX and the yearly therapy threshold (amounts by year from thresholds.csv)."""

import pytest
from claim_cases import hits

from toolkit.errors import BillingInputError
from toolkit.rules.claims import ClaimLine, check_claim
from toolkit.rules.therapy_threshold import normalize_spend


def line(modifiers="GP", code="97530", who="PT"):
    return ClaimLine(code, 1, modifiers, 15, None, who)


@pytest.mark.parametrize(
    "lines, spend, year, expected",
    [
        ([line()], {"PT/SLP": 2481}, 2026, [("error", 1)]),
        ([line("GP KX")], {"PT/SLP": 2481}, 2026, []),
        ([line("GP KX")], {"PT/SLP": 2480}, 2026, [("warning", 1)]),  # at the threshold: not over
        ([line()], {"PT/SLP": 2480}, 2026, []),
        (
            [line("GN", "92507", "SLP")],
            {"PT/SLP": 2500},
            2026,
            [("error", 1)],
        ),  # PT and SLP combined
        ([line("GO", who="OT")], {"PT/SLP": 5000, "OT": 100}, 2026, []),  # OT counted separately
        ([line("GO", who="OT")], {"OT": 2500}, 2026, [("error", 1)]),
        ([line(), line("GO", "97535", "OT")], {"OT": 2500}, 2026, [("error", 2)]),
        ([line()], {"PT/SLP": 2200}, 2022, [("error", 1)]),  # 2022 threshold 2,150
        ([line()], {"PT/SLP": 2200}, 2023, []),  # 2023 threshold 2,230
        ([line()], None, 2026, []),
    ],
)
def test_kx_threshold(lines, spend, year, expected):
    check = check_claim(lines, year=year, therapy_spend=spend)
    assert hits(check, "kx-threshold") == expected


def test_commercial_claims_are_not_checked_for_kx():
    assert (
        hits(
            check_claim([line()], payer="commercial", therapy_spend={"PT/SLP": 9000}),
            "kx-threshold",
        )
        == []
    )


@pytest.mark.parametrize(
    "year, spend, modifiers", [(2019, {"PT/SLP": 2500}, "GP"), (2030, None, "GP KX")]
)
def test_year_without_threshold_is_not_guessed(year, spend, modifiers):
    check = check_claim([line(modifiers)], year=year, therapy_spend=spend)
    [finding] = [f for f in check.findings if f.rule_id == "kx-threshold"]
    assert (
        finding.severity == "info"
        and str(year) in finding.message
        and "not guess" in finding.message
    )


def test_secondary_amount_is_said_to_be_secondary():
    check = check_claim([line()], year=2026, therapy_spend={"PT/SLP": 2600})
    [finding] = [f for f in check.findings if f.rule_id == "kx-threshold"]
    assert "$2,480" in finding.message and "secondary source" in finding.message


@pytest.mark.parametrize(
    "spend, expected",
    [
        ({"PT/SLP": 3000.01}, [("info", None)]),
        ({"PT/SLP": 3000}, []),
        ({"OT": 4000}, []),  # no OT line on this claim
    ],
)
def test_targeted_review(spend, expected):
    assert (
        hits(check_claim([line("GP KX")], therapy_spend=spend), "targeted-review-3000") == expected
    )


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, None),
        ({}, {}),
        ({"pt/slp": 10, "OT": 2.5}, {"PT/SLP": 10.0, "OT": 2.5}),
        ({"SLP": 7, "OT": None}, {"PT/SLP": 7.0}),
    ],
)
def test_normalize_spend(raw, expected):
    assert normalize_spend(raw) == expected


@pytest.mark.parametrize(
    "raw, named",
    [
        ({"PT": 1, "SLP": 2}, "PT/SLP"),
        ({"OT": -1}, "-1"),
        ({"OT": float("nan")}, "nan"),
        ({"OT": "2000"}, "2000"),
        ({"OT": True}, "True"),
        ({"chiro": 1}, "chiro"),
        ([1, 2], "[1, 2]"),
    ],
)
def test_bad_spend_is_refused(raw, named):
    with pytest.raises(BillingInputError) as refused:
        normalize_spend(raw)
    assert named in str(refused.value)
