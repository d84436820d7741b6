"""The course's files a lesson's widget shows: what can be started afresh, the day sheet."""

import pytest

from toolkit.course.course_copy import find_course_file, package_course
from toolkit.course.shipped import day_sheet, restorable_names
from toolkit.errors import BillingInputError


def test_every_lesson_and_exercise_notebook_can_be_started_afresh_by_its_name():
    names = restorable_names()
    notebooks = sorted(p.stem for p in (package_course() / "notebooks").glob("*.ipynb"))
    assert names[: len(notebooks)] == notebooks and "ex23_hospital_outpatient" in names
    for name in names:
        assert find_course_file(name)  # the name reset_lesson takes


def test_the_day_sheet_is_the_synthetic_one_shipped_with_the_course():
    sheet = day_sheet()
    assert sheet.is_file() and sheet.read_text().startswith("visit_id")


@pytest.mark.parametrize("where", ["nowhere", "a file", "an empty folder"])
def test_a_course_folder_with_no_lessons_is_said_not_an_empty_menu(tmp_path, monkeypatch, where):
    folder = tmp_path / "course"
    if where == "a file":
        folder.write_text("")
    elif where == "an empty folder":
        (folder / "notebooks").mkdir(parents=True)
    monkeypatch.setenv("CPT97530_COURSE_DIR", str(folder))
    with pytest.raises(BillingInputError, match="no lessons in .*CPT97530_COURSE_DIR"):
        restorable_names()
