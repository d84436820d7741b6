"""A learner's (or a Voila room's) copy of the course: no solutions, no Lab-only cells in Voila."""

import nbformat

from toolkit.classroom.course_copy import LAB_ONLY, copy_course
from toolkit.classroom.settings import REPO


def test_the_copy_has_lessons_and_exercises_and_never_solutions(tmp_path):
    copy_course(REPO, tmp_path)
    assert (tmp_path / "notebooks" / "01_start_here.ipynb").is_file()
    assert sorted(tmp_path.glob("exercises/ex*.json"))
    assert not (tmp_path / "solutions").exists()


def test_a_learners_own_copy_is_never_replaced(tmp_path):
    copy_course(REPO, tmp_path)
    mine = tmp_path / "notebooks" / "01_start_here.ipynb"
    mine.write_text("my edited copy")
    copy_course(REPO, tmp_path)
    assert mine.read_text() == "my edited copy"


def test_voila_pages_never_tell_learners_to_use_a_run_menu(tmp_path):
    copy_course(REPO, tmp_path, ui="voila")
    lab = copy_course(REPO, tmp_path / "lab")
    tagged = 0
    for path in sorted((tmp_path / "notebooks").glob("*.ipynb")):
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert "Run All" not in text and "Run ▸" not in text, path.name
        lab_nb = nbformat.read(lab / "notebooks" / path.name, as_version=4)
        tagged += sum(LAB_ONLY in c.metadata.get("tags", []) for c in lab_nb.cells)
    assert tagged, "the lessons' Lab instructions should be tagged lab-only"
