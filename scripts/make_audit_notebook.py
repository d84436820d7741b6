#!/usr/bin/env python3
"""Write lesson 10 (audit a day sheet) with the same conventions as scripts/make_notebooks.py:
no outputs, no widget state, code cells of one or two lines with their source hidden.

    python scripts/make_audit_notebook.py          # write notebooks/10_audit_a_day_sheet.ipynb
    python scripts/make_audit_notebook.py --check  # exit 1 when the committed file differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from toolkit.storage import write_text_atomic  # noqa: E402

LESSON_ID = "10_audit_a_day_sheet"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / f"{LESSON_ID}.ipynb"
HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}

CELLS = [
    ("md", """
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
    ("code", "from toolkit.widgets import audit_view"),
    ("md", """
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
    ("code", "view = audit_view.show()\nview"),
    ("md", """
## What to look for

Go through the findings and match each to a lesson:

1. **Units the minutes do not support** (lesson 4). Visit P003 is the CMS manual's own example:
   18 + 13 + 10 + 8 = 49 timed minutes make **3** units, and 97035 (8 minutes, the least
   leftover) gets none. The sheet bills 4. Visit P004 bills three 8-minute codes a unit each:
   per code that is 3 units, but Medicare pools the 24 minutes into **2**.
2. **Modifiers** (lesson 6, *Modifiers*): a line with no GP, GO or GN (P006), and a PT assistant's line
   without CQ (P005).
3. **Code pairs** (lesson 6, *Code pairs and time*): 97140 and 97530 on the same day without XU or 59 (P007).
4. **Who may bill** (lessons 6 and 7): an athletic trainer's 97530 billed to Medicare (P009).
5. **One line per code** (lesson 6, *One line per code*): 97530 split over two lines (P010). The minutes are pooled
   for the units, and the second line is the finding.
6. **A row the audit could not read** (P011): the code 97350 does not exist (a typo for
   97530). The row is listed with its reason and *not* audited: nothing is dropped silently.
"""),
    ("code", "found = set(view.result.findings['rule'])\n"
             "assert {'doc-units-match-minutes', 'code-pair-edit', 'one-line-per-code'} <= found and list(view.result.errors['row']) == [22]"),
    ("md", """
## The rules behind the findings

The table counts the findings by rule, with each rule's title and source, so you can look the
rule up yourself.
"""),
    ("code", "view.result.by_rule()[['rule', 'severity', 'count', 'source']]"),
    ("md", """
## Your own sheet

An educator or a team lead can run the same audit on a clinic export (CSV, Excel or Parquet)
from a terminal, and hand out the report:

`cpt97530 audit day_sheet.xlsx --html report.html -o report.csv`

The report page shows the same findings, a chart of findings by rule, and every row that could
not be read with its row number and the reason. Use synthetic or properly de-identified data
in training.

**Back to the start:** [Lesson 1 · Start here](01_start_here.ipynb).
"""),
]


def build() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, text) in enumerate(CELLS):
        text = text.strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(text)
        else:
            if len(text.splitlines()) > 2:
                raise ValueError(f"cell {i}: code cells are one or two lines")
            cell = nbformat.v4.new_code_cell(text, metadata=dict(HIDDEN))
        cell["id"] = f"10-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render() -> str:
    return nbformat.writes(build()) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        same = NOTEBOOK.exists() and NOTEBOOK.read_text(encoding="utf-8") == render()
        if not same:
            print(f"out of date (run {Path(__file__).name}): {NOTEBOOK.name}", file=sys.stderr)
        return 0 if same else 1
    write_text_atomic(NOTEBOOK, render())
    print(f"wrote {NOTEBOOK}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
