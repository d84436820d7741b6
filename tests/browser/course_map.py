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
    "01_start_here": ("cpt-progress-overview", "cpt-quick-checks", "cpt-start-afresh"),
    "02_what_is_97530": ("cpt-quick-checks", "cpt-rule", "cpt-misconception"),
    "03_when_to_use_97530": ("cpt-quick-check-sort", "cpt-rule"),
    "04_time_and_units": (
        "cpt-unit-calculator", "cpt-practice", "cpt-quick-checks", "cpt-table-view",
        "cpt-misconception", "cpt-rule",
    ),
    "05_documentation": ("cpt-note-checker", "cpt-quick-checks", "cpt-rule", "cpt-misconception"),
    "06_billing_guidelines": ("cpt-claim-checker", "cpt-table-view", "cpt-rule", "cpt-quick-checks"),
    "07_billing_examples": ("cpt-table-view", "cpt-misconception", "cpt-quick-checks"),
    "08_similar_codes": ("cpt-table-view", "cpt-quick-check-sort", "cpt-rule"),
    "09_history_and_myths": ("cpt-misconceptions", "cpt-rule", "cpt-quick-checks"),
    "10_audit_a_day_sheet": ("cpt-audit-view",),
    "11_around_the_claim": ("cpt-claim-checker", "cpt-table-view", "cpt-rule", "cpt-misconception",
                            "cpt-quick-checks"),
}  # fmt: skip

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
