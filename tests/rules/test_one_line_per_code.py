"""All units of one code for one date on one claim line (toolkit.rules.one_line_per_code)."""

import pytest
from claim_cases import family_found, gp, hits

from toolkit.rules import one_line_per_code
from toolkit.rules.claims import check_claim


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([gp("97530", 1, 15), gp("97530", 1, 15)], [("error", 2)]),
        (
            [
                gp("97530", 1, 15, modifiers="GP,KX"),
                gp("97110", 1, 15),
                gp("97530", 1, 15, modifiers="KX GP"),
            ],
            [("error", 3)],
        ),
        (
            [gp("97530", 1, 15), gp("97530", 1, 15, modifiers="GP CQ", who="PTA")],
            [],
        ),  # CMS CQ examples
    ],
)
def test_one_line_per_code(lines, expected):
    assert hits(check_claim(lines), "one-line-per-code") == expected


def test_one_line_per_code_message_does_not_contradict_the_units_check():
    # 20 + 8 minutes support 2 units, not the 3 billed: the split finding must not say "bill 3".
    check = check_claim([gp("97530", 2, 20), gp("97530", 1, 8)])
    [finding] = [f for f in check.findings if f.rule_id == "one-line-per-code"]
    assert "on line 1" in finding.message and "3 units" not in finding.message
    assert "doc-units-match-minutes" in check.rule_ids


# First Coast Service Options (MAC), rejections since 19 April 2021 (rules.csv one-line-per-code,
# secondary; reference §4): the same code split over several lines is rejected.
@pytest.mark.parametrize(
    "lines, expected",
    [
        ([gp("97110", 1, 15), gp("97110", 1, 15)], [("one-line-per-code", "error", 2)]),
        (
            [gp("97530", 1, 15), gp("97530", 1, 15), gp("97530", 1, 15)],
            [("one-line-per-code", "error", 2), ("one-line-per-code", "error", 3)],
        ),  # each extra line points back to the first
        (
            [gp("97530", 1, 15, modifiers="GP 59"), gp("97530", 1, 15, modifiers="59 GP")],
            [("one-line-per-code", "error", 2)],
        ),  # the same modifiers in another order are the same line
        ([gp("97530", 2, 30), gp("97530", 0, 8)], []),  # 0 units: documented, not billed
        ([gp("97530", 2, 30), gp("97110", 1, 15)], []),  # two codes, one line each
    ],
)
def test_the_family_alone_and_check_claim_agree(lines, expected):
    assert family_found(one_line_per_code, lines) == expected
