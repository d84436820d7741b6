"""Rules the lessons teach that no claim, note or visit log the toolkit reads can show.

Whether a service needed a therapist's skill, who was in the room, a plan of care's
certification date, the payer's contract: none of these is a field of a claim line or a
note the checkers read, so no code checks them. They are owned here so that every rule in
rules.csv has one family, and the lessons cite them with their sources.
"""

from __future__ import annotations

FAMILY = "taught"
SUBJECT = None  # nothing to check: the lessons teach these
RULE_IDS = (
    "skilled-functional",
    "functional-vs-exercise",
    "x-modifier-or-59",
    "no-splitting-for-units",
    "concurrent-part-b",
    "student-in-room",
    "npp-may-furnish",
    "plan-of-care-certification",
    "progress-report-10-days",
    "telehealth-check-current",
    "mppr-payment-not-units",
    "institutional-claims",
    "payer-contract-varies",
    "mue-97530",
    "seed-history",
)
CITES = ()
