"""Every lesson module has the same face, and the course finds a lesson by its file alone."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import toolkit.course.lessons as package
from toolkit.course.lessons import LESSONS, READING_ORDER
from toolkit.course.lessons.lesson import LESSON_MODULE, Cell, discover
from toolkit.course.lessons.quick_checks import QUESTIONS

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = Path(package.__file__).parent
SHARED = {"lesson", "question", "quick_checks", "notebook_writer"}
SHARED |= {"examples", "misconceptions", "similar_codes"}  # tables several lessons show
SHARED |= {"sample_claims"}  # the synthetic case and 835s of lessons 12 and 13 (and their widgets)
MODULES = {
    lesson.id: importlib.import_module(f"{package.__name__}.l{lesson.id}")
    for lesson in READING_ORDER
}


def test_every_module_of_the_package_is_a_lesson_or_a_known_shared_one():
    """A lesson file named off the scheme (say `lesson12.py`) would be silently left out."""
    names = {info.name for info in pkgutil.iter_modules([str(PACKAGE)])}
    lessons = {name for name in names if LESSON_MODULE.fullmatch(name)}
    assert names - lessons == SHARED
    assert sorted(lessons) == [f"l{lesson_id}" for lesson_id in LESSONS]


def test_lessons_are_the_notebooks_in_reading_order():
    on_disk = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert list(LESSONS) == on_disk and len(LESSONS) >= 11
    assert [lesson.id for lesson in READING_ORDER] == sorted(LESSONS)


@pytest.mark.parametrize("lesson", READING_ORDER, ids=lambda lesson: lesson.id)
def test_every_lesson_module_has_the_same_face(lesson):
    module = MODULES[lesson.id]
    assert module.LESSON is lesson and module.__name__.endswith(f".l{lesson.id}")
    assert (ROOT / "notebooks" / f"{lesson.id}.ipynb").exists()
    # the title is the one the lesson's own heading gives
    number = int(lesson.id[:2])
    assert lesson.title and lesson.cells[0].kind == "md"
    assert lesson.cells[0].text.strip().startswith(f"# Lesson {number} · {lesson.title}")
    assert all(isinstance(c, Cell) and c.kind in {"md", "code", "lab"} for c in lesson.cells)
    shown = [c.text for c in lesson.cells if c.kind == "code"]
    assert any("assert " in text for text in shown), "each lesson checks what it shows"
    # its quick checks: at least one, all its own, and the lesson shows them
    assert lesson.questions and all(q.lesson == lesson.id for q in lesson.questions)
    assert any(f'quick_check.for_lesson("{lesson.id}")' in text for text in shown)
    assert not [t for t in shown if "for_lesson(" in t and f'("{lesson.id}")' not in t]
    # what the browser must see on it
    assert lesson.widgets and len(set(lesson.widgets)) == len(lesson.widgets)
    assert all(css.startswith("cpt-") for css in lesson.widgets)


def test_every_lesson_module_has_its_own_test():
    """A lesson's own answers are checked against the rules engine in tests/course/lessons."""
    here = Path(__file__).parent
    assert [i for i in LESSONS if not (here / f"test_l{i}.py").exists()] == []


def test_question_keys_are_unique_across_the_course():
    keys = [q.key for q in QUESTIONS]
    assert len(keys) == len(set(keys)) == sum(len(lesson.questions) for lesson in READING_ORDER)


# ------------------------------------------------------------------------------- discovery

EXTRA = """
from toolkit.course.lessons.lesson import Lesson, code, md
from toolkit.course.lessons.question import Option, Question

ID = "99_extra_lesson"
LESSON = Lesson(
    id=ID,
    title="An extra lesson",
    cells=(md("# Lesson 99 · An extra lesson"), code('quick_check.for_lesson("99_extra_lesson")')),
    questions=(
        Question("extra-one", ID, "single", "Pick one", (
            Option("this", True, "It is right.", None), Option("that", False, "It is not.", None),
        )),
    ),
    widgets=("cpt-quick-checks", "cpt-rule"),
)
"""

# Imports the lessons package with one more folder on its path (the extra lesson's), the
# way a new file in the package is found, then reports what each derived view sees.
PROBE = """
import importlib.util, json, runpy, sys
from pathlib import Path
import toolkit.course
real, extra, out, browser, script = sys.argv[1:]
spec = importlib.util.spec_from_file_location(
    "toolkit.course.lessons", Path(real) / "__init__.py", submodule_search_locations=[real, extra]
)
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
spec.loader.exec_module(module)
sys.path.insert(0, browser)
import course_map
from toolkit.course.lessons import LESSONS
from toolkit.course.lessons.quick_checks import question
code = runpy.run_path(script, run_name="make_notebooks")["main"](["--folder", out])
print(json.dumps({
    "lessons": list(LESSONS),
    "question": question("extra-one").lesson,
    "course_map": list(course_map.expected("99_extra_lesson")),
    "writer": code,
}))
"""


def test_a_new_lesson_file_is_picked_up_by_lessons_quick_checks_writer_and_course_map(tmp_path):
    extra, out = tmp_path / "extra", tmp_path / "notebooks"
    extra.mkdir()
    out.mkdir()
    (extra / "l99_extra_lesson.py").write_text(EXTRA, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(PACKAGE), str(extra), str(out),
         str(ROOT / "tests" / "browser"), str(ROOT / "scripts" / "make_notebooks.py")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen["lessons"] == [*LESSONS, "99_extra_lesson"]
    assert seen["question"] == "99_extra_lesson"
    assert seen["course_map"] == ["cpt-quick-checks", "cpt-rule"]
    assert seen["writer"] == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([*(f"{i}.ipynb" for i in LESSONS), "99_extra_lesson.ipynb"])
    notebook = json.loads((out / "99_extra_lesson.ipynb").read_text(encoding="utf-8"))
    assert [c["id"] for c in notebook["cells"]] == ["99-00", "99-01"]
    assert (
        not list(PACKAGE.glob("l99*"))
        and not (ROOT / "notebooks" / "99_extra_lesson.ipynb").exists()
    )


@pytest.fixture
def extra_folder(tmp_path, monkeypatch):
    """A folder added to the lessons package's path for one test; its modules forgotten after."""
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(tmp_path)])
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        del sys.modules[name]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("X = 1\n", "has no LESSON"),
        (EXTRA, "its id must be '98_misnamed'"),
        (EXTRA.replace('Question("extra-one", ID', 'Question("extra-one", "04_time_and_units"'),
         "questions of another lesson"),
    ],
)  # fmt: skip
def test_a_lesson_module_that_does_not_fit_its_name_is_refused(extra_folder, body, message):
    name = "l98_misnamed" if "its id" in message else "l99_extra_lesson"
    (extra_folder / f"{name}.py").write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        discover(package.__path__, package=package.__name__)
