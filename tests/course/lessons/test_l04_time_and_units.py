"""Lesson 4 · Time and units: its answers agree with the unit counter."""

from toolkit.course.lessons.quick_checks import question
from toolkit.rules.units import bill_units


def test_unit_questions_agree_with_the_rules_engine():
    seven = question("units-seven")
    right = next(o.text for o in seven.options if o.correct is True)
    assert right == str(bill_units({"97530": 7}).total_units)
    eights = {"97530": 8, "97110": 8, "97140": 8}
    assert (
        bill_units(eights, method="cms").total_units,
        bill_units(eights, method="ama").total_units,
    ) == (2, 3)
    assert next(o.text for o in question("units-methods").options if o.correct is True).startswith(
        "CMS 2 units in all; per code 3"
    )
