"""The learner's progress for the widgets: a re-export of `toolkit.learner_store`.

Kept so existing callers (`from toolkit.widgets import progress`) keep working; the store
itself (SQLite at `$CPT97530_HOME/learner.db`) lives in `toolkit.learner_store`.
"""

from toolkit import learner_store
from toolkit.learner_store import (  # noqa: F401
    ProgressNotSaved,
    practice_state,
    progress_summary,
    saved_answer,
    snapshot,
    summary,
    take_notice,
)

load = snapshot  # the old name: everything saved, in one read


def record_answer(lesson_id: str, item_id: str, answer: object, correct: bool) -> None:
    learner_store.record_answer(lesson_id, item_id, answer, correct)
    _tell_the_class()


def save_practice(lesson_id: str, tried: int, right: int, problem: int) -> None:
    learner_store.save_practice(lesson_id, tried, right, problem)
    _tell_the_class()


def _tell_the_class() -> None:
    """In a hub classroom, the instructor's dashboard sees the new counts (elsewhere: nothing)."""
    from toolkit.classroom import progress_summary as class_summary

    class_summary.publish()
