"""The lessons' words and cells, one function per lesson, read by `make_notebooks.py`.

("md", text) is prose; ("code", text) is a one- or two-line cell that builds a widget,
shows a table or asserts what the lesson shows. All wording is the course's own.
"""

from __future__ import annotations

from collections.abc import Callable

Cell = tuple[str, str]

BEFORE_YOU_START = """
> **How to use this page:** it gets ready by itself: tables, pictures and controls appear a few
> seconds after it opens. You never need to edit anything: read, type into the boxes and click
> the buttons. Your answers are saved automatically.
"""


def md(text: str) -> Cell:
    return ("md", text)


def code(text: str) -> Cell:
    return ("code", text)


def lab_only(text: str) -> Cell:
    """Prose about JupyterLab's menus: tagged `lab-only`, left out of the Voila pages."""
    return ("lab", text)


def lesson_04() -> list[Cell]:
    return [
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
packs (97010)**, so they are never paid separately, and it does **not accept 97014** (unattended
electrical stimulation), which it bills as **G0283**. The claim checker warns on both
(Lesson 11).
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
        code('calc = unit_calculator.show([("97112", "24"), ("97110", "23")])\ncalc'),
        code(
            'assert calc.result.units == {"97112": 2, "97110": 1} and calc.result.total_units == 3'
        ),
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


def lesson_01() -> list[Cell]:
    return [
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
    ]


def lesson_02() -> list[Cell]:
    return [
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
    ]


def lesson_03() -> list[Cell]:
    return [
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
    ]


def lesson_05() -> list[Cell]:
    return [
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
    ]


def lesson_06() -> list[Cell]:
    return [
        md("""
# Lesson 6 · Billing guidelines

**By the end you can:** put the right modifiers on a 97530 line, bill it next to other codes
without a code-pair error, keep each code on one line, and say who may bill it.
"""),
        lab_only(BEFORE_YOU_START),
        code("from toolkit.widgets import tables, claim_checker, quick_check"),
        md("""
## Modifiers

- **GP, GO, GN** say whose plan of care the service is under: physical therapy, occupational
  therapy, speech-language pathology. Every therapy line carries exactly one.
- **CQ, CO**: a PT assistant (CQ, with GP) or an OT assistant (CO, with GO) furnished the
  service in whole or in part. Medicare pays 85% of the fee schedule for these lines.
- **KX**: once the patient's therapy spending for the year passes the threshold, KX on each
  further line says the care is medically necessary.
- **59 and XE / XS / XP / XU**: show that two services that form a code pair were distinct —
  for therapy, done in separate time intervals. The X modifiers are more specific kinds of
  59; CMS accepts 59 or the X modifier that fits (CMS's own therapy example uses 59), so there
  is no blanket rule that XU is better. Follow the payer's instructions where it asks for one.
- **GA, GZ, GY**: the ABN modifiers and the statutory-exclusion modifier (Lesson 11).
"""),
        code("tables.modifiers_table()"),
        code('tables.misconception("xu-preferred")'),
        code('tables.rule_box("therapy-modifier-list-97530")'),
        code("tables.kx_thresholds_table()"),
        md("""
## Code pairs and time

Only one service may be reported for the same 15 minutes. Two different codes on the same day
are fine **in separate time intervals**; where the pair has an NCCI edit (for example 97530
with 97140), the note must show the separate intervals and the claim carries 59 or the X
modifier that fits (such as XU). Splitting a service into pieces to reach more units is never
allowed.

**How sure is each pair?** The pairs below come from secondary sources (the 97530/97116 edit
and any edit between 97530 and 97150 are UNVERIFIED). The claim checker therefore shows them
as **warnings** that name their source and date and ask you to check CMS's current PTP table.
Only a pair confirmed in a CMS PTP table that has been loaded (`cpt97530 pairs`) is reported
as an **error**. The same minutes under two codes are always an error: no modifier fixes that.
"""),
        code("tables.code_pairs_table()"),
        code('tables.misconception("never-with-similar-codes")'),
        code('tables.rule_box("no-splitting-for-units")'),
        md("""
## One line per code

All units of one code on one date go on **one** claim line: "97530 × 3", not three lines of
one unit.
"""),
        code('tables.rule_box("one-line-per-code")'),
        md("""
## Who may bill

Therapists (PT, OT) and their assistants (with CQ/CO) furnish 97530 under a plan of care;
physicians and non-physician practitioners (nurse practitioners, physician assistants,
clinical nurse specialists) may furnish therapy too. Services of **therapy aides** are not
therapy, even under supervision, and their minutes never count. Assistants' (PTA, OTA) work is
never billed "incident to" a physician. For Medicare, the licence counts, not the job title.
"""),
        code("tables.who_may_bill_table()"),
        code('tables.rule_box("aides-not-therapy")'),
        code('tables.rule_box("npp-may-furnish")'),
        md("""
## Try it: the claim line checker

The claim below gets a code-pair warning. Press **Check the claim** to read it (with its
source), then fix the lines (for example add time blocks that do not overlap, and XU or 59 on
97530) and check again. Try other payers, assistants and spending amounts too.
"""),
        code(
            'claim = claim_checker.show([dict(code="97140", units="1", modifiers="GP", minutes="15"), '
            'dict(code="97530", units="2", modifiers="GP", minutes="30")], check_now=True)\nclaim'
        ),
        code(
            'assert [f.severity for f in claim.check_result.findings if f.rule_id == "code-pair-edit"] == ["warning"]'
        ),
        md("## Quick check"),
        code('quick_check.for_lesson("06_billing_guidelines")'),
        md("**Next:** [Lesson 7 · The article's ten examples](07_billing_examples.ipynb)"),
    ]


def lesson_07() -> list[Cell]:
    return [
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
        code(
            "assert [c.ok for c in examples.checks] == [True] * 2 + [False] + [True] * 6 + [False]"
        ),
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
    ]


def lesson_08() -> list[Cell]:
    return [
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
    ]


def lesson_09() -> list[Cell]:
    return [
        md("""
# Lesson 9 · History and myths

## History, as the article states it

The article this course follows says 97530 entered CPT on 1 January 1990 and that its
description changed on 1 January 2001 and 1 January 2013. **We could not confirm these
dates**, so they are shown here only as the article's claim:
"""),
        lab_only(BEFORE_YOU_START),
        code("from toolkit.widgets import tables, quick_check"),
        code('history = tables.rule_box("seed-history")\nhistory'),
        code('assert "UNVERIFIED" in history.value'),
        md("""
Some recent history is better documented (secondary sources): on 1 January 2020 CMS added
code-pair edits between 97530 and the PT/OT evaluation codes; therapists objected and CMS
withdrew them (announced on 24 January 2020). The edit between 97530 and gait training 97116 was
reinstated on 1 October 2020, but deletions of PT pair edits were reported for 1 January 2021:
whether it is in force today is **UNVERIFIED**, so the claim checker only warns on it and asks
you to check CMS's current PTP table.
"""),
        code('tables.rule_box("code-pair-edit")'),
        md("""
## The misconceptions, all in one place

Each box says what is often said (several come from the course article) and what the
sources say instead.
"""),
        code("myths = tables.all_misconceptions()\nmyths"),
        code(
            "assert len(myths.items) == len(tables.MISCONCEPTIONS) and all(m.rule_ids for m in myths.items)"
        ),
        md("## Quick check"),
        code('quick_check.for_lesson("09_history_and_myths")'),
        md("""
**Next:** [Lesson 10 · Audit a day sheet](10_audit_a_day_sheet.ipynb)
"""),
    ]


def lesson_10() -> list[Cell]:
    """Audit a day sheet: the visit-log audit over a synthetic clinic day."""
    return [
        (
            "md",
            """
# Lesson 10 · Audit a day sheet

Billing staff rarely check one visit at a time. At the end of a clinic day (or a month) you get
a **sheet of visits**, often an export from the clinic's system, and your job is to find the
lines whose units, modifiers or code pairs are wrong *before* the claims go out.

This lesson puts lessons 4 to 7 to work on a whole sheet at once. The sheet is
**synthetic**: made up for the course, no real patients.

**By the end you can:** read an audit report line by line; say for each finding which rule it
applies and where that rule comes from; and tell a row the audit could not read from a row
that is wrong.
""",
        ),
        ("code", "from toolkit.widgets import audit_view, quick_check"),
        (
            "md",
            """
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
""",
        ),
        ("code", "view = audit_view.show()\nview"),
        (
            "md",
            """
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
""",
        ),
        (
            "code",
            "found = set(view.result.findings['rule'])\n"
            "assert {'doc-units-match-minutes', 'code-pair-edit', 'one-line-per-code'} <= found and list(view.result.errors['row']) == [22]",
        ),
        (
            "md",
            """
## The rules behind the findings

The table counts the findings by rule, with each rule's title and source, so you can look the
rule up yourself.
""",
        ),
        ("code", "audit_view.rules_table(view.result)"),
        (
            "md",
            """
## Your own sheet

An educator or a team lead can run the same audit on a clinic export (CSV, Excel or Parquet)
from a terminal, and hand out the report:

`cpt97530 audit day_sheet.xlsx --html report.html -o report.csv`

The report page shows the same findings, a chart of findings by rule, and every row that could
not be read with its row number and the reason. Use synthetic or properly de-identified data
in training.

## Quick check
""",
        ),
        ("code", 'quick_check.for_lesson("10_audit_a_day_sheet")'),
        (
            "md",
            """
**Next:** [Lesson 11 · Around the claim](11_around_the_claim.ipynb)
""",
        ),
    ]


def lesson_11() -> list[Cell]:
    """What a biller meets around the 97530 line: the plan of care, who was in the room, ABNs, claim forms."""
    return [
        md("""
# Lesson 11 · Around the claim

A 97530 line can be counted and coded perfectly and still be wrong to send: the plan of care
has lapsed, two clinicians shared the minutes, the patient signed an ABN, or the claim goes on
a hospital's form. This lesson covers what billers meet **around** the line.

**By the end you can:** check that a plan of care is certified; count co-treatment and
concurrent treatment; say whose minutes count (students, aides, NPPs); choose between KX, GA,
GZ and GY; handle 97010 and 97014 on a Medicare claim; and tell payment rules from unit rules.
"""),
        lab_only(BEFORE_YOU_START),
        code("from toolkit.widgets import tables, claim_checker, quick_check"),
        md("""
## The plan of care and its certification

Therapy is billed under a written plan of care that a physician or non-physician practitioner
**certifies**. The first certification counts as on time if it is signed within 30 days of
the first treatment; the plan is **recertified** at least every **90 days**, and sooner when it
changes significantly. A certification may come late if the note says why. A day treated while
the plan had no valid certification is risky to bill, even with an excellent note: look at the
dates first. A **progress report** is due at least once every 10 treatment days.
"""),
        code('tables.rule_box("plan-of-care-certification")'),
        code('tables.rule_box("progress-report-10-days")'),
        md("""
## Two clinicians, or two patients

**Co-treatment**: a PT and an OT treat one patient at the same time. The patient received the
minutes once, so they are **counted once**. The two disciplines may share the units out, or one
may bill them all, but together they never bill more than the one block supports. The unit counter takes the two disciplines'
minutes of the shared block and counts it once:
"""),
        code("shared = tables.co_treatment_example(30, 30)\nshared"),
        code('assert shared.result.units == {"97530": 2} and shared.result.timed_minutes == 30'),
        code('tables.misconception("co-treatment-twice")'),
        md("""
**Concurrent treatment**: one therapist treats two or more Medicare Part B patients at the same
time, each doing something different. Part B does not recognise concurrent therapy: each
patient's claim carries **group therapy, 97150**, one untimed unit, never 97530.
"""),
        code('tables.rule_box("concurrent-part-b")'),
        md("""
## Whose minutes count

- **Students**: under Medicare Part B, only minutes when the supervising therapist is **present
  in the room**, guiding the student and making the skilled decisions, can be billed, as the
  therapist's service. Other payers set their own rules.
- **Aides and technicians**: their services are not therapy, even under supervision. Their
  minutes never count.
- **Assistants (PTA, OTA)**: billed with CQ or CO (Lesson 6); never "incident to" a physician.
- **Physicians and NPPs** (nurse practitioners, physician assistants, clinical nurse
  specialists) may furnish therapy too, on the terms that apply to physicians.
"""),
        code('tables.rule_box("student-in-room")'),
        code('tables.rule_box("aides-not-therapy")'),
        md("""
## Past the threshold: KX, GA, GZ and GY

Once a patient's therapy spending passes the year's threshold (Lesson 6), **KX** on each line
says the therapy is medically necessary. When the therapist judges that further care is **not**
medically necessary but the patient wants it, the patient can sign an **ABN** (form CMS-R-131)
before the service. The line then carries **GA** (ABN on file), **not KX**: Medicare is expected
to deny it and the patient may be billed. When denial is expected and no ABN was given, the
line carries **GZ**. **GY** is different again: it marks a service Medicare excludes by
law, such as a chiropractor's therapy (Lesson 7); an ABN is optional there.

The claim below carries KX and GA together. Check it, then remove the one that is not true.
"""),
        code(
            'abn = claim_checker.show([dict(code="97530", units="2", modifiers="GP KX GA", minutes="30")], check_now=True, name="ABN claim")\nabn'
        ),
        code('assert "kx-not-with-ga" in abn.check_result.rule_ids and not abn.check_result.ok'),
        code('tables.rule_box("abn-modifiers")'),
        md("""
## Codes Medicare treats its own way

**97010** (hot or cold packs) is bundled for Medicare: never paid separately. Keep it in the
note, where its minutes count in total treatment time. Medicare does not accept **97014**
(unattended electrical stimulation): its code is **G0283**. Other payers may take both. The
claim below has both: check it and read the warnings.
"""),
        code(
            'packs = claim_checker.show([dict(code="97530", units="2", modifiers="GP", minutes="30"), dict(code="97010", units="1", modifiers="GP", minutes="10"), '
            'dict(code="97014", units="1", modifiers="GP", minutes="15")], check_now=True, '
            'name="Packs claim")\npacks'
        ),
        code(
            'assert {f.rule_id for f in packs.check_result.by_severity("warning")} == {"medicare-97010-bundled", "medicare-97014-g0283"}'
        ),
        code('tables.misconception("hot-packs-billable")'),
        md("""
## Payment is not units

The **multiple procedure payment reduction** cuts Medicare's payment for the practice-expense
share of every unit after the first of "always therapy" services given the same day (paid at
50%). It
changes the **payment**, never the **number of units**: bill the units the minutes support.
"""),
        code('tables.rule_box("mppr-payment-not-units")'),
        md("""
## Which claim form

A private practice bills on the **professional** claim (CMS-1500, or 837P electronically). A
hospital outpatient department, a SNF billing Part B, a CORF or a home health agency billing
Part B uses the **institutional** claim (UB-04, or 837I): each HCPCS line sits under a revenue
code, **042x** for PT, **043x** for OT, **044x** for speech-language pathology. The unit rules
are the same on both forms.
"""),
        code('tables.rule_box("institutional-claims")'),
        md("""
## Telehealth

Medicare let PTs and OTs bill some services as telehealth under temporary extensions; one ran
to 30 January 2026. What applies after that is **not confirmed here**: check CMS's current
telehealth list and the payer's policy before billing. Modifier 95 and place of service 02 or
10 are the usual markers.
"""),
        code('telehealth = tables.rule_box("telehealth-check-current")\ntelehealth'),
        code('assert "UNVERIFIED" in telehealth.value'),
        md("""
## Medicaid, Medicare Advantage and commercial plans

Other payers do not simply copy Medicare. Each **state's Medicaid program**, and the managed-care
plans that run it, writes its own rules for counting units; **Medicare Advantage** and commercial
plans can require prior authorisation, limit visits or count units their own way. Read the
plan's contract or manual.
"""),
        code('tables.misconception("medicaid-follows-cms")'),
        code('tables.rule_box("payer-contract-varies")'),
        md("## Quick check"),
        code('quick_check.for_lesson("11_around_the_claim")'),
        md("""
**You have finished the lessons.** Next, the graded exercises: start with
[Exercise 1 · A tidy visit](../exercises/ex01_tidy_visit.ipynb) and work through all of them;
each one gives a score and the reason for every answer. [Start here](01_start_here.ipynb)
shows your progress across the lessons and the exercises.
"""),
    ]


LESSON_CELLS: dict[str, Callable[[], list[Cell]]] = {
    "01_start_here": lesson_01,
    "02_what_is_97530": lesson_02,
    "03_when_to_use_97530": lesson_03,
    "04_time_and_units": lesson_04,
    "05_documentation": lesson_05,
    "06_billing_guidelines": lesson_06,
    "07_billing_examples": lesson_07,
    "08_similar_codes": lesson_08,
    "09_history_and_myths": lesson_09,
    "10_audit_a_day_sheet": lesson_10,
    "11_around_the_claim": lesson_11,
}
