"""Lesson 10 · Audit a day sheet: the visit-log audit over a synthetic clinic day.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import Lesson, code, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "10_audit_a_day_sheet"

CELLS = (
    md("""
# Lesson 10 · Audit a day sheet

Billing staff rarely check one visit at a time. At the end of a clinic day (or a month) you get
a **sheet of visits**, often an export from the clinic's system, and your job is to find the
lines whose units, modifiers or code pairs are wrong *before* the claims go out.

This lesson puts lessons 4 to 7 to work on a whole sheet at once. The sheet is
**synthetic**: made up for the course, no real patients.

**By the end you can:** read an audit report line by line; say for each finding which rule it
applies and where that rule comes from; and tell a row the audit could not read from a row
that is wrong.
"""),
    code("from toolkit.widgets import audit_view, quick_check"),
    md("""
## The day sheet, audited

Each row of the sheet is one claim line: the visit, the date, the code, the minutes, the units
billed, the modifiers, who furnished it and the payer. A **visit** is one patient on one date;
the audit works out, for every visit, how many units its minutes support and checks every line
against the claim rules.

Read the report below from top to bottom:

- **Row** is the row number in the file (the header is row 1), so you can find the line in the
  spreadsheet. **Line** is the line's place within its visit.
- **Expected** is the number of units the minutes support by the counting method chosen above
  the report. Switch between the CMS 8-minute rule and per-code counting and watch the findings
  change.
- Every finding names its **rule and source**. A source marked *secondary* comes from a MAC or a
  professional association, not from CMS's own text; one marked **UNVERIFIED** is a point we
  could not confirm, and the toolkit says so instead of presenting it as a rule.
"""),
    code("view = audit_view.show()\nview"),
    md("""
## What to look for

Go through the findings and match each to a lesson:

1. **Units the minutes do not support** (lesson 4). Visit P003 is the CMS manual's own example:
   18 + 13 + 10 + 8 = 49 timed minutes make **3** units, and 97035 (8 minutes, the least
   leftover) gets none. The sheet bills 4. Visit P004 bills three 8-minute codes a unit each:
   per code that is 3 units, but Medicare pools the 24 minutes into **2**.
2. **Modifiers** (lesson 6, *Modifiers*): a line with no GP, GO or GN (P006), and a PT assistant's line
   without CQ (P005).
3. **Code pairs** (lesson 6, *Code pairs and time*): 97140 and 97530 on the same day without XU or 59 (P007).
   The pair comes from secondary sources, so it is a warning to check the current PTP table.
4. **Who may bill** (lessons 6 and 7): an athletic trainer's 97530 billed to Medicare (P009).
5. **One line per code** (lesson 6, *One line per code*): 97530 split over two lines (P010). The minutes are pooled
   for the units, and the second line is the finding.
6. **A row the audit could not read** (P011): the code 97350 does not exist (a typo for
   97530). The row is listed with its reason and *not* audited: nothing is dropped silently.
"""),
    code(
        "found = None if view.result is None else set(view.result.findings['rule'])  # None: no audit in the browser\n"
        "assert found is None or ({'doc-units-match-minutes', 'code-pair-edit', 'one-line-per-code'} <= found and list(view.result.errors['row']) == [22])"
    ),
    md("""
## The rules behind the findings

The table counts the findings by rule, with each rule's title and source, so you can look the
rule up yourself.
"""),
    code("audit_view.rules_table(view.result)"),
    md("""
## Your own sheet

An educator or a team lead can run the same audit on a clinic export (CSV, Excel or Parquet)
from a terminal, and hand out the report:

`cpt97530 audit day_sheet.xlsx --html report.html -o report.csv`

The report page shows the same findings, a chart of findings by rule, and every row that could
not be read with its row number and the reason. Use synthetic or properly de-identified data
in training.

## Quick check
"""),
    code('quick_check.for_lesson("10_audit_a_day_sheet")'),
    md("""
**Next:** [Lesson 11 · Around the claim](11_around_the_claim.ipynb)
"""),
)

QUESTIONS = (
    Question(
        "audit-which-line",
        ID,
        "single",
        "A Medicare visit on the sheet: 97530 28 min billed 2 units, 97110 9 min billed 1 "
        "unit. Which line does the audit flag, and why?",
        (
            O(
                "97110: the day's 37 timed minutes make 2 units, and both go to 97530",
                True,
                "37 minutes is in the 23-37 row: 2 units in all. 97530 has one full unit and the "
                "most leftover minutes (13 against 9), so it takes the second unit too.",
                "cms-leftover-allocation",
            ),
            O(
                "97530: under 30 minutes can only ever be 1 unit",
                False,
                "Under CMS the day's pooled total decides; 97530's 13 leftover minutes win the "
                "second unit.",
                "cms-unit-table",
            ),
            O(
                "Neither: each code passed 8 minutes, so each earns a unit",
                False,
                "That is the per-code (AMA) count; Medicare pools the day's timed minutes.",
                "ama-per-code",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="Audit a day sheet",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-audit-view",),
)
