"""Lesson 1 · Start here: how to use a lesson, what the course teaches, the learner's progress.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "01_start_here"

CELLS = (
    md("""
# Lesson 1 · Start here: billing CPT 97530

Welcome. This short course teaches how to bill **CPT 97530, therapeutic activities**: what the
code means, when it fits, how minutes become units, what the treatment note must show, which
modifiers go on the claim, and who may bill it.

**Who it is for:** new billing staff, people in a billing workshop, and anyone learning at
their own pace. You do not need to know any programming.
"""),
    lab_only(BEFORE_YOU_START),
    md("""
## How to use a lesson without coding

1. Open a lesson from the list below (or from the file browser on the left).
2. Wait a few seconds: the lesson gets ready by itself and its tables, pictures and controls
   appear. There is nothing to run and nothing to install.
3. Read from top to bottom. Type into the boxes, pick answers, press the buttons.
4. Every answer explains *why*, and names the source of the rule. A source marked
   **UNVERIFIED** is something we could not confirm: it is shown, but not taught as a rule.
5. Boxes headed **Common misconception** correct things that are often said (several come
   from the article this course is built on).
6. Your answers and scores are saved on this computer and shown again the next time you
   open the lesson. The lessons are locked, so a stray key cannot change them; if a lesson
   ever looks wrong, use **Start a lesson afresh** at the end of this page (your answers and
   scores are kept).

If a box shows a message in red, the entry beside it needs fixing; nothing else is lost.

## What you will be able to do

- Explain 97530 in plain words and tell it apart from therapeutic exercise (97110) and
  group therapy (97150).
- Decide whether a service qualifies as 97530.
- Count units with the CMS 8-minute rule and with the per-code method, and explain the count.
- Say what a treatment note must record and spot what is missing.
- Put the right modifiers on a claim line and avoid code-pair and one-line errors.
- Say who may bill 97530, to Medicare and to other payers.
- Fill the claim form from a note, read the remittance and decide what to do about a denial.

## The lessons

1. [Start here](01_start_here.ipynb) (this page)
2. [What 97530 is](02_what_is_97530.ipynb)
3. [When to use 97530, and when not](03_when_to_use_97530.ipynb)
4. [Time and units](04_time_and_units.ipynb), with the unit calculator and unlimited practice
5. [Documentation](05_documentation.ipynb), with the note checker
6. [Billing guidelines](06_billing_guidelines.ipynb), with the claim line checker
7. [The article's ten examples](07_billing_examples.ipynb)
8. [Similar codes](08_similar_codes.ipynb)
9. [History and myths](09_history_and_myths.ipynb)
10. [Audit a day sheet](10_audit_a_day_sheet.ipynb), a whole clinic day at once
11. [Around the claim](11_around_the_claim.ipynb): plan of care, co-treatment, ABNs, claim forms
12. [The claim form](12_the_claim_form.ipynb): the CMS-1500's boxes, diagnosis codes and
    pointers, the UB-04, with the claim-form widget
13. [After the claim](13_after_the_claim.ipynb): the remittance (835), denials, appeals and
    reviews, with the remittance reader

## Your progress so far
"""),
    code(
        "from toolkit.widgets import tables, quick_check\nfrom toolkit.course.lessons import LESSONS"
    ),
    code("overview = tables.progress_overview()\noverview"),
    code(
        "assert len(overview.rows) == len(LESSONS) and overview.rows[3][0].startswith('<a href=\"04_time_and_units')"
    ),
    md("""
## A first quick check

Try it: pick an answer and press **Check**. You will see why each option is right or wrong.
"""),
    code('quick_check.for_lesson("01_start_here")'),
    md("""
## Start a lesson afresh

These lessons and exercises are your own copy of the course. If one ever looks wrong, choose it
here and press **Start it afresh**: the course's own version is put back. Your answers, scores
and submitted attempts are kept.
"""),
    code("from toolkit.widgets import start_afresh\nstart_afresh.show()"),
    md("""
**Next:** [Lesson 2 · What 97530 is](02_what_is_97530.ipynb)

*All notes, visits and patients in this course are invented for teaching.*
"""),
)

QUESTIONS = (
    Question(
        "start-how-to-use",
        ID,
        "single",
        "You opened a lesson. What do you do first?",
        (
            O(
                "Wait a few seconds for the controls, then read and use them",
                True,
                "A lesson gets ready by itself when it opens; after that you only read, type in "
                "boxes and click.",
                None,
            ),
            O(
                "Edit the Python code so it fits your clinic",
                False,
                "You never need to edit code: the controls take every input the lessons need.",
                None,
            ),
            O(
                "Find a menu that starts the lesson",
                False,
                "There is no menu to find: the lesson starts by itself as soon as it opens.",
                None,
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="Start here",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-progress-overview", "cpt-quick-checks", "cpt-start-afresh"),
)
