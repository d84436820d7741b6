"""The exercise widget and quick checks on a hub: answers go to the grading service (the
learner's server has no keys). A service that does not answer is said in plain words, the
answers stay on screen, and the next Submit sends them (counted once)."""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from toolkit.classroom.grading_service.service import make_app
from toolkit.course import class_folder
from toolkit.course.exercises.attempts import find_learner_data
from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.grading_client import NOT_ANSWERING
from toolkit.course.exercises.records import Records, sqlite_url
from toolkit.widgets.exercise import ExerciseWidget

BANK = load_bank()
EXERCISE = "ex02_unsigned_note"
SCOPE = "access:services!service=cpt97530-grading"


class Tokens:
    access_scopes = {SCOPE}

    async def user_for_token(self, token, sync=False):
        return {"name": "alice", "kind": "user", "scopes": [SCOPE]} if token == "alice" else None

    def check_scopes(self, required, model):
        return set(required) <= set(model["scopes"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """The real service app in a thread, on `port`, until `stop()`."""

    def __init__(self, port: int, folder):
        class_folder.prepare(folder / "class")
        self.records = Records(sqlite_url(folder / "records.sqlite"))
        self.records.prepare(hub_id="h", exercises={i: e.title for i, e in BANK.items()})
        self.port, self.folder, self.ready = port, folder, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.ready.wait(30)

    def _run(self):
        from tornado.httpserver import HTTPServer

        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.app = make_app(self.folder / "class", BANK, self.records, hub_auth=Tokens())
        self.server = HTTPServer(self.app)
        self.server.listen(self.port, "127.0.0.1")
        self.ready.set()
        self.loop.run_forever()

    def stop(self):
        self.loop.call_soon_threadsafe(self.server.stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.records.close()


@pytest.fixture
def on_hub(tmp_path, monkeypatch):
    port = free_port()
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "alice")
    monkeypatch.setenv(
        "CPT97530_GRADING_URL", f"http://127.0.0.1:{port}/services/cpt97530-grading/"
    )
    monkeypatch.setenv("CPT97530_CLASS_DIR", str(tmp_path / "class"))
    monkeypatch.delenv("CPT97530_SUBMISSIONS", raising=False)
    return port


def _fill_key(widget, ex):
    for problem in ex.problems:
        widget.problem_boxes[problem].value = True
    claim = ex.correct_claims[0]
    for code in ex.codes:
        widget.units[code].value = str(claim.units.get(code, 0))
        widget.mods[code].value = ", ".join(claim.modifiers.get(code, ()))
    widget.decision.value = ex.decision


def test_service_down_keeps_the_answers_and_the_next_submit_sends_them_once(on_hub, tmp_path):
    widget = ExerciseWidget(find_learner_data(EXERCISE))  # no service yet: nothing to restore
    _fill_key(widget, BANK[EXERCISE])
    on_screen = widget.values
    widget.submit()
    assert NOT_ANSWERING in widget.status.value and "Saved" not in widget.status.value
    assert widget.values == on_screen and widget.submitted_values is None
    assert not list(tmp_path.rglob("*.json"))  # no submission file anywhere: no key, no grade
    service = Service(on_hub, tmp_path)
    try:
        widget.submit()
        assert "Saved: attempt 1" in widget.status.value, widget.status.value
        assert "Score: 100%" in widget.feedback.value
        widget.submit()  # the same answers again are a new attempt (a new request)
        assert "Saved: attempt 2" in widget.status.value
        assert [r.attempt for r in service.records.learner_attempts("alice")] == [1, 2]
        # A new page (a restart): the latest answers and score come back from the service.
        again = ExerciseWidget(find_learner_data(EXERCISE))
        assert "2 saved attempts" in again.status.value and again.values == widget.values
    finally:
        service.stop()


def test_assessment_feedback_from_the_service_has_the_same_wording(on_hub, tmp_path):
    service = Service(on_hub, tmp_path)
    try:
        class_folder.write_mode(
            tmp_path / "class", mode=class_folder.ClassMode("assessment", False, "first")
        )
        widget = ExerciseWidget(find_learner_data(EXERCISE))
        _fill_key(widget, BANK[EXERCISE])
        widget.submit()
        assert "This is an assessment" in widget.feedback.value
        assert "Right answer:" not in widget.feedback.value
    finally:
        service.stop()


def test_a_quick_check_answer_is_recorded_by_the_service_and_resent_after_an_outage(
    on_hub, tmp_path
):
    from toolkit.course.lessons.quick_checks import question
    from toolkit.widgets.quick_check import QuickCheck

    item = question("what-descriptor")
    check = QuickCheck(item)
    check.radio.value = next(o.text for o in item.options if o.correct is True)
    check.check()
    assert NOT_ANSWERING in check.save_status.value and check.saved is False
    service = Service(on_hub, tmp_path)
    try:
        check.check()  # sends the kept answer, then this one
        assert check.saved is True
        counts = service.records.lesson_counts()["alice"][item.lesson]
        assert counts["answered"] == 1 and counts["right"] == 1
    finally:
        service.stop()


def test_lesson_ones_table_counts_the_attempts_the_service_holds(on_hub, tmp_path):
    from toolkit.course.exercises.attempts import my_exercises

    service = Service(on_hub, tmp_path)
    try:
        widget = ExerciseWidget(find_learner_data(EXERCISE))
        _fill_key(widget, BANK[EXERCISE])
        widget.submit()
        name, rows = my_exercises()
        row = next(r for r in rows if r.exercise_id == EXERCISE)
        assert name == "alice" and (row.attempts, row.best, row.latest) == (1, 100.0, 100.0)
    finally:
        service.stop()


def test_practice_counts_reach_the_dashboard_through_the_service(on_hub, tmp_path):
    """The dashboard on a hub showed 0 practice tried: the practice widget now reports its
    counts to the service with each saved score, and the dashboard shows them."""
    from toolkit.classroom.dashboard.class_view import RecordsGrader, class_view
    from toolkit.rules.units import bill_units
    from toolkit.widgets.practice import Practice

    service = Service(on_hub, tmp_path)
    try:
        practice = Practice("04_time_and_units")
        result = bill_units(practice.problem.minutes, method=practice.problem.method)
        practice.answer({code: str(n) for code, n in result.units.items()})
        practice.check_button.click()
        assert practice.tried == 1 and practice.right == 1
        (row,) = class_view(tmp_path / "class", RecordsGrader(service.records))["learners"]
        assert (row["practice_tried"], row["practice_right"]) == (1, 1)
    finally:
        service.stop()


def test_a_quick_check_refused_for_sending_too_fast_is_kept_and_sent_with_the_next(
    on_hub, tmp_path
):
    """F12's rate limit is "not now", not "never": the answer stays and goes with the next
    Check; an exercise's Submit says to press again in a moment."""
    from sqlalchemy import func, select

    from toolkit.classroom.grading_service.service import RateLimit
    from toolkit.course.lessons.quick_checks import question
    from toolkit.widgets.quick_check import QuickCheck

    service = Service(on_hub, tmp_path)
    try:
        service.app.settings["rate"] = RateLimit(per_second=0.0001, burst=0)
        item = question("what-descriptor")
        check = QuickCheck(item)
        check.radio.value = next(o.text for o in item.options if o.correct is True)
        check.check()
        assert check.saved is False and "wait a few seconds" in check.save_status.value
        widget = ExerciseWidget(find_learner_data(EXERCISE))
        widget.submit()
        assert "press Submit again in a moment" in widget.status.value
        service.app.settings["rate"] = RateLimit()
        check.check()  # the kept answer, then this one
        assert check.saved is True
        with service.records.engine.connect() as connection:
            rows = select(func.count()).select_from(service.records.checks)
            assert connection.execute(rows).scalar_one() == 2
    finally:
        service.stop()
