"""Quick-check questions per lesson: every option says why it is right or wrong, and which
rule (and so which source) says so.

Kinds: "single" (one right option), "multi" (tick every right option), "sort" (put each
scenario under a code or outcome; `correct` holds the right category).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool | str
    why: str
    rule_id: str | None  # a rule id, 'code:NNNNN' for a code's descriptor, None: course use


@dataclass(frozen=True)
class Question:
    key: str
    lesson: str
    kind: str
    prompt: str
    options: tuple[Option, ...]
    categories: tuple[str, ...] = ()


O = Option
NOT_SKILLED = "Not billable as skilled therapy"

QUESTIONS = (
    Question(
        "start-how-to-use",
        "01_start_here",
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
    Question(
        "what-descriptor",
        "02_what_is_97530",
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
        "02_what_is_97530",
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
    Question(
        "when-sort",
        "03_when_to_use_97530",
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
    Question(
        "units-seven",
        "04_time_and_units",
        "single",
        "97530 is the only timed code today and lasted 7 minutes. Medicare (CMS). Units?",
        (
            O("0", True, "Under 8 timed minutes in the day is no timed unit.", "cms-unit-table"),
            O("1", False, "One unit starts at 8 minutes in the CMS table.", "cms-unit-table"),
            O(
                "Bill it as an untimed code instead",
                False,
                "97530 is timed: untimed billing does not apply to it.",
                "timed-vs-untimed",
            ),
        ),
    ),
    Question(
        "units-methods",
        "04_time_and_units",
        "single",
        "97530 8 min, 97110 8 min and 97140 8 min on one day. How do the two methods compare?",
        (
            O(
                "CMS 2 units in all; per code 3 units",
                True,
                "CMS pools the 24 timed minutes (23-37 = 2 units); per code, each 8-minute code "
                "reaches its own unit.",
                "cms-unit-table",
            ),
            O(
                "Both give 3 units",
                False,
                "CMS counts the day's total: 24 minutes is only 2 units.",
                "cms-unit-table",
            ),
            O(
                "Both give 0 units, each code is under 15 minutes",
                False,
                "A unit is reached from 8 minutes, not 15.",
                "ama-per-code",
            ),
        ),
    ),
    Question(
        "doc-elements",
        "05_documentation",
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
    Question(
        "modifier-pta",
        "06_billing_guidelines",
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
                "A PTA furnishing more than 10% of the service adds CQ.",
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
        "06_billing_guidelines",
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
        "06_billing_guidelines",
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
    Question(
        "examples-medicare",
        "07_billing_examples",
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
    Question(
        "which-code",
        "08_similar_codes",
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
        "08_similar_codes",
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
    Question(
        "history-status",
        "09_history_and_myths",
        "single",
        "How should the course treat the article's dates for 97530 (1990, 2001, 2013)?",
        (
            O(
                "As what the article states: unconfirmed",
                True,
                "We could not confirm them, so they are labelled UNVERIFIED.",
                "seed-history",
            ),
            O("As CMS facts", False, "No CMS source for these dates was found.", "seed-history"),
        ),
    ),
    Question(
        "myths",
        "09_history_and_myths",
        "multi",
        "Tick every statement that is TRUE.",
        (
            O(
                "A unit of 97530 can be billed for fewer than 15 minutes",
                True,
                "Under CMS, 8-22 timed minutes in the day is one unit.",
                "cms-unit-table",
            ),
            O(
                "Each 15-minute block goes on its own claim line",
                False,
                "A code's units for the day belong together on a single line.",
                "one-line-per-code",
            ),
            O(
                "CMS requires start and end times for every block",
                False,
                "CMS requires total timed minutes and total treatment time.",
                "doc-clock-times",
            ),
            O(
                "An athletic trainer's 97530 is payable by Medicare",
                False,
                "May not be billed as therapy to Medicare.",
                "non-therapist-medicare",
            ),
            O(
                "97530 and 97140 can be billed the same day in separate time intervals",
                True,
                "Distinct intervals, shown with 59 or XU.",
                "ptp-edit-bypass",
            ),
        ),
    ),
    Question(
        "around-certification",
        "11_around_the_claim",
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
        "11_around_the_claim",
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
        "11_around_the_claim",
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
        "11_around_the_claim",
        "multi",
        "A Medicare patient is past the therapy threshold. The therapist says further visits "
        "are maintenance the patient wants but does not medically need; the patient signed an "
        "ABN. Tick what is true for today's 97530 line.",
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
        "11_around_the_claim",
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
        "11_around_the_claim",
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
                "A nurse practitioner's minutes furnishing therapy under the same rules as a "
                "physician",
                True,
                "NPPs may furnish therapy under the physician rules.",
                "npp-may-furnish",
            ),
        ),
    ),
    Question(
        "around-claim-form",
        "11_around_the_claim",
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
        "11_around_the_claim",
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
        "11_around_the_claim",
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
        "11_around_the_claim",
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
        "11_around_the_claim",
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
    Question(
        "audit-which-line",
        "10_audit_a_day_sheet",
        "single",
        "A Medicare visit on the sheet: 97530 28 min billed 2 units, 97110 9 min billed 1 "
        "unit. Which line does the audit flag, and why?",
        (
            O(
                "97110: the day's 37 timed minutes make 2 units, and both go to 97530",
                True,
                "37 minutes is in the 23-37 row: 2 units in all. 97530 has one full unit and the "
                "most leftover minutes (13 against 9), so it takes the second unit too.",
                "cms-leftover-allocation",
            ),
            O(
                "97530: under 30 minutes can only ever be 1 unit",
                False,
                "Under CMS the day's pooled total decides; 97530's 13 leftover minutes win the "
                "second unit.",
                "cms-unit-table",
            ),
            O(
                "Neither: each code passed 8 minutes, so each earns a unit",
                False,
                "That is the per-code (AMA) count; Medicare pools the day's timed minutes.",
                "ama-per-code",
            ),
        ),
    ),
)


def for_lesson(lesson_id: str) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.lesson == lesson_id)


def question(key: str) -> Question:
    return next(q for q in QUESTIONS if q.key == key)
