"""The widgets' view of saved progress (`toolkit.widgets.progress` re-exports the learner
store): damage is told once beside the lesson's widgets, and nothing stops a lesson."""

import pytest

from toolkit import learner_store
from toolkit.paths import learner_db
from toolkit.widgets import progress
from toolkit.widgets.quick_check import QuickChecks


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))
    progress.take_notice()


def test_the_widgets_module_is_the_learner_store():
    for name in ("record_answer", "saved_answer", "save_practice", "practice_state", "summary",
                 "take_notice", "progress_summary", "ProgressNotSaved"):
        assert getattr(progress, name) is getattr(learner_store, name)
    progress.record_answer("02_what_is_97530", "q1", "A", True)
    assert progress.load()["lessons"]["02_what_is_97530"]["answers"]["q1"] == {"answer": "A",
                                                                             "correct": True}


@pytest.mark.parametrize("damage", [b"{not json", b"[1, 2]", b'{"lessons": 3}', b"\xff\xfe"])
def test_an_unreadable_old_progress_file_is_backed_up_and_told_beside_the_checks(tmp_path, damage):
    (tmp_path / "progress.json").write_bytes(damage)
    checks = QuickChecks("02_what_is_97530")  # must not raise
    text = checks.children[0].value
    assert "could not be read" in text and "starts fresh" in text
    backups = list(tmp_path.glob("progress.json.unreadable-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damage
    progress.record_answer("02_what_is_97530", "q1", "A", True)
    assert progress.saved_answer("02_what_is_97530", "q1")["correct"] is True
    assert progress.take_notice() == ""  # told once
    again = QuickChecks("02_what_is_97530")
    assert all("could not be read" not in getattr(child, "value", "") for child in again.children)


def test_a_damaged_database_is_told_beside_the_checks(tmp_path):
    learner_db().write_bytes(b"\x00garbage" * 500)
    checks = QuickChecks("02_what_is_97530")
    assert "could not be read" in checks.children[0].value
    assert len(list(tmp_path.glob("learner.db.damaged-*"))) == 1
