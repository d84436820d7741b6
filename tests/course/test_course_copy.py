"""Course copies (the learner's own, a hub server's, a Voila room's), reset-lesson, and the
pre-save hook (toolkit.course.course_copy)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest

from toolkit.course.course_copy import (
    COURSE_METADATA,
    LAB_ONLY,
    LOCKED_CELL,
    find_course_file,
    for_voila,
    is_course_notebook,
    main,
    package_course,
    prepare_course,
    reset_lesson,
    strip_course_outputs,
)
from toolkit.errors import BillingInputError

SOURCE = package_course()
REPO_CONFIG = SOURCE / "jupyter-config" / "server" / "cpt97530.json"


def test_first_run_copies_every_lesson_and_exercise(tmp_path):
    report = prepare_course(tmp_path / "course")
    lessons = sorted(p.name for p in (SOURCE / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in (tmp_path / "course" / "notebooks").glob("*.ipynb")) == lessons
    assert (tmp_path / "course" / "exercises" / "ex02_unsigned_note.json").is_file()
    assert (
        len(report.added)
        == len(lessons) + 2 * len(list((SOURCE / "exercises").glob("ex*.ipynb"))) + 1
    )
    assert prepare_course(tmp_path / "course").added == []  # a second run changes nothing


def test_a_newer_course_file_replaces_an_unchanged_copy_but_not_a_changed_one(tmp_path):
    source, mine = tmp_path / "package", tmp_path / "course"
    for folder in ("notebooks", "exercises"):
        (source / folder).mkdir(parents=True)
    (source / "notebooks" / "01_a.ipynb").write_text("one v1")
    (source / "notebooks" / "02_b.ipynb").write_text("two v1")
    prepare_course(mine, source=source)
    (mine / "notebooks" / "02_b.ipynb").write_text("two, changed by the learner")
    (source / "notebooks" / "01_a.ipynb").write_text("one v2")
    (source / "notebooks" / "02_b.ipynb").write_text("two v2")
    report = prepare_course(mine, source=source)
    assert report.updated == ["notebooks/01_a.ipynb"] and report.kept == ["notebooks/02_b.ipynb"]
    assert (mine / "notebooks" / "01_a.ipynb").read_text() == "one v2"
    assert (mine / "notebooks" / "02_b.ipynb").read_text() == "two, changed by the learner"
    assert "reset-lesson 02_b" in "\n".join(report.lines())
    reset_lesson("02", target=mine, source=source)
    assert (mine / "notebooks" / "02_b.ipynb").read_text() == "two v2"
    assert prepare_course(mine, source=source).kept == []


def test_reset_restores_a_broken_lesson_and_replaces_a_symlink(tmp_path):
    mine = tmp_path / "course"
    prepare_course(mine)
    lesson = mine / "notebooks" / "04_time_and_units.ipynb"
    lesson.write_text("{}")
    outside = tmp_path / "outside.json"
    outside.write_text("keep me")
    data = mine / "exercises" / "ex02_unsigned_note.json"
    data.unlink()
    data.symlink_to(outside)
    assert [p.name for p in reset_lesson("4", target=mine)] == ["04_time_and_units.ipynb"]
    assert lesson.read_bytes() == (SOURCE / "notebooks" / lesson.name).read_bytes()
    reset_lesson("ex02", target=mine)
    assert not data.is_symlink() and outside.read_text() == "keep me"
    assert data.read_bytes() == (SOURCE / "exercises" / data.name).read_bytes()


def test_the_course_itself_is_never_made_a_copy(tmp_path):
    # CPT97530_COURSE set to the checkout, or a Voila room staged over its own source: the
    # course's notebooks were rewritten (a Voila copy stripped their Lab-only cells).
    shipped = tmp_path / "shipped"
    shutil.copytree(SOURCE / "notebooks", shipped / "notebooks")
    shutil.copytree(SOURCE / "exercises", shipped / "exercises")
    before = {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()}
    for target, source in ((shipped, shipped), (SOURCE, shipped), (shipped / ".", shipped)):
        for ui in ("lab", "voila"):
            with pytest.raises(BillingInputError, match="where the course itself ships"):
                prepare_course(target, source=source, ui=ui)
        with pytest.raises(BillingInputError, match="where the course itself ships"):
            reset_lesson("01", target=target, source=source)
    assert {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("folder", ["notebooks", "exercises"])
def test_a_copy_is_never_written_through_a_linked_folder(tmp_path, folder):
    # A hub's spawner makes the copy as root in the learner's home: a learner who swaps
    # notebooks/ for a link must not get root to write course files elsewhere.
    mine, elsewhere = tmp_path / "course", tmp_path / "elsewhere"
    elsewhere.mkdir()
    mine.mkdir()
    (mine / folder).symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(BillingInputError, match="is a link or a file, not a folder"):
        prepare_course(mine)
    with pytest.raises(BillingInputError, match="is a link or a file, not a folder"):
        reset_lesson("04" if folder == "notebooks" else "ex02", target=mine)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("name", ["", "99", "ex99", "../solutions/ex01_tidy_visit", "0"])
def test_an_unknown_lesson_name_is_refused_with_the_names_to_use(name):
    with pytest.raises(BillingInputError, match="use a number like 04 or ex02"):
        find_course_file(name)


def test_names_a_learner_might_type_find_the_lesson():
    for typed in ("04", "4", "04_time_and_units", "04_time_and_units.ipynb", " 04 "):
        assert find_course_file(typed) == ["notebooks/04_time_and_units.ipynb"]
    assert find_course_file("EX02") == [
        "exercises/ex02_unsigned_note.ipynb",
        "exercises/ex02_unsigned_note.json",
    ]


def test_cli_reset_lesson_bad_name_is_one_line_exit_2(tmp_path):
    env = {"CPT97530_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "reset-lesson", "lesson-x"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "lesson-x" in done.stderr


def test_cli_course_then_reset_lesson(tmp_path):
    env = {"CPT97530_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    made = subprocess.run(
        [sys.executable, "-m", "toolkit", "course", "--folder"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert made.stdout.strip() == str(tmp_path / "course")
    (tmp_path / "course" / "notebooks" / "09_history_and_myths.ipynb").write_text("broken")
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "reset-lesson", "09"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "restored" in done.stdout
    assert json.loads(
        (tmp_path / "course" / "notebooks" / "09_history_and_myths.ipynb").read_text()
    )


def test_every_course_notebook_is_marked_and_every_cell_locked():
    for path in [*(SOURCE / "notebooks").glob("*.ipynb"), *(SOURCE / "exercises").glob("*.ipynb")]:
        nb = json.loads(path.read_text())
        assert is_course_notebook(nb) and nb["metadata"]["cpt97530"] == COURSE_METADATA["cpt97530"]
        for cell in nb["cells"]:
            assert {k: cell["metadata"].get(k) for k in LOCKED_CELL} == LOCKED_CELL, path.name


def _saved_model(course: bool) -> dict:
    nb = nbformat.v4.new_notebook()
    if course:
        nb.metadata.update(COURSE_METADATA)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    cell = nbformat.v4.new_code_cell("x = 1", execution_count=3)
    cell.outputs = [nbformat.v4.new_output("display_data", {"text/plain": "widget"})]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    nb.cells.append(cell)
    return {"type": "notebook", "content": json.loads(nbformat.writes(nb))}


def test_saving_a_course_notebook_keeps_no_outputs_or_widget_state():
    model = _saved_model(course=True)
    strip_course_outputs(model=model, path="notebooks/x.ipynb", contents_manager=None)
    cell = model["content"]["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "execution" not in cell["metadata"] and "widgets" not in model["content"]["metadata"]
    assert "".join(cell["source"]) == "x = 1"


def test_saving_any_other_notebook_is_left_alone():
    model = _saved_model(course=False)
    before = json.dumps(model, sort_keys=True)
    strip_course_outputs(model=model, path="mine.ipynb", contents_manager=None)
    strip_course_outputs(model={"type": "file", "content": "text"}, path="a.txt")
    assert json.dumps(model, sort_keys=True) == before


def test_the_server_extension_strips_a_course_notebook_saved_through_jupyter(tmp_path):
    """The real contents manager, as JupyterLab's save uses it, with the hook registered."""
    from types import SimpleNamespace

    from jupyter_server.services.contents.filemanager import FileContentsManager

    from toolkit.course import course_copy as learner_course

    manager = FileContentsManager(root_dir=str(tmp_path))
    web_app = SimpleNamespace(settings={})
    learner_course._load_jupyter_server_extension(
        SimpleNamespace(contents_manager=manager, web_app=web_app)
    )
    assert learner_course._jupyter_server_extension_points() == [
        {"module": "toolkit.course.course_copy"}
    ]
    manager.save(_saved_model(course=True), "lesson.ipynb")
    manager.save(_saved_model(course=False), "mine.ipynb")
    lesson = json.loads((tmp_path / "lesson.ipynb").read_text())
    mine = json.loads((tmp_path / "mine.ipynb").read_text())
    assert lesson["cells"][0]["outputs"] == [] and mine["cells"][0]["outputs"] != []
    assert json.loads((REPO_CONFIG).read_text())["ServerApp"]["jpserver_extensions"] == {
        "toolkit.course.course_copy": True
    }


@pytest.mark.parametrize(
    "said, mode, warned", [(None, "on", False), ("off", "off", False), ("maybe", "on", True)]
)
def test_the_server_extension_tells_the_lab_extension_about_course_mode(
    monkeypatch, tmp_path, said, mode, warned
):
    """CPT97530_COURSE_MODE reaches the browser as page config; a bad value warns, stays on."""
    from types import SimpleNamespace

    from jupyter_server.services.contents.filemanager import FileContentsManager

    from toolkit.course import course_copy as learner_course

    if said is None:
        monkeypatch.delenv("CPT97530_COURSE_MODE", raising=False)
    else:
        monkeypatch.setenv("CPT97530_COURSE_MODE", said)
    warnings = []
    server = SimpleNamespace(
        contents_manager=FileContentsManager(root_dir=str(tmp_path)),
        web_app=SimpleNamespace(settings={"page_config_data": {"other": 1}}),
        log=SimpleNamespace(warning=lambda *args: warnings.append(args[0] % args[1:])),
    )
    learner_course._load_jupyter_server_extension(server)
    assert server.web_app.settings["page_config_data"] == {"other": 1, "cpt97530CourseMode": mode}
    assert bool(warnings) == warned
    assert not warned or "use on or off; course mode stays on" in warnings[0]


# -- copies made for a hub server or a Voila room (the spawner, scripts/voila-course) ---------


def test_a_copy_has_lessons_and_exercises_and_never_solutions(tmp_path):
    prepare_course(tmp_path, source=SOURCE)
    assert (tmp_path / "notebooks" / "01_start_here.ipynb").is_file()
    assert sorted(tmp_path.glob("exercises/ex*.json"))
    assert (SOURCE / "solutions").is_dir() and not (tmp_path / "solutions").exists()
    assert not [p for p in tmp_path.rglob("*") if p.suffix == ".toml"]


def test_a_learners_changed_file_is_never_replaced(tmp_path):
    prepare_course(tmp_path, source=SOURCE)
    mine = tmp_path / "notebooks" / "01_start_here.ipynb"
    mine.write_text("my edited copy")
    assert prepare_course(tmp_path, source=SOURCE).kept == ["notebooks/01_start_here.ipynb"]
    assert mine.read_text() == "my edited copy"


def _cells(path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_voila_pages_never_tell_learners_to_use_a_run_menu(tmp_path):
    prepare_course(tmp_path / "voila", source=SOURCE, ui="voila")
    prepare_course(tmp_path / "lab", source=SOURCE)
    tagged = 0
    for path in sorted((tmp_path / "voila" / "notebooks").glob("*.ipynb")):
        text = "\n".join("".join(c["source"]) for c in _cells(path))
        assert "Run All" not in text and "Run ▸" not in text, path.name
        lab = _cells(tmp_path / "lab" / "notebooks" / path.name)
        tagged += sum(LAB_ONLY in c["metadata"].get("tags", []) for c in lab)
        assert len(_cells(path)) == len(lab) - sum(
            LAB_ONLY in c["metadata"].get("tags", []) for c in lab
        )
    assert tagged, "the lessons' Lab instructions should be tagged lab-only"


def test_a_voila_copy_is_updated_and_reset_as_a_voila_copy(tmp_path):
    """An unchanged Voila page follows a newer course, and a reset keeps it Lab-free."""
    source, room = tmp_path / "package", tmp_path / "room"
    (source / "notebooks").mkdir(parents=True)
    (source / "exercises").mkdir()
    lesson = nbformat.v4.new_notebook()
    lesson.cells = [
        nbformat.v4.new_markdown_cell("Read this"),
        nbformat.v4.new_markdown_cell("Use Run ▸"),
    ]
    lesson.cells[1].metadata["tags"] = [LAB_ONLY]
    nbformat.write(lesson, source / "notebooks" / "01_a.ipynb")
    assert prepare_course(room, source=source, ui="voila").added == ["notebooks/01_a.ipynb"]
    page = room / "notebooks" / "01_a.ipynb"
    assert ["".join(c["source"]) for c in _cells(page)] == ["Read this"]
    lesson.cells[0].source = "Read this, version 2"
    nbformat.write(lesson, source / "notebooks" / "01_a.ipynb")
    assert prepare_course(room, source=source, ui="voila").updated == ["notebooks/01_a.ipynb"]
    assert ["".join(c["source"]) for c in _cells(page)] == ["Read this, version 2"]
    page.write_text("{}")
    reset_lesson("01", target=room, source=source)
    assert ["".join(c["source"]) for c in _cells(page)] == ["Read this, version 2"]
    assert for_voila({"cells": lesson.cells})["cells"] == lesson.cells[:1]


def test_a_copy_for_another_ui_is_refused(tmp_path):
    with pytest.raises(BillingInputError, match="lab or voila"):
        prepare_course(tmp_path, source=SOURCE, ui="notebook")


def test_the_program_copies_for_voila_and_says_a_missing_course_in_one_line(tmp_path, capsys):
    assert main([str(SOURCE), str(tmp_path / "room"), "--ui", "voila"]) == 0
    assert (tmp_path / "room" / "notebooks" / "01_start_here.ipynb").is_file()
    capsys.readouterr()
    assert main([str(tmp_path / "nothing"), str(tmp_path / "room2")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no course found" in err
