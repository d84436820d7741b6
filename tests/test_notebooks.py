"""The lessons: written from their modules (toolkit/course/lessons/lNN_*.py), clean, and running
top to bottom.

Each lesson runs under `pytest --nbval-lax` in a fresh kernel with a throw-away learner home;
the lessons' own assert cells check what they show. One more run starts from a damaged
progress file to prove a lesson still opens.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from toolkit.course.lessons import LESSONS as COURSE

ROOT = Path(__file__).resolve().parent.parent
LESSONS = [ROOT / "notebooks" / f"{lesson_id}.ipynb" for lesson_id in COURSE]


def test_notebooks_are_up_to_date_with_their_description():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_notebooks.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_hygiene(path):
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell.outputs == [] and cell.execution_count is None
        assert 1 <= len(cell.source.splitlines()) <= 2
        assert cell.metadata["jupyter"]["source_hidden"] is True
        assert "hide-input" in cell.metadata["tags"]
    assert any("assert " in c.source for c in code_cells), "each lesson checks what it shows"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Lesson")


def run_nbval(paths, home):
    env = dict(os.environ, CPT97530_HOME=str(home))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
    )


def test_every_lesson_runs_top_to_bottom(tmp_path):
    run = run_nbval(LESSONS, tmp_path)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert (
        f"{sum(len([c for c in nbformat.read(p, 4).cells if c.cell_type == 'code']) for p in LESSONS)} passed"
        in run.stdout
    )


def test_a_damaged_progress_file_does_not_stop_a_lesson(tmp_path):
    (tmp_path / "progress.json").write_text("{half a file", encoding="utf-8")
    run = run_nbval([LESSONS[0], LESSONS[3]], tmp_path)
    assert run.returncode == 0, run.stdout[-4000:]
    backups = list(tmp_path.glob("progress.json.unreadable-*"))
    assert len(backups) == 1 and backups[0].read_text() == "{half a file"
    assert not (tmp_path / "progress.json").exists()
    with sqlite3.connect(tmp_path / "learner.db") as store:  # fresh progress, the notice taken
        assert store.execute("SELECT count(*) FROM answers").fetchone() == (0,)
        assert store.execute("SELECT count(*) FROM notices").fetchone() == (0,)
