"""Saved progress: written atomically to the learner's home, restored, and robust to damage."""

import json

import pytest

from toolkit.paths import progress_file
from toolkit.widgets import progress
from toolkit.widgets.quick_check import QuickChecks


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))
    progress.take_notice()


def test_answers_and_practice_are_saved_and_summarised():
    progress.record_answer("02_what_is_97530", "q1", "A", True)
    progress.record_answer("02_what_is_97530", "q2", ["x"], False)
    progress.save_practice("04_time_and_units", 5, 3, 6)
    saved = json.loads(progress_file().read_text())
    assert saved["lessons"]["02_what_is_97530"]["answers"]["q1"] == {"answer": "A", "correct": True}
    assert progress.summary("02_what_is_97530") == {"answered": 2, "right": 1, "practice_tried": 0,
                                                   "practice_right": 0}
    assert progress.practice_state("04_time_and_units") == {"tried": 5, "right": 3, "problem": 6}


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '{"lessons": 3}', "\xff\xfe"])
def test_unreadable_file_is_backed_up_and_learner_told(damage):
    path = progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage.encode("latin-1"))
    checks = QuickChecks("02_what_is_97530")  # must not raise
    text = checks.children[0].value
    assert "could not be read" in text and "starts fresh" in text
    backups = list(path.parent.glob("progress.json.unreadable-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damage.encode("latin-1")
    progress.record_answer("02_what_is_97530", "q1", "A", True)
    assert json.loads(path.read_text())["lessons"]["02_what_is_97530"]["answers"]["q1"]["correct"]
    assert progress.take_notice() == ""  # told once


def test_no_file_means_fresh_progress_and_no_notice():
    assert progress.load() == {"version": 1, "lessons": {}}
    assert progress.take_notice() == ""
    assert not progress_file().exists()
