"""Clock times ('9:05', '9:32 AM', '13:10') into minutes."""

from __future__ import annotations

import re

from toolkit.errors import BillingInputError

_CLOCK = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?\s*(m\.?)?\s*$", re.IGNORECASE)


def minute_of_day(text: object) -> int:
    """Minutes after midnight for a clock time, 24-hour or with AM/PM."""
    match = _CLOCK.match(text) if isinstance(text, str) else None
    if (
        not match
        or (match.group(4) and not match.group(3))
        or (match.group(2) is None and not match.group(3))
    ):
        raise BillingInputError(f"a clock time looks like 9:05, 9:32 AM or 13:10; got {text!r}")
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if minute > 59 or (half and not 1 <= hour <= 12) or (not half and hour > 23):
        raise BillingInputError(f"{text.strip()!r} is not a real clock time")
    if half:
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    return hour * 60 + minute


def minutes_between(start: object, *, end: object) -> int:
    """Minutes from start to end on the same day; an end before the start is refused.

    Raises:
        BillingInputError: either is not a clock time, or the end is before the start.
    """
    first, last = minute_of_day(start), minute_of_day(end)
    if last < first:
        raise BillingInputError(
            f"end time {str(end).strip()} is before start time {str(start).strip()};"
            " check AM/PM, or split a session that crosses midnight"
        )
    return last - first
