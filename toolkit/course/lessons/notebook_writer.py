"""Write the lesson notebooks from the lesson modules.

Every lesson comes out the same way: no outputs, no widget state, code cells of one or two
lines with their source hidden (metadata and the "hide-input" tag), stable cell ids, every
cell locked and the notebook marked as the course's (toolkit.course.course_copy: run on open).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import nbformat

from toolkit.course.course_copy import COURSE_METADATA, LOCKED_CELL
from toolkit.course.lessons import READING_ORDER
from toolkit.course.lessons.lesson import Lesson
from toolkit.files.storage import write_text_atomic

HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}
KERNEL = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def build(lesson: Lesson) -> nbformat.NotebookNode:
    """The notebook of `lesson`, validated.

    Raises:
        ValueError: a code cell has more than two lines (lessons keep code out of sight).
        nbformat.ValidationError: the notebook does not validate.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata = {**KERNEL, **COURSE_METADATA}
    for i, (kind, text) in enumerate(lesson.cells):
        text = text.strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(text, metadata=dict(LOCKED_CELL))
        elif kind == "lab":  # how to use JupyterLab's menus: not shown in Voila pages
            cell = nbformat.v4.new_markdown_cell(
                text, metadata={"tags": ["lab-only"], **LOCKED_CELL}
            )
        else:
            if len(text.splitlines()) > 2:
                raise ValueError(f"{lesson.id} cell {i}: code cells are one or two lines")
            cell = nbformat.v4.new_code_cell(text, metadata={**HIDDEN, **LOCKED_CELL})
        cell["id"] = f"{lesson.id[:2]}-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(lesson: Lesson) -> str:
    """The text of `lesson`'s .ipynb file.

    Raises:
        ValueError: as `build`.
    """
    return nbformat.writes(build(lesson)) + "\n"


def stale_notebooks(folder: Path, *, lessons: Iterable[Lesson] = READING_ORDER) -> list[str]:
    """File names of the lessons whose notebook in `folder` is missing or not what `render`
    writes.

    Raises:
        ValueError: as `build`.
    """
    stale = []
    for lesson in lessons:
        path = folder / f"{lesson.id}.ipynb"
        if not path.exists() or path.read_text(encoding="utf-8") != render(lesson):
            stale.append(path.name)
    return stale


def write_notebooks(folder: Path, *, lessons: Iterable[Lesson] = READING_ORDER) -> list[Path]:
    """Write every lesson's notebook into `folder` (atomically, one file each); the paths.

    Raises:
        ValueError: as `build`.
        OSError: `folder` cannot be written.
    """
    written = []
    for lesson in lessons:
        path = folder / f"{lesson.id}.ipynb"
        write_text_atomic(path, render(lesson))
        written.append(path)
    return written
