"""Common misconceptions (several taken from the course article) and what the sources say.

Each entry names the rules whose sources back the correction (reference §9).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Misconception:
    key: str
    lesson: str
    often_said: str
    sources_say: str
    rule_ids: tuple[str, ...]


MISCONCEPTIONS = {
    m.key: m
    for m in (
        Misconception(
            "report-each-session",
            "04_time_and_units",
            "Every 15-minute block of 97530 is reported as its own item.",
            "Units come from the day's total timed minutes (the 8-minute rule table), and all "
            "units of one code for one date go together on a single claim line.",
            ("cms-unit-table", "one-line-per-code"),
        ),
        Misconception(
            "session-is-15-minutes",
            "04_time_and_units",
            "A unit of 97530 is a session that lasts exactly 15 minutes.",
            "A unit can be reached from 8 minutes (8-22 minutes is one unit under CMS). Fifteen "
            "minutes is what providers are expected to average per unit, not a fixed length.",
            ("cms-unit-table", "average-15-per-unit"),
        ),
        Misconception(
            "clock-times-required",
            "05_documentation",
            "The note must give the start and end time of every 15-minute block.",
            "CMS asks for the total timed-code minutes and the total treatment time (plus date, "
            "interventions and signature). Start and stop times are a clinic or commercial-payer "
            "practice, not a CMS requirement.",
            ("doc-treatment-note", "doc-clock-times"),
        ),
        Misconception(
            "never-with-similar-codes",
            "06_billing_guidelines",
            "97530 can never be billed on the same day as a similar code.",
            "Only one service may be reported for the same 15-minute period. Different codes done "
            "in separate time intervals can be billed the same day; where a code-pair edit exists, "
            "59 or the X modifier that fits (such as XU) shows the intervals were distinct.",
            ("one-service-per-15-minutes", "ptp-edit-bypass"),
        ),
        Misconception(
            "strength-and-range",
            "02_what_is_97530",
            "Any activity that builds strength or range of motion is 97530.",
            "97530 is for dynamic, functional tasks aimed at a functional goal. Exercise aimed at "
            "one measure such as strength or range of motion is therapeutic exercise, 97110.",
            ("functional-vs-exercise",),
        ),
        Misconception(
            "chiropractor",
            "07_billing_examples",
            "A chiropractor may bill 97530.",
            "Medicare covers only manual manipulation of the spine by a chiropractor; therapy such "
            "as 97530 furnished by a chiropractor is not covered. Commercial payers vary.",
            ("chiropractor-medicare",),
        ),
        Misconception(
            "speech-therapist",
            "07_billing_examples",
            "A speech therapist bills 97530 for communication and swallowing work.",
            "NCCI policy text says speech-language pathologists use 92507, 92508 and 92526, not "
            "97530; speech and swallowing treatment have their own codes.",
            ("slp-not-97530",),
        ),
        Misconception(
            "athletic-trainer",
            "07_billing_examples",
            "A certified athletic trainer may bill 97530.",
            "Medicare: an athletic trainer's work cannot be billed as therapy. Commercial payers "
            "credential on their own terms.",
            ("non-therapist-medicare",),
        ),
        Misconception(
            "job-title",
            "07_billing_examples",
            "Titles such as sports therapist, rehabilitation specialist, pediatric or geriatric "
            "therapist decide who may bill.",
            "What counts is the licence held (PT, OT, PTA, OTA, physician) and who pays, never the job title.",
            ("licence-not-title",),
        ),
        Misconception(
            "per-code-always-more",
            "04_time_and_units",
            "Counting per code always gives at least as many units as the 8-minute rule.",
            "The two methods can go either way. Three codes of 8 minutes: CMS 2 units, per code 3. "
            "But 20 + 20 minutes: CMS 3, per code 2; and 33 + 7 minutes: CMS 3, per code 2.",
            ("ama-per-code", "cms-unit-table"),
        ),
        Misconception(
            "xu-preferred",
            "06_billing_guidelines",
            "XU must always be used instead of 59.",
            "XE, XS, XP and XU are more specific kinds of 59: use the X modifier that describes the "
            "situation when one fits (for separate time intervals usually XU, but XE, XS or XP may "
            "fit better), and 59 only when none does. Follow the payer's instructions where it "
            "asks for one.",
            ("x-modifier-or-59", "ptp-edit-bypass"),
        ),
        Misconception(
            "hot-packs-billable",
            "11_around_the_claim",
            "Hot or cold packs (97010) are billed once a day like any untimed code, to every payer.",
            "Medicare bundles 97010: it is never paid separately. Record it in the note; its minutes "
            "count in total treatment time. Other payers may pay it.",
            ("medicare-97010-bundled", "timed-vs-untimed"),
        ),
        Misconception(
            "medicaid-follows-cms",
            "11_around_the_claim",
            "Medicaid counts units the Medicare way.",
            "Each state's Medicaid program, and the managed-care plans running it, decides how units "
            "are counted: read the state plan or the plan's manual. Medicare Advantage plans often, but not always, "
            "follow CMS.",
            ("payer-chooses-method", "payer-contract-varies"),
        ),
        Misconception(
            "co-treatment-twice",
            "11_around_the_claim",
            "When a PT and an OT treat a patient together, each bills the full time.",
            "The patient received the minutes once, so they count once. The two disciplines may "
            "split the units, but together never more than the one block supports.",
            ("co-treatment-once",),
        ),
        Misconception(
            "history-dates",
            "09_history_and_myths",
            "97530 was created in 1990 and its wording changed in 2001 and 2013.",
            "We could not confirm these dates. Treat them as what the article states, not as fact.",
            ("seed-history",),
        ),
    )
}
