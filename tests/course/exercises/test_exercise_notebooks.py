"""Every exercise notebook runs top to bottom in a real kernel and builds its widget."""

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from toolkit.course.exercises.bank import exercises_dir, load_bank

NOTEBOOKS = sorted(exercises_dir().glob("ex*.ipynb"))


def test_one_notebook_per_exercise():
    assert [p.stem for p in NOTEBOOKS] == list(load_bank())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercise_notebook_runs_and_shows_the_widget(path, tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    shutil.copy(path.with_suffix(".json"), tmp_path)  # a learner copy, as in a bundle
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "the exercise widget was displayed"
    assert "ExerciseWidget" in outputs[0]["data"]["text/plain"]
