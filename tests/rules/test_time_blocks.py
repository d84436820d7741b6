"""Time blocks: labels and clock ranges, and when two overlap."""

import pytest

from toolkit.errors import BillingInputError
from toolkit.rules.time_blocks import parse_time_block


@pytest.mark.parametrize(
    "raw, label, intervals",
    [
        ("A", "a", ()),
        ("  Block   2 ", "block 2", ()),
        ("9:00-9:23", None, ((540, 563),)),
        ("9:00-9:23; 9:40-9:50", None, ((540, 563), (580, 590))),
        ("9:00 AM - 9:23 AM, 1:05 PM-1:20 PM", None, ((540, 563), (785, 800))),
        ("13:10 to 13:40", None, ((790, 820),)),
    ],
)
def test_parse(raw, label, intervals):
    block = parse_time_block(raw)
    assert block.label == label and block.intervals == intervals


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_no_block(raw):
    assert parse_time_block(raw) is None


@pytest.mark.parametrize(
    "raw", ["9:40-9:10", "9:00", "9:00-9:10-9:20", "25:00-25:10", "9:00-x", 930, ["A"]]
)
def test_bad_block_is_refused_naming_it(raw):
    with pytest.raises(BillingInputError) as refused:
        parse_time_block(raw)
    assert str(raw).split("-")[0].strip("[]'") in str(refused.value)


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        ("A", "a", True),
        ("A", "B", False),
        ("9:00-9:23", "9:22-9:30", True),
        ("9:00-9:23", "9:23-9:30", False),
        ("9:00-9:10; 9:30-9:40", "9:10-9:30", False),
        ("9:00-9:10; 9:30-9:40", "9:35-9:36", True),
        ("A", "9:00-9:10", False),
    ],
)
def test_overlap(a, b, overlap):
    assert parse_time_block(a).overlaps(parse_time_block(b)) is overlap
    assert parse_time_block(b).overlaps(parse_time_block(a)) is overlap


def test_clock_minutes():
    assert parse_time_block("9:00-9:23; 9:40-9:50").minutes == 33
    assert parse_time_block("A").minutes is None
