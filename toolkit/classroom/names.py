"""Learner names on the hub: one spelling per person, safe in a URL and a folder name.

A name typed at sign-in is folded with the same `learner_key` that files submissions
(case, spacing and Unicode look-alikes), then every run of characters that are not letters
or digits becomes one '-'. So "Dana Lee", "dana  lee" and "DANA-LEE" are one hub user,
`dana-lee`, and can never be two rows in the class dashboard.
"""

from __future__ import annotations

import re

from toolkit.course.exercises.submission import learner_key

MAX_LENGTH = 40
_NOT_WORD = re.compile(r"[^\w]+")


def hub_name(typed: str) -> str:
    """The hub user name for what was typed ('' when nothing usable is left)."""
    return _NOT_WORD.sub("-", learner_key(str(typed or ""))).strip("-_")


def is_valid_hub_name(name: str) -> bool:
    return bool(name) and len(name) <= MAX_LENGTH and name == hub_name(name)
