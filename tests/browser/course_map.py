"""Which widgets each lesson and exercise must show in the browser.

The browser tests run EVERY notebook found in notebooks/ and exercises/; this table says
what each one must show after Run All. A lesson's row comes from its module
(`Lesson.widgets` in toolkit/course/lessons/lNN_*.py). The first class listed is the
notebook's "main widget" (the one photographed for docs/screenshots). A notebook missing
from the table must still run clean and show at least one course widget (a `cpt-*` class).
"""

from __future__ import annotations

from pathlib import Path

from toolkit.course.lessons import READING_ORDER

REPO = Path(__file__).resolve().parents[2]

LESSON_WIDGETS: dict[str, tuple[str, ...]] = {lesson.id: lesson.widgets for lesson in READING_ORDER}

EXERCISE_WIDGETS: dict[str, tuple[str, ...]] = {}

ANY_COURSE_WIDGET = "[class*='cpt-']"


def expected(stem: str) -> tuple[str, ...]:
    """The CSS classes notebook `stem` must show, the main widget first; () if not listed.

    Raises:
        Nothing: a notebook missing from the table has no classes listed.
    """
    return LESSON_WIDGETS.get(stem) or EXERCISE_WIDGETS.get(stem) or ()


def notebook_with(css_class: str, *, table: dict[str, tuple[str, ...]] = LESSON_WIDGETS) -> str:
    """The first notebook (stem) whose table entry lists `css_class`, in reading order.

    Raises:
        LookupError: no notebook in the table shows `css_class`.
    """
    for stem, classes in table.items():
        if css_class in classes:
            return stem
    raise LookupError(f"no notebook in the table shows {css_class}")
