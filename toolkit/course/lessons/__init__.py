"""Lesson content as data: the lessons' order, quick-check questions, the article's ten
examples, the similar-codes table and the common misconceptions.

Content only: every rule a lesson shows is computed by the rules engine at display time,
and every item names the rule (and so the source) it teaches.
"""

LESSONS = {
    "01_start_here": "Start here",
    "02_what_is_97530": "What 97530 is",
    "03_when_to_use_97530": "When to use 97530 (and when not)",
    "04_time_and_units": "Time and units",
    "05_documentation": "Documentation",
    "06_billing_guidelines": "Billing guidelines",
    "07_billing_examples": "The article's ten examples",
    "08_similar_codes": "Similar codes",
    "09_history_and_myths": "History and myths",
    "10_audit_a_day_sheet": "Audit a day sheet",
    "11_around_the_claim": "Around the claim",
}
