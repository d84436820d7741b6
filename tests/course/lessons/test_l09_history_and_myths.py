"""Lesson 9 · History and myths: the true statements are true by the rules engine, and the
article's dates stay unconfirmed."""

from toolkit.course.lessons.quick_checks import question
from toolkit.reference import rules
from toolkit.rules.units import bill_units


def test_the_article_dates_are_taught_as_unverified():
    assert rules()["seed-history"].confidence == "unverified"
    right = next(o for o in question("history-status").options if o.correct is True)
    assert "unconfirmed" in right.text and "UNVERIFIED" in right.why


def test_a_unit_for_fewer_than_15_minutes_is_true_by_the_unit_counter():
    myths = {o.text: o.correct for o in question("myths").options}
    assert myths["A unit of 97530 can be billed for fewer than 15 minutes"] is True
    assert bill_units({"97530": 8}).total_units == 1
