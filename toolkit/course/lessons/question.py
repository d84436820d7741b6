"""A quick-check question and its options: every option says why it is right or wrong, and
which rule (and so which source) says so.

Kinds: "single" (one right option), "multi" (tick every right option), "sort" (put each
scenario under a code or outcome; `correct` holds the right category).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool | str
    why: str
    rule_id: str | None  # a rule id, 'code:NNNNN' for a code's descriptor, None: course use


@dataclass(frozen=True)
class Question:
    key: str
    lesson: str
    kind: str
    prompt: str
    options: tuple[Option, ...]
    categories: tuple[str, ...] = ()

    def is_right(self, chosen: object) -> bool:
        """Whether `chosen` (option text, list of ticked texts, or list of categories, as the
        widget gives it) is the right answer. Never raises: anything else is not right."""
        options = self.options
        try:
            if self.kind == "single":
                return any(o.text == chosen and o.correct is True for o in options)
            if not isinstance(chosen, list | tuple):
                return False
            if self.kind == "multi":
                return set(chosen) == {o.text for o in options if o.correct is True}
            return list(chosen) == [o.correct for o in options]
        except TypeError:  # unhashable items in a crafted answer
            return False
