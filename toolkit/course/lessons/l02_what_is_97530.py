"""Lesson 2 · What 97530 is: the descriptor in plain words, how the service is given, activity
or exercise.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "02_what_is_97530"

CELLS = (
    md("""
# Lesson 2 · What 97530 is

**By the end you can:** say what 97530 covers in plain words, describe how the service is
given, and tell a functional activity from an exercise.
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, quick_check"),
    md("""
## The descriptor

CPT's descriptor for 97530 reads, in short: *therapeutic activities, direct one-on-one patient
contact, using dynamic activities to improve functional performance, each 15 minutes.* (A few
printings add "by the provider"; the wording has changed over the years.) The course's code
table holds it like this:
"""),
    code("descriptor = tables.descriptor()\ndescriptor"),
    code('assert descriptor.code.timed and "one-on-one" in descriptor.code.description'),
    md("""
## In plain language

97530 is the therapist working **one-on-one** with a patient on **whole, moving tasks of daily
life** — lifting, carrying, reaching, bending, getting in and out of a car, catching, working
overhead — so the patient can do something they need to do: get home safely, go back to work,
look after themselves.

Three words carry the meaning:

- **dynamic**: the patient moves through a task, not one joint through one motion;
- **functional**: the task is part of real life and linked to a goal in the plan of care;
- **one-on-one**: the therapist's attention is on this patient for the minutes billed.

## How the service is given

1. The therapist's evaluation and plan of care name a **functional goal** (for example, "carry
   a laundry basket up five steps").
2. The therapist picks tasks that build toward that goal and fit the patient's abilities.
3. During the session the therapist **guides, cues and adjusts** the task — this is the
   skill that makes it therapy.
4. Over the following visits the tasks get harder as the patient improves (progression).
5. The note records what was done, for how long, and how the patient responded (Lesson 5).
"""),
    code('tables.rule_box("skilled-functional")'),
    md("""
## Functional activity or exercise?

| Looks like 97530 (functional task) | Looks like 97110 (exercise) |
|---|---|
| lifting a box from floor to shelf for a return to work | squats with a barbell to build leg strength |
| practising bed-to-chair transfers | straight-leg raises, three sets of ten |
| reaching into high cupboards while standing | shoulder range-of-motion with a wand |
| carrying groceries up stairs | stationary bike for endurance |

The question to ask: *is the aim one measure (strength, range, endurance) or a whole task
the patient needs to do?*
"""),
    code('tables.rule_box("functional-vs-exercise")'),
    code('tables.misconception("strength-and-range")'),
    code('tables.rule_box("one-on-one-or-group")'),
    md("## Quick check"),
    code('quick_check.for_lesson("02_what_is_97530")'),
    md("**Next:** [Lesson 3 · When to use 97530](03_when_to_use_97530.ipynb)"),
)

QUESTIONS = (
    Question(
        "what-descriptor",
        ID,
        "single",
        "Which best describes 97530?",
        (
            O(
                "Dynamic, functional activities, one-on-one, counted in 15-minute units",
                True,
                "That is the descriptor in plain words: direct one-on-one contact using dynamic "
                "activities to improve functional performance, each 15 minutes.",
                "functional-vs-exercise",
            ),
            O(
                "Exercises that build one measure such as strength or range of motion",
                False,
                "Exercise aimed at one parameter is therapeutic exercise, 97110.",
                "functional-vs-exercise",
            ),
            O(
                "Any therapy given to a group of two or more patients",
                False,
                "Split attention between two or more patients is group therapy, 97150.",
                "one-on-one-or-group",
            ),
            O(
                "A one-time evaluation billed once a day",
                False,
                "Evaluations are untimed codes (97161-97168); 97530 is a timed treatment code.",
                "timed-vs-untimed",
            ),
        ),
    ),
    Question(
        "what-functional",
        ID,
        "multi",
        "Tick every activity that fits 97530 (one-on-one, aimed at a functional goal).",
        (
            O(
                "Practising lifting a laundry basket from the floor to a counter",
                True,
                "Lifting and carrying toward a daily task is a dynamic functional activity.",
                "functional-vs-exercise",
            ),
            O(
                "Practising car transfers before going home",
                True,
                "Transfers are a classic functional task.",
                "functional-vs-exercise",
            ),
            O(
                "Three sets of ten straight-leg raises to strengthen the quadriceps",
                False,
                "Repetitions for one muscle's strength are therapeutic exercise (97110).",
                "functional-vs-exercise",
            ),
            O(
                "Walking on a treadmill for general fitness, unsupervised",
                False,
                "General fitness exercise that needs no therapist's skill is not therapy.",
                "skilled-functional",
            ),
            O(
                "Reaching overhead to put dishes on a shelf, with the therapist guiding",
                True,
                "Overhead reaching for a household task is functional and skilled.",
                "functional-vs-exercise",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="What 97530 is",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-quick-checks", "cpt-rule", "cpt-misconception"),
)
