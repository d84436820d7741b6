"""Lesson 10 · Audit a day sheet: its quick check flags the line the claim rules flag."""

from toolkit.course.lessons.quick_checks import question
from toolkit.rules.claims import check_claim
from toolkit.rules.units import bill_units


def test_audit_question_agrees_with_the_rules_engine():
    visit = [
        {"code": "97530", "units": 2, "minutes": 28, "modifiers": "GP"},
        {"code": "97110", "units": 1, "minutes": 9, "modifiers": "GP"},
    ]
    assert bill_units({"97530": 28, "97110": 9}).units == {"97530": 2, "97110": 0}
    flagged = {
        f.line for f in check_claim(visit).findings if f.rule_id == "doc-units-match-minutes"
    }
    assert flagged == {2}
    right = [o.text for o in question("audit-which-line").options if o.correct is True]
    assert right and right[0].startswith("97110")
