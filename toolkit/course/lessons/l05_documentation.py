"""Lesson 5 · Documentation: what a treatment note records, what an auditor looks for, the note
checker.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "05_documentation"

CELLS = (
    md("""
# Lesson 5 · Documentation

**By the end you can:** list what a treatment note must record for Medicare, say what an
auditor looks for on 97530, and check a note against the units billed.
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, note_checker, quick_check"),
    md("""
## What every treatment note records

For each day of treatment, the note shows:

- the **date**;
- **every intervention**, timed and untimed, described so that each claim line can be traced to it —
  including timed services that earned no unit;
- the **total timed-code minutes** and the **total treatment time** (untimed minutes in,
  rest and waiting out);
- the **signature and credentials** of the therapist, and who else took part.

Minutes per intervention are optional for Medicare, but the **billed units must agree with
the total timed minutes**.
"""),
    code('tables.rule_box("doc-treatment-note")'),
    code('tables.rule_box("doc-units-match-minutes")'),
    code('tables.misconception("clock-times-required")'),
    md("""
## What an auditor looks for on 97530

- the functional tasks **named specifically** ("carried a 5 kg basket up 4 steps", not
  "ther act");
- a link to a **functional goal** in the plan of care;
- **why the therapist's skill** was needed (cues, adjustments, safety);
- **one-on-one** delivery;
- **progression** from visit to visit.

Elsewhere in the record: the evaluation and plan of care, its certification, a progress report
no later than every 10th treatment day, and a discharge note.
"""),
    code('tables.rule_box("doc-functional-goal")'),
    md("""
## Try it: the note checker

Below is an invented note with two problems. Read the findings, then fix the note (add the
credentials, correct the units) and press **Check the note** again. Type minutes per code, or
clock times like `9:05-9:28`. The checker lists what is missing, and anything that does not
agree with the units billed. Each finding names its source.
"""),
    code("checker = note_checker.show()\nchecker"),
    code(
        'assert {f.element for f in checker.findings} == {"units_match", "signature_credentials"}'
    ),
    md("## Quick check"),
    code('quick_check.for_lesson("05_documentation")'),
    md("**Next:** [Lesson 6 · Billing guidelines](06_billing_guidelines.ipynb)"),
)

QUESTIONS = (
    Question(
        "doc-elements",
        ID,
        "multi",
        "Tick what a Medicare treatment note must show for the day.",
        (
            O("The date of treatment", True, "Every note is dated.", "doc-treatment-note"),
            O(
                "Total timed-code minutes",
                True,
                "Required; it must agree with the billed units.",
                "doc-units-match-minutes",
            ),
            O(
                "Total treatment time, untimed minutes included",
                True,
                "Required, next to the total timed minutes.",
                "doc-treatment-note",
            ),
            O(
                "Start and end clock time of each 15-minute block",
                False,
                "A clinic or commercial-payer practice, not a CMS requirement.",
                "doc-clock-times",
            ),
            O(
                "Signature and professional credentials",
                True,
                "The qualified professional signs with their credentials.",
                "doc-treatment-note",
            ),
            O(
                "Minutes of each intervention separately",
                False,
                "Optional for CMS: contractors shall not require it (many clinics record them).",
                "doc-units-match-minutes",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="Documentation",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-note-checker", "cpt-quick-checks", "cpt-rule", "cpt-misconception"),
)
