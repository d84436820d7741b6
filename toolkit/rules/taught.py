"""Rules the lessons teach that no check reports under their own id.

Most need facts no claim, note or visit log the toolkit reads holds: whether a service needed
a therapist's skill, who was in the room, a plan of care's certification date, the payer's
contract. Two are applied inside other families' checks without a finding of their own:
`x-modifier-or-59` (the code-pair advice names "59 or the X modifier that fits") and
`no-splitting-for-units` (units follow the day's total minutes in `units`, one line per code in
`one_line_per_code`). `mue-97530` says the toolkit applies no unit cap, because the value is
not confirmed. They are owned here so that every rule in rules.csv has one family; each is
shown with its source in a lesson (tests/rules/test_registry.py checks that).
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
    "skilled-maintenance",
    "mppr-payment-not-units",
    "institutional-claims",
    "payer-contract-varies",
    "mue-97530",
    "seed-history",
)
CITES = ()
