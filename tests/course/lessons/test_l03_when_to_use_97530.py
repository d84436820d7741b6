"""Lesson 3 · When to use 97530: the sorting question the lesson's own cell checks."""

from toolkit.course.lessons.l03_when_to_use_97530 import LESSON, NOT_SKILLED
from toolkit.reference import codes


def test_the_sort_has_five_scenarios_each_under_a_real_code_or_not_billable():
    (sort,) = LESSON.questions
    assert sort.kind == "sort" and len(sort.options) == 5  # the lesson asserts 5 dropdowns
    assert set(sort.categories) - {NOT_SKILLED} <= set(codes())
    assert {o.correct for o in sort.options} == set(sort.categories)  # every box is used


def test_group_scenarios_go_to_the_untimed_group_code():
    (sort,) = LESSON.questions
    group = [o for o in sort.options if o.correct == "97150"]
    assert group and all(o.rule_id == "one-on-one-or-group" for o in group)
    assert not codes()["97150"].timed
