"""Codes often confused with 97530: how each differs, and the rule that says so.

The code's own description and whether it is timed come from `toolkit/reference/data/codes.csv`.
"""

from __future__ import annotations

SIMILAR_CODES = (
    (
        "97530",
        "Dynamic, functional tasks (lifting, carrying, reaching, transfers) aimed at a "
        "functional goal, one-on-one.",
        "functional-vs-exercise",
    ),
    (
        "97110",
        "Exercise aimed at one measure (strength, endurance, range of motion, "
        "flexibility) rather than a whole functional task.",
        "functional-vs-exercise",
    ),
    (
        "97112",
        "Re-training of balance (static and dynamic), coordination, posture and "
        "movement control, aimed at neuromuscular control rather than a functional task; "
        "can sit next to 97530 when done in a separate time block.",
        "code:97112",
    ),
    (
        "97116",
        "Walking and stair training. An edit with 97530 was reinstated in October 2020; "
        "whether it is in force now is UNVERIFIED: check the current PTP table.",
        "code-pair-edit",
    ),
    (
        "97140",
        "Hands-on techniques (mobilization, manipulation, traction); billable with 97530 "
        "only in distinct time blocks, with 59 or an X modifier on 97530.",
        "code-pair-edit",
    ),
    (
        "97150",
        "Group therapy: two or more patients at once, untimed, billed once per patient. "
        "97530 needs one-on-one contact.",
        "one-on-one-or-group",
    ),
    (
        "97533",
        "Sensory integration techniques (often in pediatrics): the aim is how the child "
        "processes sensation; 97530 is the functional task itself.",
        "code:97533",
    ),
    (
        "97535",
        "Training in self-care and home management: dressing, bathing, kitchen routines.",
        "code:97535",
    ),
    (
        "97537",
        "Training for return to the community or work (e.g. transport, job tasks).",
        "code:97537",
    ),
    (
        "97750",
        "A test or measurement of physical performance with a written report, not a treatment.",
        "code:97750",
    ),
)
