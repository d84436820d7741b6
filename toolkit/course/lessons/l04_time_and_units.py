"""Lesson 4 · Time and units: timed and untimed codes, the CMS 8-minute rule, the per-code
method, the unit calculator and practice.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "04_time_and_units"

CELLS = (
    md("""
# Lesson 4 · Time and units

97530 is billed in units of time. This lesson shows how minutes become units under the two
counting methods you will meet, and gives you a calculator and unlimited practice.

**By the end you can:** tell timed from untimed codes; count units with the CMS 8-minute rule
for one or several codes; count units per code (the AMA method); explain the answer in words.
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, unit_calculator, practice, quick_check"),
    md("""
## Timed and untimed codes

*Timed* codes ("each 15 minutes") are billed by the minute count. *Untimed* codes
(evaluations, group therapy 97150, supervised modalities such as mechanical traction 97012)
are billed as one unit a day however long they take. Their minutes still count in the day's
**total treatment time**, but never toward timed units. 97530 is a timed code.

Two supervised modalities do not travel to Medicare as written: Medicare **bundles hot or cold
packs (97010)**, so they are never paid separately, and **97014** (unattended electrical
stimulation) is not valid on a Medicare claim: Medicare's code is **G0283**. The claim checker
warns on 97010 and reports 97014 as an error (Lesson 11).
"""),
    code("tables.timed_codes_table()"),
    md("""
## The CMS 8-minute rule (Medicare)

Medicare counts the **day's total timed minutes** first: that total alone fixes how many timed
units the visit can have. The first unit needs **8 minutes or more** (the midpoint of 15 minutes
is 7.5), and every further 15 minutes adds one more.
"""),
    code("unit_table = tables.cms_unit_table()\nunit_table"),
    code('assert unit_table.rows[1] == (1, "8-22") and unit_table.rows[3] == (3, "38-52")'),
    code('tables.misconception("session-is-15-minutes")'),
    md("""
### Several timed codes on one day

1. Add up the timed minutes of every timed code: the table gives the day's units.
2. Each full 15 minutes of one code guarantees that code a unit (15 minutes: one or more; 30: two or more; ...).
3. The units still left go to the codes with the most minutes left over.
4. If no single code reaches 8 minutes yet their sum does, the unit goes to the code
   done longest.
5. A code that ends up with no unit is still written in the note: its minutes counted.
6. When two codes have the same leftover minutes, the clinician may give the unit to either.

Expect about 15 minutes of direct contact per billed unit on average; units billed for much
less, again and again, draw a reviewer's eye.
"""),
    code('tables.rule_box("average-15-per-unit")'),
    md("""
### PT and OT on the same day: each discipline counts its own minutes

PT, OT and speech-language pathology work under **separate plans of care** (GP, GO, GN), so
each discipline's timed minutes are **their own pool**: the steps above run once per
discipline. PT 25 minutes of 97530 (GP) and OT 25 minutes of 97535 (GO) are 2 + 2 units,
not 3 units for 50 minutes; PT 10 + OT 10 are 1 + 1. A PT assistant's minutes count with the
PT's (GP), an OT assistant's with the OT's (GO). An **aide's minutes never count**, on any
line, billed or not. CMS states no example of this, so the source is marked secondary.
"""),
    code('tables.rule_box("discipline-pools")'),
    md("""
Payers also cap the units of one code they pay for one patient on one day (CMS calls these
Medically Unlikely Edits). The cap for 97530 is not confirmed here, so the toolkit applies
none: look it up in the current table before you rely on a number.
"""),
    code('tables.rule_box("mue-97530")'),
    code('tables.misconception("report-each-session")'),
    md("""
## The per-code method (AMA, many commercial payers)

Many commercial payers count **each code on its own**: a code gets its first unit at
**8 minutes or more** (the CPT midpoint rule), one more for each further 15, and leftover
minutes of separate codes are not pooled. Because nothing is pooled, the same
visit can earn **more or fewer** units per code than under CMS. The payer's contract says which
method applies; state Medicaid programs set their own rules (check the state plan).

## Worked examples from the CMS manual

These are the worked examples in CMS's own manual (Pub 100-04 Ch.5 §20.2), and only those.
Each row is counted by the toolkit's rules engine, not typed in by hand. Two are ties: the
clinician may give the unit to either code, and both answers are correct.
"""),
    code("examples = tables.cms_worked_examples()\nexamples"),
    code("assert [r.total_units for r in examples.results] == [3, 3, 3, 3, 1]"),
    md("""
## Where the two methods differ

The same visit counted both ways. These are the course's own examples, not CMS's: three
8-minute codes earn **more** per code, while 20 + 20 and 33 + 7 minutes earn **fewer**.
"""),
    code("differences = tables.method_differences()\ndifferences"),
    code(
        "assert [(r.total_units, a.total_units) for r, a in zip(differences.results, differences.per_code)]"
        " == [(2, 3), (3, 2), (3, 2)]"
    ),
    code('tables.misconception("per-code-always-more")'),
    md("""
## Try it: the unit calculator

Add a row for every code done today. Type the minutes, or switch **Enter time as** to clock
times and type the start and end of each block (for example `9:05 AM` and `9:28 AM`). Switch
the **counting method** to compare. A problem with an entry is written in red beside it.
"""),
    code('calc = unit_calculator.show([("97530", "24"), ("97110", "23")])\ncalc'),
    code('assert calc.result.units == {"97530": 2, "97110": 1} and calc.result.total_units == 3'),
    md("""
## Practice as much as you like

Each **Next problem** is a new patient day. Type the units you would bill for every code,
then check. After each try you see the answer worked out step by step. Your score is saved.
"""),
    code('practice.show("04_time_and_units")'),
    md("## Quick check"),
    code('quick_check.for_lesson("04_time_and_units")'),
    md("""
**Next:** [Lesson 5 · Documentation](05_documentation.ipynb) — what the note must show so these
units hold up.
"""),
)

QUESTIONS = (
    Question(
        "units-seven",
        ID,
        "single",
        "97530 is the only timed code today and lasted 7 minutes. Medicare (CMS). Units?",
        (
            O("0", True, "Under 8 timed minutes in the day is no timed unit.", "cms-unit-table"),
            O("1", False, "One unit starts at 8 minutes in the CMS table.", "cms-unit-table"),
            O(
                "Bill it as an untimed code instead",
                False,
                "97530 is timed: untimed billing does not apply to it.",
                "timed-vs-untimed",
            ),
        ),
    ),
    Question(
        "units-methods",
        ID,
        "single",
        "97530 8 min, 97110 8 min and 97140 8 min on one day. How do the two methods compare?",
        (
            O(
                "CMS 2 units in all; per code 3 units",
                True,
                "CMS pools the 24 timed minutes (23-37 = 2 units); per code, each 8-minute code "
                "reaches its own unit.",
                "cms-unit-table",
            ),
            O(
                "Both give 3 units",
                False,
                "CMS counts the day's total: 24 minutes is only 2 units.",
                "cms-unit-table",
            ),
            O(
                "Both give 0 units, each code is under 15 minutes",
                False,
                "A unit is reached from 8 minutes, not 15.",
                "ama-per-code",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="Time and units",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=(
        "cpt-unit-calculator",
        "cpt-practice",
        "cpt-quick-checks",
        "cpt-table-view",
        "cpt-misconception",
        "cpt-rule",
    ),
)
