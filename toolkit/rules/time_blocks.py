"""When a service was done: a block label ("A", "block 2") or clock ranges ("9:00-9:23").

Two services in the same minutes cannot both be billed (one service per 15-minute
period), so the claim checker asks whether two lines' time blocks overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.errors import BillingInputError
from toolkit.rules.clock import minute_of_day

_HAS_CLOCK = re.compile(r"\d:\d\d")
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|\bto\b)\s*", re.IGNORECASE)
_FORMAT_HINT = "a time block is a label such as A or block 2, or clock times such as 9:00-9:23"


@dataclass(frozen=True)
class TimeBlock:
    text: str  # as written, trimmed
    label: str | None  # lower-case label with single spaces, or None for clock ranges
    intervals: tuple[tuple[int, int], ...]  # (start, end) minutes of the day; empty for a label

    def overlaps(self, other: TimeBlock) -> bool:
        """True when both blocks name the same minutes; a label and clock times never compare."""
        if self.label is not None or other.label is not None:
            return self.label is not None and self.label == other.label
        return any(s1 < e2 and s2 < e1 for s1, e1 in self.intervals for s2, e2 in other.intervals)

    @property
    def minutes(self) -> int | None:
        """Minutes covered by clock ranges (None for a label)."""
        return None if self.label is not None else sum(e - s for s, e in self.intervals)


def parse_time_block(raw: object) -> TimeBlock | None:
    """None for no block; else a label or clock ranges ("9:00-9:23; 9:40-9:50")."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise BillingInputError(f"{_FORMAT_HINT}; got {raw!r}")
    text = " ".join(raw.split())
    if not text:
        return None
    if not _HAS_CLOCK.search(text):
        return TimeBlock(text=text, label=text.lower(), intervals=())
    intervals = tuple(_clock_range(part) for part in re.split(r"\s*[;,]\s*", text) if part)
    if not intervals:
        raise BillingInputError(f"{_FORMAT_HINT}; got {raw!r}")
    return TimeBlock(text=text, label=None, intervals=intervals)


def _clock_range(part: str) -> tuple[int, int]:
    pieces = _RANGE_SPLIT.split(part)
    if len(pieces) != 2:
        raise BillingInputError(
            f"clock times in a time block are written start-end, such as 9:00-9:23; got {part!r}"
        )
    try:
        start, end = minute_of_day(pieces[0]), minute_of_day(pieces[1])
    except BillingInputError as bad:
        raise BillingInputError(f"in the time block {part!r}: {bad}") from None
    if end < start:
        raise BillingInputError(
            f"in the time block {part!r} the end is before the start;"
            " check AM/PM, or split a session that crosses midnight"
        )
    return start, end
