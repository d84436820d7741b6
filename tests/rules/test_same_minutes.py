"""The same minutes billed twice: one service per 15 minutes, and minutes within the clock
times (toolkit.rules.same_minutes)."""

import pytest
from claim_cases import family_found, gp, hits, line

from toolkit.rules import same_minutes
from toolkit.rules.claims import check_claim


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([line("97530", "A"), line("97110", "A")], [("error", 2)]),
        ([line("97530", "Block 2"), line("97110", "block  2")], [("error", 2)]),
        ([line("97530", "A"), line("97110", "B")], []),
        ([line("97530", "9:00-9:23"), line("97110", "9:20-9:40")], [("error", 2)]),
        ([line("97530", "9:00-9:23"), line("97110", "9:23-9:40")], []),  # back to back
        ([line("97530", "9:00-9:10; 9:40-9:50"), line("97110", "9:10-9:40")], []),
        ([line("97530", "9:00-9:10; 9:40-9:50"), line("97110", "9:45-10:00")], [("error", 2)]),
        ([line("97530", "9:00 AM-9:30 AM"), line("97110", "9:15-9:45")], [("error", 2)]),
        ([line("97530", "A"), line("97110", "9:00-9:20")], []),  # label and clock: cannot compare
        ([line("97530", "A"), line("97010", "A")], []),  # supervised modality excepted
        ([line("97530", "A"), line("97150", "A")], []),  # untimed group: the pair rule explains it
        (
            [line("97530", "A", "GP XU"), line("97140", "A", "GP")],
            [("error", 2)],
        ),  # XU cannot fix it
        (
            [line("97530", "A"), line("97110", "A"), line("97112", "A")],
            [("error", 2), ("error", 3), ("error", 3)],
        ),
        (
            [line("97530", "A"), line("97110", "A", units=0)],
            [("error", 2)],
        ),  # minutes still double-counted
    ],
)
def test_time_overlap(lines, expected):
    assert hits(check_claim(lines), "one-service-per-15-minutes") == expected


def test_overlap_message_says_modifiers_cannot_fix_it():
    check = check_claim([line("97530", "9:00-9:23"), line("97140", "9:15-9:30", "GP XU")])
    [finding] = [f for f in check.findings if f.rule_id == "one-service-per-15-minutes"]
    assert "9:00-9:23 overlaps 9:15-9:30" in finding.message and "cannot fix" in finding.message
    assert "code-pair-edit" not in check.rule_ids  # no second finding for the same problem


@pytest.mark.parametrize(
    "minutes, block, expected",
    [
        (30, "9:00-9:20", [("warning", 1)]),
        (20, "9:00-9:20", []),
        (15, "9:00-9:20", []),  # rest or waiting inside the block is not counted: fewer is fine
        (30, "9:00-9:20; 9:30-9:40", []),
        (30, "A", []),
    ],
)
def test_minutes_cannot_exceed_the_clock_time(minutes, block, expected):
    check = check_claim([gp("97530", 2, minutes, block)])
    assert hits(check, "direct-time-only") == expected


# one-service-per-15-minutes: CMS NCCI Policy Manual Ch.11 §P.2 (reference §6);
# direct-time-only: CMS Pub 100-04 Ch.5 §20.2; co-treated blocks count once instead
# (CMS Part B billing scenarios, reference §10).
@pytest.mark.parametrize(
    "lines, expected",
    [
        (
            [gp("97530", 2, 30, "A"), gp("97140", 1, 15, "A")],
            [("one-service-per-15-minutes", "error", 2)],
        ),
        ([gp("97530", 2, 30, "9:00-9:30"), gp("97140", 1, 15, "9:30-9:45")], []),  # back to back
        (
            [gp("97530", 2, 40, "9:00-9:30")],
            [("direct-time-only", "warning", 1)],
        ),  # 40 minutes in a 30-minute block
        (
            [gp("97530", 2, 30, "10:00-10:30"), gp("97530", 2, 30, "10:00-10:30", "GO", "OT")],
            [],
        ),  # co-treatment: not this family's (co-treatment-once is the units check)
        ([gp("97530", 2, 30), gp("97110", 1, 15)], []),  # no time blocks: nothing to compare
    ],
)
def test_the_family_alone_and_check_claim_agree(lines, expected):
    assert family_found(same_minutes, lines) == expected
