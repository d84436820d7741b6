"""Lesson 3 · When to use 97530 (and when not): what must be true before 97530 fits, and where a
service goes when it does not.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "03_when_to_use_97530"

NOT_SKILLED = "Not billable as skilled therapy"

CELLS = (
    md("""
# Lesson 3 · When to use 97530 (and when not)

**By the end you can:** list what must be true before 97530 fits, and route a service that
does not qualify to the right code — or to no therapy code at all.
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, quick_check"),
    md("""
## Who it helps

Patients whose condition limits what they can *do*: moving around, keeping their balance,
getting up and down, using their arms for daily tasks, going back to work or school. Typical
cases are recovery after surgery or a fall, stroke, spinal cord or brain injury, and
long-term conditions that affect movement.

## What must be true

Before 97530 fits a session, every one of these holds:

1. **Skilled**: the activity needs a therapist's knowledge and judgement — not something the
   patient could do alone or with a helper.
2. **Planned**: it follows a written plan of care.
3. **Functional**: it is aimed at a functional goal in that plan.
4. **Dynamic**: whole, moving tasks, not one exercise for one measure.
5. **One-on-one**: the therapist is with this one patient for the minutes billed.
"""),
    code('skilled = tables.rule_box("skilled-functional")\nskilled'),
    code('assert "Pub 100-02 Ch.15 §220.2" in skilled.value'),
    md("""
## When not to use it

- **Several patients at once** → group therapy, **97150**: untimed, one unit per patient.
- **Aimed at one measure** (strength, range of motion, endurance) → therapeutic exercise,
  **97110**.
- **Not skilled** (general fitness, repeating a home programme unsupervised) → not billable
  as therapy at all.
- **Another code describes it better**: gait training (97116), balance and posture
  re-education (97112), self-care training (97535) — see Lesson 8.
"""),
    code('tables.rule_box("one-on-one-or-group")'),
    code('tables.rule_box("functional-vs-exercise")'),
    md("""
## Sort the scenarios

For each scenario choose the code (or outcome) that fits, then press **Check**.
"""),
    code('sorting = quick_check.for_lesson("03_when_to_use_97530")\nsorting'),
    code(
        'assert sorting.checks[0].question.kind == "sort" and len(sorting.checks[0].dropdowns) == 5'
    ),
    md("**Next:** [Lesson 4 · Time and units](04_time_and_units.ipynb)"),
)

QUESTIONS = (
    Question(
        "when-sort",
        ID,
        "sort",
        "Put each scenario under the code (or outcome) that fits.",
        (
            O(
                "A PT works one-on-one with a patient on getting up from the floor after a fall",
                "97530",
                "One-on-one, dynamic, aimed at a functional goal.",
                "functional-vs-exercise",
            ),
            O(
                "A PT runs a balance-and-transfer class for four patients at once",
                "97150",
                "Attention split between two or more patients is group therapy.",
                "one-on-one-or-group",
            ),
            O(
                "A PT coaches ankle range-of-motion exercises only",
                "97110",
                "Exercise for one measure (range of motion) is 97110.",
                "functional-vs-exercise",
            ),
            O(
                "A patient rides an exercise bike alone while the therapist is with someone else",
                NOT_SKILLED,
                "Unsupervised general exercise needs no therapist's skill.",
                "skilled-functional",
            ),
            O(
                "An OT practises bathtub transfers one-on-one toward the goal of bathing safely",
                "97530",
                "Transfers toward a daily-living goal, one-on-one.",
                "functional-vs-exercise",
            ),
        ),
        ("97530", "97150", "97110", NOT_SKILLED),
    ),
)

LESSON = Lesson(
    id=ID,
    title="When to use 97530 (and when not)",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-quick-check-sort", "cpt-rule"),
)
