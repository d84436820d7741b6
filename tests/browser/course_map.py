"""Which widgets each lesson and exercise must show in the browser.

The browser tests run EVERY notebook found in notebooks/ and exercises/; this table says
what each one must show after Run All. The first class listed is the notebook's "main
widget" (the one photographed for docs/screenshots). A notebook missing from the table
must still run clean and show at least one course widget (a `cpt-*` class).
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

LESSON_WIDGETS: dict[str, tuple[str, ...]] = {
    "01_start_here": (),
    "02_what_is_97530": (),
    "03_when_to_use_97530": (),
    "04_time_and_units": ("cpt-unit-calculator", "cpt-practice"),
    "05_documentation": (),
    "06_billing_guidelines": (),
    "07_billing_examples": (),
    "08_similar_codes": (),
    "09_history_and_myths": (),
    "10_audit_a_day_sheet": (),
}

EXERCISE_WIDGETS: dict[str, tuple[str, ...]] = {}

ANY_COURSE_WIDGET = "[class*='cpt-']"


def expected(stem: str) -> tuple[str, ...]:
    return LESSON_WIDGETS.get(stem) or EXERCISE_WIDGETS.get(stem) or ()


def notebook_with(css_class: str, table: dict[str, tuple[str, ...]] = LESSON_WIDGETS) -> str:
    """The first notebook (stem) whose table entry lists `css_class`."""
    for stem, classes in table.items():
        if css_class in classes:
            return stem
    raise LookupError(f"no notebook in the table shows {css_class}")
