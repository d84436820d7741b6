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


def test_the_unit_calculator_opens_on_97530():
    """A 97530 course: the calculator's first row is 97530 (issue 22: it was 97112 + 97110)."""
    from toolkit.course.lessons.l04_time_and_units import CELLS

    shown = [c.text for c in CELLS if "unit_calculator.show(" in c.text]
    assert len(shown) == 1 and 'show([("97530", ' in shown[0]
