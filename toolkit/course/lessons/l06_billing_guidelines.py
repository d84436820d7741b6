"""Lesson 6 · Billing guidelines: modifiers, code pairs, one line per code, who may bill, the
claim line checker.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "06_billing_guidelines"

CELLS = (
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
  service in whole or in part: more than 10% of it (the de minimis standard). For timed codes
  that test is applied **unit by unit**, and since 2022 a last unit the therapist carries alone
  (8 or more of its minutes) takes no CQ/CO (CMS's page of CQ/CO billing examples; CY2022
  final rule, 86 FR 64996 area). Medicare pays 85% of the fee schedule for these lines.
- **KX**: once the patient's therapy spending for the year passes the threshold, KX on each
  further line says the care is medically necessary.
- **59 and XE / XS / XP / XU**: show that two services that form a code pair were distinct —
  for therapy, done in separate time intervals. The X modifiers are more specific kinds of
  59: use the X modifier that describes the situation when one fits (for a separate time
  interval, XU), and 59 only when none does (CPT; NCCI Policy Manual). Follow the payer's
  instructions where it asks for one.
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
## A PT and a PTA on one service: CQ unit by unit

When a PT and a PTA each furnish part of the same timed service on one day, CMS looks at each
15-minute unit. A **full unit the PTA furnished alone** takes CQ. For the minutes left over,
the unit takes CQ when the PTA's minutes are **more than 10%** of that unit's minutes, unless
the PT furnished **8 or more** of them alone: past the unit's midpoint, the PT could bill it
without the PTA, so it takes no CQ (the CY2022 change). Two units left over, each furnished
about half by each (9 to 14 minutes apiece): one with CQ, one without. CMS's own example:
PTA 10 minutes + PT 5 minutes of 97110 = 15 minutes, one unit; the PT's 5 do not carry it
and the PTA's 10 are two thirds of it: **97110 × 1 with CQ**. Turn it round, PT 10 + PTA 5:
the PT's 10 pass the midpoint, **no CQ**. PTA 2 minutes + PT 30 minutes = 2 units, both the
PT's full units: **no CQ**. On the claim, put the units that take CQ on their
own line (GP CQ) and the therapist's units on another (GP). A service split between the two
may also be written as two lines, the PTA's with 0 units: the checker reads every line, 0-unit
lines included, so the PTA's minutes are never lost.
"""),
    code('tables.rule_box("assistant-per-unit")'),
    md("""
## Who may bill

Therapists (PT, OT) and their assistants (with CQ/CO) furnish 97530 under a plan of care;
physicians and non-physician practitioners (nurse practitioners, physician assistants,
clinical nurse specialists) may furnish therapy too, on a therapist's standards except the
licence: a plan of care, GP/GO/GN and the timed-unit rules (SSA §1862(a)(20)). Services of **therapy aides** are not
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
)

QUESTIONS = (
    Question(
        "modifier-pta",
        ID,
        "single",
        "A physical therapist assistant furnishes most of today's 97530 under a PT plan of care. "
        "Which modifiers go on the line for Medicare?",
        (
            O(
                "GP and CQ",
                True,
                "PT plan of care: GP; furnished by a PTA: CQ, which goes with GP.",
                "assistant-modifier-pairing",
            ),
            O(
                "GO and CO",
                False,
                "GO and CO are for occupational therapy and OT assistants.",
                "discipline-modifier-match",
            ),
            O(
                "GP only",
                False,
                "A PTA furnishing a full unit alone, or more than 10% of a unit the PT does not carry with 8+ minutes, adds CQ.",
                "assistant-modifier-required",
            ),
            O(
                "59",
                False,
                "59 is for distinct services in a code-pair edit, not assistants.",
                "ptp-edit-bypass",
            ),
        ),
    ),
    Question(
        "pair-97140",
        ID,
        "single",
        "97140 9:00-9:15, then 97530 9:15-9:40, same patient and day. What is right?",
        (
            O(
                "Bill both; 59 or XU on 97530 shows the separate time intervals",
                True,
                "Back-to-back distinct intervals may bypass the edit with 59/XU.",
                "ptp-edit-bypass",
            ),
            O(
                "Bill only one of them: they can never go on the same day",
                False,
                "Only the same minutes cannot be billed twice.",
                "one-service-per-15-minutes",
            ),
            O(
                "Bill both for the whole 40 minutes each",
                False,
                "The same minutes cannot be counted under two codes.",
                "one-service-per-15-minutes",
            ),
        ),
    ),
    Question(
        "one-line",
        ID,
        "single",
        "3 units of 97530 on one date. How many claim lines?",
        (
            O(
                "One line with 3 units",
                True,
                "A code's units for the day belong together on a single line.",
                "one-line-per-code",
            ),
            O(
                "Three lines of 1 unit",
                False,
                "Splitting one code over lines is rejected.",
                "one-line-per-code",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="Billing guidelines",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-claim-checker", "cpt-table-view", "cpt-rule", "cpt-quick-checks"),
)
