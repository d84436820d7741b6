"""One PT and one OT evaluation or re-evaluation per date of service (toolkit.rules.evaluations)."""

import pytest
from claim_cases import family_found, gp, hits

from toolkit.rules import evaluations
from toolkit.rules.claims import Claim, check_claim


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([gp("97161", 1, 30), gp("97164", 1, 20)], [("error", 2)]),
        (
            [
                gp("97165", 1, 30, modifiers="GO"),
                gp("97168", 1, 20, modifiers="GO"),
                gp("97167", 1, 20, modifiers="GO"),
            ],
            [("error", 2), ("error", 3)],
        ),
        (
            [gp("97161", 1, 30), gp("97165", 1, 30, modifiers="GO")],
            [],
        ),  # one PT and one OT: allowed
        ([gp("97161", 1, 30), gp("97162", 0, 20)], []),  # 0 units: documented, not billed
    ],
)
def test_one_evaluation_per_day(lines, expected):
    assert hits(check_claim(lines), "one-evaluation-per-day") == expected


# CMS NCCI Policy Manual Ch.11 §P.1 (rules.csv one-evaluation-per-day; reference §3): at most
# one PT evaluation or re-evaluation (97161-97164) and one OT (97165-97168) per date of service.
@pytest.mark.parametrize(
    "lines, expected",
    [
        (
            [gp("97163", 1, 45), gp("97164", 1, 20)],
            [("one-evaluation-per-day", "error", 2)],
        ),  # PT evaluation and PT re-evaluation
        (
            [gp("97166", 1, 45, modifiers="GO", who="OT"), gp("97530", 2, 30)],
            [],
        ),  # one OT evaluation and a treatment code
        (
            [gp("97163", 1, 45), gp("97167", 1, 45, modifiers="GO", who="OT")],
            [],
        ),  # one of each discipline
        (
            [
                gp("97161", 1, 30),
                gp("97165", 1, 30, modifiers="GO", who="OT"),
                gp("97162", 1, 30),
                gp("97166", 1, 30, modifiers="GO", who="OT"),
            ],
            [("one-evaluation-per-day", "error", 3), ("one-evaluation-per-day", "error", 4)],
        ),  # a second of each discipline: each is its own finding
        ([gp("97530", 2, 30), gp("97110", 1, 15)], []),  # no evaluation at all
    ],
)
def test_the_family_alone_and_check_claim_agree(lines, expected):
    assert family_found(evaluations, lines) == expected


def test_the_message_names_the_span_the_first_evaluation_and_its_line():
    [finding] = evaluations.findings(Claim.read([gp("97161", 1, 30), gp("97164", 1, 20)]))
    for part in ("97161-97164", "97161 is already on line 1", "remove 97164"):
        assert part in finding.message
    assert "NCCI" in finding.source and "P.1" in finding.source
