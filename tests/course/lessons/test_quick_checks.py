"""The course-wide quick-check lookup, derived from the lesson modules."""

import pytest

from toolkit.course.lessons import LESSONS, READING_ORDER
from toolkit.course.lessons.quick_checks import QUESTIONS, for_lesson, question


def test_questions_are_the_lessons_questions_in_reading_order():
    assert QUESTIONS == tuple(q for lesson in READING_ORDER for q in lesson.questions)
    assert [q.key for q in for_lesson("04_time_and_units")] == ["units-seven", "units-methods"]
    assert sum(len(for_lesson(lesson_id)) for lesson_id in LESSONS) == len(QUESTIONS)


def test_an_unknown_lesson_has_no_questions():
    assert for_lesson("99_no_such_lesson") == ()


def test_question_finds_by_key_and_names_a_key_it_does_not_know():
    assert question("one-line").lesson == "06_billing_guidelines"
    with pytest.raises(KeyError, match="no quick check has the key 'no-such-key'"):
        question("no-such-key")
