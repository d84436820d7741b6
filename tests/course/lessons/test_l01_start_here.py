"""Lesson 1 · Start here: its list of lessons is the course, and its first quick check."""

from toolkit.course.lessons import LESSONS
from toolkit.course.lessons.l01_start_here import LESSON


def test_the_list_of_lessons_links_every_lesson_in_reading_order():
    prose = "\n".join(c.text for c in LESSON.cells if c.kind == "md")
    links = [prose.index(f"({lesson_id}.ipynb)") for lesson_id in LESSONS]
    assert links == sorted(links)


def test_the_first_quick_check_is_about_using_a_lesson_not_editing_code():
    (first,) = LESSON.questions
    right = [o for o in first.options if o.correct is True]
    assert len(right) == 1 and "edit" not in right[0].text.lower()
    assert all(o.rule_id is None for o in first.options)  # course use, not a billing rule
