"""Lesson 9 · History and myths: the article's unconfirmed history and every misconception in
one place.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "09_history_and_myths"

CELLS = (
    md("""
# Lesson 9 · History and myths

## History, as the article states it

The article this course follows says 97530 entered CPT on 1 January 1990 and that its
description changed on 1 January 2001 and 1 January 2013. **We could not confirm these
dates**, so they are shown here only as the article's claim:
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, quick_check"),
    code('history = tables.rule_box("seed-history")\nhistory'),
    code('assert "UNVERIFIED" in history.value'),
    md("""
Some recent history is better documented (secondary sources): on 1 January 2020 CMS added
code-pair edits between 97530 and the PT/OT evaluation codes; therapists objected and CMS
withdrew them (announced on 24 January 2020). The edit between 97530 and gait training 97116 was
reinstated on 1 October 2020, but deletions of PT pair edits were reported for 1 January 2021:
whether it is in force today is **UNVERIFIED**, so the claim checker only warns on it and asks
you to check CMS's current PTP table.
"""),
    code('tables.rule_box("code-pair-edit")'),
    md("""
## The misconceptions, all in one place

Each box says what is often said (several come from the course article) and what the
sources say instead.
"""),
    code("myths = tables.all_misconceptions()\nmyths"),
    code(
        "assert len(myths.items) == len(tables.MISCONCEPTIONS) and all(m.rule_ids for m in myths.items)"
    ),
    md("## Quick check"),
    code('quick_check.for_lesson("09_history_and_myths")'),
    md("""
**Next:** [Lesson 10 · Audit a day sheet](10_audit_a_day_sheet.ipynb)
"""),
)

QUESTIONS = (
    Question(
        "history-status",
        ID,
        "single",
        "How should the course treat the article's dates for 97530 (1990, 2001, 2013)?",
        (
            O(
                "As what the article states: unconfirmed",
                True,
                "We could not confirm them, so they are labelled UNVERIFIED.",
                "seed-history",
            ),
            O("As CMS facts", False, "No CMS source for these dates was found.", "seed-history"),
        ),
    ),
    Question(
        "myths",
        ID,
        "multi",
        "Tick every statement that is TRUE.",
        (
            O(
                "A unit of 97530 can be billed for fewer than 15 minutes",
                True,
                "Under CMS, 8-22 timed minutes in the day is one unit.",
                "cms-unit-table",
            ),
            O(
                "Each 15-minute block goes on its own claim line",
                False,
                "A code's units for the day belong together on a single line.",
                "one-line-per-code",
            ),
            O(
                "CMS requires start and end times for every block",
                False,
                "CMS requires total timed minutes and total treatment time.",
                "doc-clock-times",
            ),
            O(
                "An athletic trainer's 97530 is payable by Medicare",
                False,
                "May not be billed as therapy to Medicare.",
                "non-therapist-medicare",
            ),
            O(
                "97530 and 97140 can be billed the same day in separate time intervals",
                True,
                "Distinct intervals, shown with 59 or XU.",
                "ptp-edit-bypass",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="History and myths",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-misconceptions", "cpt-rule", "cpt-quick-checks"),
)
