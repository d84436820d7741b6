"""Lesson 8 · Similar codes: 97530 against the codes it is confused with.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "08_similar_codes"

CELLS = (
    md("""
# Lesson 8 · Similar codes

**By the end you can:** tell 97530 from the codes it is most often confused with, and pick the
code that fits a described service.
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, quick_check"),
    code("similar = tables.similar_codes_table()\nsimilar"),
    code(
        'assert [r[0] for r in similar.rows] == ["97530", "97110", "97112", "97116", "97140", '
        '"97150", "97533", "97535", "97537", "97750"]\nassert similar.rows[5][2] == "untimed"'
    ),
    md("""
## Several codes on one day

A visit often has more than one of these codes. That is fine when each describes **different
minutes**. The units then come from the day's total timed minutes (Lesson 4), and pairs with
an NCCI edit need separate time intervals and 59 or the X modifier that fits (Lesson 6).

Speech-language pathologists have their own treatment codes: **92507** (individual), **92508**
(group) and **92526** (swallowing); NCCI policy text says they do not perform 97530.
"""),
    code('tables.rule_box("one-service-per-15-minutes")'),
    code('tables.rule_box("slp-not-97530")'),
    md("## Which code fits?"),
    code('quick_check.for_lesson("08_similar_codes")'),
    md("**Next:** [Lesson 9 · History and myths](09_history_and_myths.ipynb)"),
)

QUESTIONS = (
    Question(
        "which-code",
        ID,
        "sort",
        "Which code fits each service?",
        (
            O(
                "Stair climbing and gait training with a cane",
                "97116",
                "Gait training, stair climbing included, is 97116.",
                "code:97116",
            ),
            O(
                "Soft-tissue mobilization of the shoulder",
                "97140",
                "Manual therapy techniques are 97140.",
                "code:97140",
            ),
            O(
                "Balance and posture re-training on a foam surface",
                "97112",
                "Neuromuscular re-education of balance and posture is 97112.",
                "code:97112",
            ),
            O(
                "Training in dressing and bathing at home",
                "97535",
                "Self-care and home management training is 97535.",
                "code:97535",
            ),
            O(
                "Practising lifting boxes from floor to waist for a return to warehouse work",
                "97530",
                "Dynamic functional lifting, one-on-one.",
                "functional-vs-exercise",
            ),
            O(
                "Knee strengthening with ankle weights",
                "97110",
                "Exercise for one measure (strength) is 97110.",
                "functional-vs-exercise",
            ),
            O(
                "Swinging and brushing work to help a child process touch and movement input",
                "97533",
                "Sensory integrative techniques are 97533: the aim is how sensation is processed, "
                "not a functional task itself.",
                "code:97533",
            ),
        ),
        ("97530", "97110", "97112", "97116", "97140", "97535", "97533"),
    ),
    Question(
        "similar-slp",
        ID,
        "sort",
        "A speech-language pathologist bills each of these sessions. Which code fits?",
        (
            O(
                "Swallowing treatment so the patient can eat soft foods safely",
                "92526",
                "Treatment of swallowing and oral function for feeding is 92526.",
                "code:92526",
            ),
            O(
                "A speech and language session with three patients together",
                "92508",
                "The group code for speech, language and communication treatment is 92508.",
                "code:92508",
            ),
            O(
                "Practising standing up from a chair and walking to the sink to make tea",
                "Not the SLP's code",
                "That is 97530 territory: NCCI policy text says SLPs do not perform 97530, so "
                "an SLP uses 92507, 92508 or 92526.",
                "slp-not-97530",
            ),
        ),
        ("92526", "92508", "Not the SLP's code"),
    ),
)

LESSON = Lesson(
    id=ID,
    title="Similar codes",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-table-view", "cpt-quick-check-sort", "cpt-rule"),
)
