"""The lessons' words and cells, one function per lesson, read by `make_notebooks.py`.

("md", text) is prose; ("code", text) is a one- or two-line cell that builds a widget,
shows a table or asserts what the lesson shows. All wording is the course's own.
"""

from __future__ import annotations

from collections.abc import Callable

Cell = tuple[str, str]

BEFORE_YOU_START = """
> **How to use this page:** if you see no buttons or tables below, choose **Run ▸ Run All Cells**
> from the menu (or press the ⏩ button). You never need to edit anything: read, type into the
> boxes and click the buttons. Your answers are saved automatically.
"""


def md(text: str) -> Cell:
    return ("md", text)


def code(text: str) -> Cell:
    return ("code", text)


def lesson_04() -> list[Cell]:
    return [
        md("""
# Lesson 4 · Time and units

97530 is billed in units of time. This lesson shows how minutes become units under the two
counting methods you will meet, and gives you a calculator and unlimited practice.

**By the end you can:** tell timed from untimed codes; count units with the CMS 8-minute rule
for one or several codes; count units per code (the AMA method); explain the answer in words.
""" + BEFORE_YOU_START),
        code("from toolkit.widgets import tables, unit_calculator, practice, quick_check"),
        md("""
## Timed and untimed codes

*Timed* codes ("each 15 minutes") are billed by the minute count. *Untimed* codes
(evaluations, group therapy 97150, supervised modalities such as hot packs) are billed once a
day however long they take. Their minutes still count in the day's **total treatment time**,
but never toward timed units. 97530 is a timed code.
"""),
        code("tables.timed_codes_table()"),
        md("""
## The CMS 8-minute rule (Medicare)

Medicare counts the **day's total timed minutes** first: that total alone fixes how many timed
units the visit can have. A unit begins once 8 minutes are reached, and every further 15
minutes adds one more.
"""),
        code("unit_table = tables.cms_unit_table()\nunit_table"),
        code('assert unit_table.rows[1] == (1, "8-22") and unit_table.rows[3] == (3, "38-52")'),
        code('tables.misconception("session-is-15-minutes")'),
        md("""
### Several timed codes on one day

1. Add up the timed minutes of every timed code: the table gives the day's units.
2. A code done for 15 minutes or more earns at least one unit (30 or more, at least two, ...).
3. The units still left go to the codes with the most minutes left over.
4. If every code is under 8 minutes but together they reach 8, the unit goes to the code
   done longest.
5. A code that ends up with no unit is still written in the note: its minutes counted.
6. When two codes have the same leftover minutes, the clinician may give the unit to either.

Expect about 15 minutes of direct contact per billed unit on average; units billed for much
less, again and again, draw a reviewer's eye.
"""),
        code('tables.rule_box("average-15-per-unit")'),
        code('tables.misconception("report-each-session")'),
        md("""
## The per-code method (AMA, many commercial payers)

Many commercial payers count **each code on its own**: a code gets its first unit once it
passes 8 minutes, one more for each further 15, and leftover minutes of different codes are
never added together. The same visit can therefore earn more units per code than under CMS.
The payer's contract says which method applies.

## Worked examples

The first three are the examples in the CMS manual; the last shows where the methods differ.
Each row is counted by the toolkit's rules engine, not typed in by hand.
"""),
        code("examples = tables.cms_worked_examples()\nexamples"),
        code("assert [r.total_units for r in examples.results] == [4, 3, 3, 2]\n"
             "assert [r.total_units for r in examples.per_code] == [4, 4, 4, 3]"),
        md("""
## Try it: the unit calculator

Add a row for every code done today. Type the minutes, or switch **Enter time as** to clock
times and type the start and end of each block (for example `9:05 AM` and `9:28 AM`). Switch
the **counting method** to compare. A problem with an entry is written in red beside it.
"""),
        code('calc = unit_calculator.show([("97112", "24"), ("97110", "23")])\ncalc'),
        code('assert calc.result.units == {"97112": 2, "97110": 1} and calc.result.total_units == 3'),
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
    ]


LESSON_CELLS: dict[str, Callable[[], list[Cell]]] = {
    "04_time_and_units": lesson_04,
}
