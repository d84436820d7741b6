"""Lesson 1's "Start a lesson afresh" button (toolkit.widgets.start_afresh)."""

from toolkit.course.course_copy import package_course, prepare_course
from toolkit.widgets.start_afresh import StartAfresh


def test_the_button_restores_the_chosen_lesson_in_the_learners_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_COURSE", str(tmp_path / "course"))
    prepare_course()
    broken = tmp_path / "course" / "notebooks" / "09_history_and_myths.ipynb"
    broken.write_text("{}")
    widget = StartAfresh()
    assert "ex23_hospital_outpatient" in widget.choice.options
    widget.restore()
    assert "choose a lesson" in widget.message.value and broken.read_text() == "{}"
    widget.choice.value = "09_history_and_myths"
    widget.restore()
    assert broken.read_bytes() == (package_course() / "notebooks" / broken.name).read_bytes()
    assert "course's own version again" in widget.message.value


def test_the_menu_comes_from_the_course_and_restored_files_are_a_trait(tmp_path, monkeypatch):
    from toolkit.course.shipped import restorable_names

    monkeypatch.setenv("CPT97530_COURSE", str(tmp_path / "course"))
    prepare_course()
    widget = StartAfresh()
    assert list(widget.choice.options) == restorable_names() and widget.restored == []
    widget.choice.value = "ex01_tidy_visit"
    widget.restore()
    assert {p.name for p in widget.restored} == {"ex01_tidy_visit.ipynb", "ex01_tidy_visit.json"}


def test_a_course_folder_with_no_lessons_is_said_beside_the_empty_menu(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_COURSE_DIR", str(tmp_path / "nowhere"))
    widget = StartAfresh()
    assert widget.choice.options == ()
    assert "no lessons in" in widget.message.value
    assert "CPT97530_COURSE_DIR" in widget.message.value
