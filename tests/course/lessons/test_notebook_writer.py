"""The notebook writer: the committed lesson notebooks are exactly what it writes."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from toolkit.course.lessons import READING_ORDER
from toolkit.course.lessons.lesson import code, md
from toolkit.course.lessons.notebook_writer import render, stale_notebooks, write_notebooks

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


@pytest.mark.parametrize("lesson", READING_ORDER, ids=lambda lesson: lesson.id)
def test_the_committed_notebook_is_byte_for_byte_what_the_writer_writes(lesson):
    assert (NOTEBOOKS / f"{lesson.id}.ipynb").read_bytes() == render(lesson).encode("utf-8")


def test_the_notebook_is_locked_hidden_and_has_stable_cell_ids():
    lesson = READING_ORDER[3]
    cells = json.loads(render(lesson))["cells"]
    assert [c["id"] for c in cells] == [f"04-{i:02d}" for i in range(len(lesson.cells))]
    assert all(not c["metadata"]["editable"] and not c["metadata"]["deletable"] for c in cells)
    kinds = {c.kind for c in lesson.cells}
    assert kinds == {"md", "code", "lab"}  # this lesson has every kind of cell
    for cell, source in zip(cells, lesson.cells):
        assert "".join(cell["source"]) == source.text.strip("\n")
        tags = cell["metadata"].get("tags", [])
        assert ("hide-input" in tags) == (source.kind == "code")
        assert ("lab-only" in tags) == (source.kind == "lab")


def test_a_code_cell_of_three_lines_is_refused():
    lesson = dataclasses.replace(READING_ORDER[0], cells=(md("# Lesson 1"), code("a\nb\nc")))
    with pytest.raises(ValueError, match="01_start_here cell 1: code cells are one or two lines"):
        render(lesson)


def test_stale_notebooks_names_a_changed_or_missing_notebook_and_write_brings_them_back(tmp_path):
    shutil.copytree(NOTEBOOKS, tmp_path, dirs_exist_ok=True)
    assert stale_notebooks(tmp_path) == []
    changed = tmp_path / "04_time_and_units.ipynb"
    changed.write_text(changed.read_text(encoding="utf-8").replace("8-minute", "7-minute"))
    (tmp_path / "09_history_and_myths.ipynb").unlink()
    assert stale_notebooks(tmp_path) == ["04_time_and_units.ipynb", "09_history_and_myths.ipynb"]
    written = write_notebooks(tmp_path)
    assert [p.name for p in written] == [f"{lesson.id}.ipynb" for lesson in READING_ORDER]
    assert stale_notebooks(tmp_path) == []
