"""Lesson 2 · What 97530 is: its answers agree with the course's code table."""

from toolkit.course.lessons.quick_checks import question
from toolkit.reference import codes


def test_the_descriptor_answer_is_what_the_code_table_says():
    code = codes()["97530"]
    assert code.timed and "one-on-one" in code.description and "15 minutes" in code.description
    right = next(o.text for o in question("what-descriptor").options if o.correct is True)
    assert "one-on-one" in right and "15-minute" in right


def test_the_wrong_descriptor_answers_point_at_codes_that_are_really_different():
    assert codes()["97110"].timed and not codes()["97150"].timed  # exercise; group: untimed
    assert not any(codes()[c].timed for c in ("97161", "97162", "97163"))  # evaluations
    wrong = {o.rule_id for o in question("what-descriptor").options if o.correct is False}
    assert wrong == {"functional-vs-exercise", "one-on-one-or-group", "timed-vs-untimed"}
