"""The entry points the faces call (widgets, commands, grading, notebooks, dashboard) keep one
shape (issue 10): the first argument by position, every other one keyword-only, so a call
reads `record_answer(lesson, item_id=..., answer=..., correct=...)` and two arguments can
never be swapped silently; and the docstring says what it raises ("Raises:" naming each
error and when) or that it raises nothing a learner or author can cause ("Never raises")."""

import builtins
import importlib
import inspect
import re

import pytest

ENTRY_POINTS = {
    "toolkit.rules.units": ["bill_units", "is_valid_allocation"],
    "toolkit.rules.clock": ["minutes_between"],
    "toolkit.rules.claims": ["check_claim"],
    "toolkit.rules.treatment_note": ["check_note"],
    "toolkit.rules.registry": ["owner"],
    "toolkit.reference": ["normalize_code"],
    "toolkit.reference.ptp_table": ["read_ptp_files"],
    "toolkit.audit.visits": ["audit_visits"],
    "toolkit.audit.visit_log": ["read_visit_log"],
    "toolkit.course.course_copy": ["prepare_course", "reset_lesson"],
    "toolkit.course.learner_store": ["record_answer", "save_practice", "saved_answer", "summary"],
    "toolkit.course.class_folder": ["prepare_learner", "write_summary", "write_mode"],
    "toolkit.course.exercises.bank": ["load_bank"],
    "toolkit.course.exercises.learner_version": ["write", "differences"],
    "toolkit.course.exercises.release": ["build_bundle"],
    "toolkit.course.exercises.submission": [
        "new_submission",
        "write_submission",
        "read_submission",
    ],
    "toolkit.course.exercises.grading": ["grade"],
    "toolkit.course.exercises.attempts": [
        "find_learner_data",
        "save_attempt",
        "earlier_attempts",
        "grade_attempt",
    ],
    "toolkit.course.exercises.gradebook": ["grade_folder"],
}
TABLE = [(module, name) for module, names in ENTRY_POINTS.items() for name in names]
LATER = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD)


def _function(module: str, name: str):
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(("module", "name"), TABLE)
def test_only_the_first_argument_is_taken_by_position(module, name):
    _, *rest = inspect.signature(_function(module, name)).parameters.values()
    positional = [p.name for p in rest if p.kind not in LATER]
    assert positional == [], f"{module}.{name}: {positional} must be keyword-only"


def _raised(doc: str) -> list[str]:
    """The error names a "Raises:" section lists (one `Name: when` line each)."""
    section = doc.split("Raises:", 1)[1]
    return re.findall(r"^\s{4,}([A-Z]\w*):", section, flags=re.MULTILINE)


@pytest.mark.parametrize(("module", "name"), TABLE)
def test_the_docstring_says_what_it_raises(module, name):
    function = _function(module, name)
    doc = inspect.getdoc(function) or ""
    assert "Raises:" in doc or "Never raises" in doc, f"{module}.{name}: say what it raises"
    if "Raises:" in doc:
        names = _raised(doc)
        assert names, f"{module}.{name}: 'Raises:' names no error"
        space = {**vars(builtins), **vars(importlib.import_module(module))}
        for error in names:
            found = space.get(error) or getattr(importlib.import_module("toolkit.errors"), error, 0)
            assert isinstance(found, type) and issubclass(found, Exception), (
                f"{module}.{name}: {error} is not an error it can raise"
            )
