"""The course's own files that a lesson's widget shows: the lessons and exercises a learner
can start afresh (lesson 1) and the synthetic day sheet lesson 10 audits.

Here rather than in the widgets, so a widget only calls the course and renders (the views
hold no paths and read no folders).
"""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import BillingInputError


def restorable_names() -> list[str]:
    """Every lesson and exercise notebook the course ships, by name (lessons first), as
    `reset_lesson` takes them.

    Raises:
        BillingInputError: the course is not found, or holds no lesson (names
            CPT97530_COURSE_DIR).
    """
    from toolkit.course.course_copy import package_course

    shipped = package_course()
    names = sorted(p.stem for p in (shipped / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not names:  # Why: an empty menu would say nothing of a CPT97530_COURSE_DIR gone wrong
        raise BillingInputError(
            f"no lessons in {shipped / 'notebooks'}: set CPT97530_COURSE_DIR to the folder "
            "holding the course's notebooks/ and exercises/"
        )
    return names + sorted(p.stem for p in (shipped / "exercises").glob("ex*.ipynb"))


def day_sheet() -> Path:
    """The synthetic day sheet (no real patient) that lesson 10 audits, shipped with the
    course (`examples/visit_logs/`).

    Raises:
        BillingInputError: the course is not found (names CPT97530_COURSE_DIR).
    """
    from toolkit.settings import course_source

    return course_source() / "examples" / "visit_logs" / "day_sheet.csv"
