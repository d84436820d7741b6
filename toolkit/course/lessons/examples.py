"""The course article's ten examples, retold in our words and set up for the claim rules.

Each example names who furnished the service (the licence the claim check uses), the plan
of care's modifiers, and a stated time. Whether Medicare pays, and how many units the time
supports, are worked out by the rules engine when the lesson shows them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedExample:
    number: int
    scenario: str  # the article's example, in our words
    furnished_by: str  # provider role used for the Medicare claim check
    modifiers: str  # what the Medicare line carries when it is billed
    minutes: int  # a stated time for the unit question
    is_it_97530: str  # does the activity itself fit 97530?
    fit_rule: str
    who_note: str  # licence and payer points
    who_rule: str


SEED_EXAMPLES = (
    SeedExample(
        1,
        "A physical therapist works on strength and range of motion after knee surgery.",
        "PT",
        "GP",
        40,
        "Only the functional part: stair practice or squatting to lift fits 97530; plain "
        "strengthening or range-of-motion exercise is 97110.",
        "functional-vs-exercise",
        "A PT bills under a PT plan of care (GP).",
        "therapy-modifier-required",
    ),
    SeedExample(
        2,
        "An occupational therapist helps a stroke patient relearn dressing and eating.",
        "OT",
        "GO",
        25,
        "Dynamic tasks such as reaching and standing balance while dressing fit 97530; "
        "step-by-step training in the self-care routine itself is often 97535.",
        "functional-vs-exercise",
        "An OT bills under an OT plan of care (GO).",
        "discipline-modifier-match",
    ),
    SeedExample(
        3,
        "A chiropractor uses activities to improve posture and spinal alignment.",
        "chiropractor",
        "GP",
        20,
        "The activity may look like 97530, but who furnished it decides the payer's answer.",
        "functional-vs-exercise",
        "Not to Medicare: it covers only a chiropractor's spinal manipulation. Some "
        "commercial plans pay chiropractors for therapy codes; check the contract.",
        "chiropractor-medicare",
    ),
    SeedExample(
        4,
        "A 'sports therapist' works with an athlete on coordination and agility.",
        "PT",
        "GP",
        30,
        "Agility drills toward a return to sport can fit 97530 when they are functional "
        "and need a therapist's skill.",
        "skilled-functional",
        "The title decides nothing: billed by a licensed PT (GP) it can be paid; if the "
        "person is an athletic trainer, not to Medicare.",
        "licence-not-title",
    ),
    SeedExample(
        5,
        "A 'rehabilitation specialist' helps a patient with a spinal cord injury regain "
        "mobility, such as transfers.",
        "PT",
        "GP",
        45,
        "Transfers and functional mobility are typical 97530 tasks.",
        "functional-vs-exercise",
        "Depends on the licence: here a PT under a PT plan of care (GP).",
        "licence-not-title",
    ),
    SeedExample(
        6,
        "A 'pediatric therapist' helps a child with small hand movements and with "
        "coordinating eyes and hands.",
        "OT",
        "GO",
        23,
        "Functional play and hand tasks toward a goal (e.g. feeding or writing) can fit 97530.",
        "functional-vs-exercise",
        "Here a licensed OT (GO). A child's plan is often Medicaid or commercial: each "
        "state Medicaid program sets its own rules, so check the state plan.",
        "payer-chooses-method",
    ),
    SeedExample(
        7,
        "A 'geriatric therapist' guides an older patient through activities for balance "
        "and fall prevention; here a PT assistant furnishes the session.",
        "PTA",
        "GP, CQ",
        35,
        "Balance work toward a functional task (reaching into a cupboard, stepping onto "
        "a kerb) fits 97530; balance re-training aimed at neuromuscular control, static "
        "or dynamic, is 97112. The purpose decides, not whether the patient moves.",
        "functional-vs-exercise",
        "A PT assistant under a PT plan of care: GP plus CQ (Medicare pays 85%).",
        "assistant-modifier-pairing",
    ),
    SeedExample(
        8,
        "A physical medicine and rehabilitation physician uses functional activities "
        "after a traumatic brain injury.",
        "physician",
        "GP",
        50,
        "Functional activities after a brain injury fit 97530.",
        "functional-vs-exercise",
        "Physicians may furnish therapy; the line still carries the therapy modifier of "
        "the plan of care.",
        "therapy-modifier-required",
    ),
    SeedExample(
        9,
        "A speech therapist uses activities to improve communication and swallowing.",
        "SLP",
        "GN",
        30,
        "No: speech and swallowing treatment have their own codes (92507, 92526).",
        "slp-not-97530",
        "Speech-language pathologists bill their own codes, not 97530.",
        "slp-not-97530",
    ),
    SeedExample(
        10,
        "A certified athletic trainer rehabilitates an athlete's injured joint.",
        "athletic trainer",
        "GP",
        25,
        "The activity can be functional, but the payer looks at who furnished it.",
        "functional-vs-exercise",
        "Not to Medicare: an athletic trainer's work cannot be billed as therapy. "
        "Commercial payers vary.",
        "non-therapist-medicare",
    ),
)
