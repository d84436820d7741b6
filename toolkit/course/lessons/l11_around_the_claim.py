"""Lesson 11 · Around the claim: plan of care, co-treatment, whose minutes count, ABNs, claim
forms, payers.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "11_around_the_claim"

CELLS = (
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
the first treatment. **Since 1 January 2025** there is a second way to meet the *initial*
certification: a **signed, dated order or referral** from the physician or NPP is in the
record, and the record shows the plan of care was **sent to that provider within 30 days** of
the initial evaluation (89 FR 97710, the fee schedule rule for CY2025; Pub 100-02
§220.1.3, in Ch.15). **Recertification** still needs the physician's or NPP's signature: at least
every **90 days**, and sooner when the plan changes significantly. A certification may come
late if the note says why. A day treated while
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
minutes of the shared block and counts it once. When two blocks only partly overlap (PT
10:00-10:30, OT 10:15-10:45), the patient had 45 minutes from the first start to the last stop:
the claim checker counts that combined span, whatever codes each discipline billed.
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

- **Students**: Medicare Part B pays the therapist's service, never a student's. A session in
  which a student takes part can be billed only when the therapist is **present and in the
  room for the entire session**, directing it, making the skilled judgments and not treating
  anyone else (Pub 100-02 Ch.15 §230 B). A session the therapist left and came back to is not
  split minute by minute. Other payers set their own rules.
- **Aides and technicians**: their services are not therapy, even under supervision. Their
  minutes never count.
- **Assistants (PTA, OTA)**: billed with CQ or CO (Lesson 6); never "incident to" a physician.
  When a PT and a PTA share one service, each unit is judged on its own (Lesson 6).
- **Physicians and NPPs** (nurse practitioners, physician assistants, clinical nurse
  specialists) may furnish therapy too, but the service must meet **the same standards as a
  therapist's, licensure aside**: a plan of care, GP/GO/GN, the timed-unit rules and the notes
  (section 1862(a)(20) of the Social Security Act; Pub 100-02 §230.5, in Ch.15).
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
**Maintenance is not the same as "not necessary".** Skilled maintenance therapy is covered:
when a therapist's skill is needed to keep the patient's function or to slow decline, Medicare
pays, even with no improvement expected (Pub 100-02 Ch.15 §220.2; the Jimmo v. Sebelius
settlement). An ABN and GA fit a service that is **not reasonable and necessary**, such as
exercises the patient could do safely without a therapist, not maintenance as such.
"""),
    code('tables.rule_box("skilled-maintenance")'),
    md("""
## Codes Medicare treats its own way

**97010** (hot or cold packs) is bundled for Medicare: never paid separately. Keep it in the
note, where its minutes count in total treatment time. **97014** (unattended electrical
stimulation) is not a valid code on a Medicare claim: an **error**; Medicare's code is
**G0283**. Most commercial payers expect 97014, so G0283 on a commercial claim is a warning to
check the payer's policy, and a claim with both codes bills one service twice. The claim
below has 97010 and 97014: check it and read the findings.
"""),
    code(
        'packs = claim_checker.show([dict(code="97530", units="2", modifiers="GP", minutes="30"), dict(code="97010", units="1", modifiers="GP", minutes="10"), '
        'dict(code="97014", units="1", modifiers="GP", minutes="15")], check_now=True, '
        'name="Packs claim")\npacks'
    ),
    code(
        'assert {f.rule_id for f in packs.check_result.findings} == {"medicare-97010-bundled", "medicare-97014-g0283"}'
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

Medicare let PTs, OTs and SLPs bill some services as telehealth under temporary extensions.
The last one CMS described ran to **30 January 2026**: CMS said that from 31 January 2026
therapists could no longer furnish Medicare telehealth unless Congress acted (APTA, 17 November
2025). **UNVERIFIED**: secondary sources report that the Consolidated Appropriations Act, 2026,
signed on 3 February 2026, restored the flexibilities retroactively through 31 December 2027;
we have not seen CMS confirm it. Check CMS's current telehealth list and the payer's policy
before billing. Modifier 95 and place of service 02 or 10 are the usual markers.
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
**Next:** [Lesson 12 · The claim form](12_the_claim_form.ipynb) — the boxes of the CMS-1500,
diagnosis codes and pointers, and the UB-04.
"""),
)

QUESTIONS = (
    Question(
        "around-certification",
        ID,
        "single",
        "The plan of care was certified on 5 January for 90 days. It is 20 April and no "
        "recertification is on file. The note for today is complete. What do you do?",
        (
            O(
                "Hold the claim and ask for the recertification (a delayed one is allowed, with "
                "the reason)",
                True,
                "Recertification is due at least every 90 days; a day treated without a valid "
                "certification is risky to bill, even with a complete note.",
                "plan-of-care-certification",
            ),
            O(
                "Bill it: a complete note is all Medicare needs",
                False,
                "The note is not enough: the plan of care must be certified too.",
                "plan-of-care-certification",
            ),
            O(
                "Bill it with KX",
                False,
                "KX attests medical necessity past the threshold; it does not replace a "
                "certification.",
                "kx-threshold",
            ),
        ),
    ),
    Question(
        "around-cotreat",
        ID,
        "single",
        "A PT and an OT treat one Medicare patient together for the same 30 minutes of 97530. "
        "How many 97530 units can be billed in all?",
        (
            O(
                "2: the 30 minutes count once, and the two may split the units",
                True,
                "30 minutes is 2 units, whoever bills them.",
                "co-treatment-once",
            ),
            O(
                "4: 2 for the PT and 2 for the OT",
                False,
                "That counts the patient's 30 minutes twice.",
                "co-treatment-once",
            ),
            O(
                "1 each, always",
                False,
                "They may split the 2 units 1 and 1, or one discipline may bill both: the total "
                "is what matters.",
                "co-treatment-once",
            ),
        ),
    ),
    Question(
        "around-concurrent",
        ID,
        "single",
        "One PT treats two Medicare Part B patients at the same time, each on different "
        "activities, for 30 minutes. What does each patient's claim carry?",
        (
            O(
                "97150, one unit",
                True,
                "Part B has no concurrent therapy: each patient's claim carries group therapy.",
                "concurrent-part-b",
            ),
            O(
                "97530, 2 units each",
                False,
                "97530 needs one-on-one contact; the PT's attention was split.",
                "one-on-one-or-group",
            ),
            O(
                "97530, 1 unit each (the 30 minutes shared)",
                False,
                "Sharing the minutes does not make it one-on-one: it is group therapy.",
                "concurrent-part-b",
            ),
        ),
    ),
    Question(
        "around-abn",
        ID,
        "multi",
        "A Medicare patient is past the therapy threshold. The therapist writes that the home "
        "exercises the patient wants to keep doing at the clinic no longer need a therapist's "
        "skill (not reasonable and necessary); the patient signed an ABN. Tick what is true "
        "for today's 97530 line.",
        (
            O(
                "It carries GP and GA",
                True,
                "GA says an ABN is on file: Medicare is expected to deny, and the patient may be "
                "billed.",
                "abn-modifiers",
            ),
            O(
                "It carries KX as well, since spending is past the threshold",
                False,
                "KX attests medical necessity, which the therapist says is absent; KX and GA "
                "never go on the same line.",
                "kx-not-with-ga",
            ),
            O(
                "Without the ABN the line would carry GZ",
                True,
                "GZ: denial expected and no ABN was given.",
                "abn-modifiers",
            ),
            O(
                "GA, because maintenance therapy is never covered",
                False,
                "Skilled maintenance therapy is covered when a therapist's skill is needed to keep "
                "function or slow decline (Jimmo); GA here is because these exercises need no skill.",
                "skilled-maintenance",
            ),
            O(
                "GY, because the service is not covered",
                False,
                "GY is for statutorily excluded services (such as a chiropractor's therapy), not "
                "for care that lacks medical necessity.",
                "gy-excluded",
            ),
        ),
    ),
    Question(
        "around-medicare-codes",
        ID,
        "multi",
        "A Medicare claim has 97530, 97010 (hot pack) and 97014 (unattended e-stim). Tick "
        "every change a careful biller makes.",
        (
            O(
                "Leave 97010 off: Medicare bundles it",
                True,
                "97010 is never paid separately by Medicare; it stays in the note.",
                "medicare-97010-bundled",
            ),
            O(
                "Change 97014 to G0283",
                True,
                "Medicare uses G0283 for unattended e-stim.",
                "medicare-97014-g0283",
            ),
            O(
                "Add the hot-pack minutes to 97530's timed minutes",
                False,
                "97010 is untimed: its minutes count only in total treatment time.",
                "timed-vs-untimed",
            ),
        ),
    ),
    Question(
        "around-who",
        ID,
        "multi",
        "Medicare Part B. Tick the minutes that can count toward billed 97530 units.",
        (
            O(
                "A PT student's minutes while the supervising PT is in the room directing the "
                "session",
                True,
                "Billable as the therapist's service while the therapist is in the room directing "
                "and making the skilled judgments.",
                "student-in-room",
            ),
            O(
                "A PT student's minutes while the PT is with another patient",
                False,
                "Without the therapist in the room directing it, the student's time is not "
                "billable under Part B.",
                "student-in-room",
            ),
            O(
                "A rehab aide's minutes setting up and supervising the patient's exercises",
                False,
                "Aides' services are not therapy services, even under supervision.",
                "aides-not-therapy",
            ),
            O(
                "A nurse practitioner's minutes furnishing therapy under a plan of care, as a "
                "therapist would",
                True,
                "NPPs may furnish therapy when it meets a therapist's standards, licensure aside.",
                "npp-may-furnish",
            ),
        ),
    ),
    Question(
        "around-claim-form",
        ID,
        "single",
        "A hospital outpatient department bills 97530 on an institutional claim (UB-04). "
        "What changes compared with a private practice's professional claim?",
        (
            O(
                "The line sits under a revenue code (042x for PT, 043x for OT); units are counted "
                "the same way",
                True,
                "Institutional claims add the revenue code; the unit rules do not change.",
                "institutional-claims",
            ),
            O(
                "Hospital claims count units per code",
                False,
                "The same unit rules apply on institutional claims.",
                "institutional-claims",
            ),
            O(
                "Nothing at all: both use the CMS-1500",
                False,
                "Private practices use the CMS-1500 / 837P; institutions the UB-04 / 837I.",
                "institutional-claims",
            ),
        ),
    ),
    Question(
        "around-progress",
        ID,
        "single",
        "A Medicare patient has had 9 treatment days since the last progress report. What "
        "is due by the next visit?",
        (
            O(
                "A progress report: one is due at least every 10 treatment days",
                True,
                "The 10th treatment day is the latest point for the next report.",
                "progress-report-10-days",
            ),
            O(
                "Nothing until the plan of care is recertified at 90 days",
                False,
                "Recertification and progress reports run on separate clocks: the report is "
                "counted in treatment days.",
                "progress-report-10-days",
            ),
            O(
                "A new evaluation, billed as 97161",
                False,
                "A progress report is part of the record, not a new evaluation.",
                "progress-report-10-days",
            ),
        ),
    ),
    Question(
        "around-telehealth",
        ID,
        "single",
        "A PT asks whether today's video visit with a Medicare patient can be billed as "
        "telehealth. What is the careful answer?",
        (
            O(
                "Check CMS's current telehealth list and the payer's policy before billing",
                True,
                "The PT/OT telehealth extensions were temporary (one ran to 30 January 2026); "
                "what applies now is UNVERIFIED here.",
                "telehealth-check-current",
            ),
            O(
                "Yes, always: add modifier 95",
                False,
                "Modifier 95 marks a telehealth service; it does not make one billable.",
                "telehealth-check-current",
            ),
            O(
                "Never: therapists can never bill telehealth",
                False,
                "Therapists could bill it under the extensions; the status after them is "
                "UNVERIFIED, not a firm no.",
                "telehealth-check-current",
            ),
        ),
    ),
    Question(
        "around-payers",
        ID,
        "multi",
        "A clinic bills Medicare, a state Medicaid plan and a Medicare Advantage plan. Tick "
        "what is true.",
        (
            O(
                "The Medicaid plan may count units its own way: check the state plan or its manual",
                True,
                "State Medicaid programs and their plans set their own unit rules.",
                "payer-chooses-method",
            ),
            O(
                "The Medicare Advantage plan may require prior authorisation or cap visits",
                True,
                "Medicare Advantage and commercial plans can add their own conditions: the "
                "contract decides.",
                "payer-contract-varies",
            ),
            O(
                "Medicaid always counts units the Medicare way",
                False,
                "Some states may, others do not: it is each state's choice, not a rule.",
                "payer-chooses-method",
            ),
            O(
                "A Medicare Advantage plan must use the 8-minute rule",
                False,
                "Many follow CMS's method, but the plan's contract decides.",
                "payer-contract-varies",
            ),
        ),
    ),
    Question(
        "around-payment",
        ID,
        "single",
        "The multiple procedure payment reduction applies to today's visit. What does it change?",
        (
            O(
                "What Medicare pays for the second and later units, not how many units are billed",
                True,
                "It reduces the practice-expense part of the payment; the units stay as the "
                "minutes support.",
                "mppr-payment-not-units",
            ),
            O(
                "The number of units: bill one fewer",
                False,
                "Units follow the minutes; the reduction is applied to the payment.",
                "mppr-payment-not-units",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="Around the claim",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=(
        "cpt-claim-checker",
        "cpt-table-view",
        "cpt-rule",
        "cpt-misconception",
        "cpt-quick-checks",
    ),
)
