"""Learner names on the hub: one spelling per person, safe in a URL and a folder name.

A name typed at sign-in is folded with the same `learner_key` that files submissions
(case, spacing and Unicode look-alikes), then every letter that Unicode's confusables data
(UTS #39, "TR39", as shipped by the maintained `confusable-homoglyphs` package) lists as
drawn like an ASCII letter or digit becomes that letter: Armenian հ is h, Lisu ꓲ and Latin ǀ
are l, small capital ᴇ is e (through its capital). Then every run of characters that are
not letters or digits becomes one '-'. So "Dana Lee", "dana  lee", "DANA-LEE" and
"Dаna Lee" with a Cyrillic а are one hub user, `dana-lee`, and can never be two rows in the
class dashboard, nor a second account beside an instructor's name.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from toolkit.course.exercises.submission import learner_key

MAX_LENGTH = 40
_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1)
def _look_alikes() -> dict[int, str]:
    """{character: the ASCII letter or digit it is drawn like}, from the TR39 data.

    The data pairs each confusable character with its prototype (both ways), so characters
    drawn alike form one group; a group holding an ASCII letter or digit maps its other
    members to it (a lowercase letter first: I, 1 and ǀ all become l). A group without one
    is mapped through its members' other case (ᴇ's group holds Cherokee ꭼ, whose capital Ꭼ
    is drawn E)."""
    data = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    parent: dict[str, str] = {}

    def root(ch: str) -> str:
        while parent.setdefault(ch, ch) != ch:
            parent[ch] = parent[parent[ch]]
            ch = parent[ch]
        return ch

    for ch, pairs in data.items():
        for pair in pairs:
            other = pair["c"].replace("\u200e", "").replace("\u200f", "")
            if len(ch) == 1 and len(other) == 1:
                parent[root(ch)] = root(other)
    groups: dict[str, list[str]] = {}
    for ch in list(parent):
        groups.setdefault(root(ch), []).append(ch)
    ascii_of: dict[str, str] = {}
    for members in groups.values():
        plain = [m for m in members if m.isascii() and m.isalnum()]
        if plain:
            pick = min(plain, key=lambda m: (not m.islower(), not m.isalpha(), m)).lower()
            ascii_of.update({m: pick for m in members if not m.isascii()})
    for members in groups.values():  # a group drawn like a letter of another case
        if any(m in ascii_of or m.isascii() for m in members):
            continue
        for m in members:
            for variant in (m.upper(), m.lower()):
                if (
                    len(variant) == 1
                    and variant != m
                    and (variant in ascii_of or variant.isalnum())
                ):
                    target = ascii_of.get(variant, variant)
                    if target.isascii():
                        ascii_of.update({n: target.lower() for n in members})
                        break
    return {ord(ch): to for ch, to in ascii_of.items()}


def hub_name(typed: str) -> str:
    """The hub user name for what was typed ('' when nothing usable is left)."""
    folded = learner_key(str(typed or ""))
    folded = learner_key(folded.translate(_look_alikes()))  # look-alikes, then case again
    return _NOT_WORD.sub("-", folded).strip("-_")


def is_valid_hub_name(name: str) -> bool:
    return bool(name) and len(name) <= MAX_LENGTH and name == hub_name(name)
