"""The widgets' view of saved progress (the learner store, `toolkit.course.learner_store`):
damage is told once beside the lesson's widgets, and nothing stops a lesson."""

import pytest

from toolkit.course import learner_store as progress
from toolkit.settings import learner_db
from toolkit.widgets.quick_check import QuickChecks


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))
    progress.take_notice()


def test_an_answer_saved_by_a_widget_is_in_the_snapshot():
    progress.record_answer("02_what_is_97530", item_id="q1", answer="A", correct=True)
    assert progress.snapshot()["lessons"]["02_what_is_97530"]["answers"]["q1"] == {
        "answer": "A",
        "correct": True,
    }


@pytest.mark.parametrize("damage", [b"{not json", b"[1, 2]", b'{"lessons": 3}', b"\xff\xfe"])
def test_an_unreadable_old_progress_file_is_backed_up_and_told_beside_the_checks(tmp_path, damage):
    (tmp_path / "progress.json").write_bytes(damage)
    checks = QuickChecks("02_what_is_97530")  # must not raise
    text = checks.children[0].value
    assert "could not be read" in text and "starts fresh" in text
    backups = list(tmp_path.glob("progress.json.unreadable-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == damage
    progress.record_answer("02_what_is_97530", item_id="q1", answer="A", correct=True)
    assert progress.saved_answer("02_what_is_97530", item_id="q1")["correct"] is True
    assert progress.take_notice() == ""  # told once
    again = QuickChecks("02_what_is_97530")
    assert all("could not be read" not in getattr(child, "value", "") for child in again.children)


def test_a_damaged_database_is_told_beside_the_checks(tmp_path):
    learner_db().write_bytes(b"\x00garbage" * 500)
    checks = QuickChecks("02_what_is_97530")
    assert "could not be read" in checks.children[0].value
    assert len(list(tmp_path.glob("learner.db.damaged-*"))) == 1


@pytest.mark.parametrize(
    "bad",
    [
        '"Lx": {"practice": {"tried": 99999999999999999999, "right": 0, "problem": 0}}',
        '"\\ud800": {"answers": {"q": {"answer": "a", "correct": true}}}',
        '"Lx": {"answers": {"\\udc80": {"answer": "a", "correct": true}}}',
    ],
)
def test_one_bad_old_entry_never_breaks_the_widgets(tmp_path, bad):
    from toolkit.course.lessons import LESSONS
    from toolkit.widgets import practice, quick_check, tables

    (tmp_path / "progress.json").write_text('{"lessons": {' + bad + "}}", encoding="utf-8")
    lesson = next(iter(LESSONS))
    for make in (
        lambda: quick_check.for_lesson(lesson),
        lambda: practice.show(lesson),
        tables.progress_overview,
    ):
        make()  # raised OverflowError / UnicodeEncodeError from every widget before the fix
    assert (tmp_path / "progress.json.imported").exists()


def test_try_save_reports_whatever_a_save_raises_beside_the_widget():
    from toolkit.widgets import common

    status = common.save_status()

    def broken():
        raise ValueError("not plain data")

    assert common.try_save(status, broken) is False
    assert "Not saved: the progress store failed (ValueError)" in status.value
    assert common.try_save(status, lambda: None) is True and status.value == ""
