"""What a lesson module holds, and how the course finds its lessons.

A lesson is one module of this package, `lNN_<name>.py`, whose `LESSON` gives the lesson's
id (its notebook's file name, `NN_<name>`), title, cells, quick checks and the widgets a
browser must see on it. The file names keep the reading order; no other code lists lessons.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from toolkit.course.lessons.question import Question

LESSON_MODULE = re.compile(r"l(\d\d_[a-z0-9_]+)")  # l04_time_and_units -> 04_time_and_units

BEFORE_YOU_START = """
> **How to use this page:** it gets ready by itself: tables, pictures and controls appear a few
> seconds after it opens. You never need to edit anything: read, type into the boxes and click
> the buttons. Your answers are saved automatically.
"""


class Cell(NamedTuple):
    kind: str  # "md" prose, "code" a one- or two-line cell, "lab" prose for JupyterLab only
    text: str


def md(text: str) -> Cell:
    """Prose."""
    return Cell("md", text)


def code(text: str) -> Cell:
    """A one- or two-line cell that builds a widget, shows a table or asserts what it shows."""
    return Cell("code", text)


def lab_only(text: str) -> Cell:
    """Prose about JupyterLab's menus: tagged `lab-only`, left out of the Voila pages."""
    return Cell("lab", text)


@dataclass(frozen=True, kw_only=True)
class Lesson:
    id: str  # the notebook's file name without .ipynb, e.g. "04_time_and_units"
    title: str  # as the course's list of lessons shows it
    cells: tuple[Cell, ...]
    questions: tuple[Question, ...]  # its quick checks, in the order they are asked
    widgets: tuple[str, ...]  # CSS classes a browser must see after Run All; first: the main one


def discover(folders: Iterable[str], *, package: str) -> tuple[Lesson, ...]:
    """Every lesson module in `folders` (the package's `__path__`), in reading order.

    Raises:
        ValueError: a lesson module has no `LESSON`, or its id or a question's lesson does
            not match the module's name (a lesson would reach the wrong notebook).
    """
    found = sorted(
        (info.name, match[1])
        for info in pkgutil.iter_modules(list(folders))
        if (match := LESSON_MODULE.fullmatch(info.name))
    )
    lessons = []
    for name, lesson_id in found:
        lesson = getattr(importlib.import_module(f"{package}.{name}"), "LESSON", None)
        if not isinstance(lesson, Lesson):
            raise ValueError(f"lesson module {name}.py has no LESSON = Lesson(...)")
        if lesson.id != lesson_id:
            raise ValueError(
                f"lesson module {name}.py: its id must be {lesson_id!r}, not {lesson.id!r}"
            )
        strays = [q.key for q in lesson.questions if q.lesson != lesson_id]
        if strays:
            raise ValueError(f"lesson module {name}.py: questions of another lesson: {strays}")
        lessons.append(lesson)
    return tuple(lessons)
