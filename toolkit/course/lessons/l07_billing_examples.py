"""Lesson 7 · The article's ten examples: the course article's ten people using 97530, checked
by the claim rules.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "07_billing_examples"

CELLS = (
    md("""
# Lesson 7 · The article's ten examples, worked through

The article this course follows lists ten people using 97530. For each one we ask: does the
activity fit 97530, who is really billing, would Medicare pay, which modifiers, and how many
units for a stated time. Medicare's answer and the units come from the course's claim rules
and unit counter, not from a hand-typed answer.
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, quick_check"),
    code("examples = tables.seed_examples_table()\nexamples"),
    code("assert [c.ok for c in examples.checks] == [True] * 2 + [False] + [True] * 6 + [False]"),
    md("""
## What to take from the examples

- Job titles (sports, rehabilitation, pediatric, geriatric therapist) do not decide anything:
  the **licence** and the **payer** do.
- A chiropractor or an athletic trainer furnishing 97530: **not to Medicare**. Commercial
  payers set their own rules.
- Speech and swallowing work has its own codes.
- Whether the activity is 97530 depends on what was done: functional, dynamic, one-on-one.
"""),
    code('tables.misconception("chiropractor")'),
    code('tables.misconception("speech-therapist")'),
    code('tables.misconception("athletic-trainer")'),
    code('tables.misconception("job-title")'),
    md("## Quick check"),
    code('quick_check.for_lesson("07_billing_examples")'),
    md("**Next:** [Lesson 8 · Similar codes](08_similar_codes.ipynb)"),
)

QUESTIONS = (
    Question(
        "examples-medicare",
        ID,
        "multi",
        "Tick each person whose 97530 Medicare would pay as therapy.",
        (
            O(
                "Physical therapist",
                True,
                "PTs furnish 97530 under a PT plan of care.",
                "therapy-modifier-required",
            ),
            O(
                "Occupational therapist",
                True,
                "OTs furnish 97530 under an OT plan of care.",
                "therapy-modifier-required",
            ),
            O(
                "Chiropractor",
                False,
                "Medicare covers only spinal manipulation by chiropractors.",
                "chiropractor-medicare",
            ),
            O(
                "Certified athletic trainer",
                False,
                "Medicare does not accept an athletic trainer's work as therapy.",
                "non-therapist-medicare",
            ),
            O(
                "Speech-language pathologist",
                False,
                "SLPs use 92507/92508/92526, not 97530.",
                "slp-not-97530",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="The article's ten examples",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-table-view", "cpt-misconception", "cpt-quick-checks"),
)
