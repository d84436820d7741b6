"""The exercise widget inside a hub server: the learner is the signed-in hub user (no name
box), the submission goes to the class folder, and an assessment hides the right answers."""

import json

import pytest

from toolkit.course import class_folder
from toolkit.course.class_folder import ClassMode
from toolkit.course.exercises.bank import load_bank
from toolkit.widgets.exercise import HIDDEN_NOTE, exercise

BANK = load_bank()
EX = "ex01_tidy_visit"


@pytest.fixture
def hub_server(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CPT97530_CLASS_DIR", str(tmp_path / "class"))
    monkeypatch.setenv("JUPYTERHUB_USER", "dana-lee")
    monkeypatch.setenv("CPT97530_SUBMISSIONS", str(tmp_path / "elsewhere"))  # the hub wins
    class_folder.prepare(tmp_path / "class")
    return tmp_path / "class"


def fill_key(widget):
    ex = BANK[EX]
    for problem in ex.problems:
        widget.problem_boxes[problem].value = True
    claim = ex.correct_claims[0]
    for code in ex.codes:
        widget.units[code].value = str(claim.units.get(code, 0))
        widget.mods[code].value = ", ".join(claim.modifiers.get(code, ()))
    widget.decision.value = ex.decision


def test_the_signed_in_user_is_the_learner_and_work_goes_to_the_class_folder(hub_server):
    widget = exercise(EX)
    shown = [c.value for c in widget.children if isinstance(getattr(c, "value", None), str)]
    assert any("cpt-signed-in" in v and "dana-lee" in v for v in shown)
    boxes = [w for c in widget.children for w in getattr(c, "children", ())]
    assert widget.name not in boxes and widget.name not in widget.children  # no name box
    widget.name.value = "Somebody Else"  # even a changed hidden value cannot change who submits
    fill_key(widget)
    widget.submit()
    assert widget.last_path.parent == hub_server / "submissions" / "dana-lee"
    assert json.loads(widget.last_path.read_text())["learner"] == "dana-lee"
    assert "Right answer:" in widget.feedback.value  # practice: answers shown


def test_assessment_shows_score_and_wrong_items_but_not_the_right_answers(hub_server):
    class_folder.write_mode(hub_server, mode=ClassMode("assessment", False, "first"))
    widget = exercise(EX)
    widget.units["97530"].value = "9"
    widget.submit()
    feedback = widget.feedback.value
    assert "Score:" in feedback and "Not right" in feedback and "Your answer:" in feedback
    assert "Right answer:" not in feedback and "Source:" not in feedback
    assert HIDDEN_NOTE.split(":")[0] in feedback
    class_folder.write_mode(hub_server, mode=ClassMode("assessment", True, "first"))
    widget.submit()
    assert "Right answer:" in widget.feedback.value  # released
