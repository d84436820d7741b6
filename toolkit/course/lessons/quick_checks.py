"""Quick-check questions, looked up by lesson or by key. Each lesson module holds its own
questions (`Lesson.questions`); this is the course-wide view of them, in reading order.
"""

from __future__ import annotations

from toolkit.course.lessons import READING_ORDER
from toolkit.course.lessons.question import Question

QUESTIONS: tuple[Question, ...] = tuple(q for lesson in READING_ORDER for q in lesson.questions)
_BY_KEY = {q.key: q for q in QUESTIONS}


def for_lesson(lesson_id: str) -> tuple[Question, ...]:
    """The quick checks of lesson `lesson_id` in the order they are asked (none for an id
    that is not a lesson).

    Raises:
        Nothing: an unknown lesson id has no questions.
    """
    return tuple(q for q in QUESTIONS if q.lesson == lesson_id)


def question(key: str) -> Question:
    """The quick check whose key is `key`.

    Raises:
        KeyError: no lesson has a question with that key.
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"no quick check has the key {key!r}") from None
