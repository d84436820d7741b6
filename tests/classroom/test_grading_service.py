"""The grading service's web face with its records (SQLite here, PostgreSQL in
tests/course/exercises/test_records.py): the learner comes from the token, never the body;
bad bodies, unknown exercises and replays get clear answers and record nothing wrong; the
class mode decides what a learner sees. The hub's token check is replaced by a table of
tokens (the real hub is in tests/hub/test_grading_service_hub.py).
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tornado.testing import bind_unused_port

from toolkit.classroom.grading_service.service import make_app
from toolkit.course import class_folder
from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.gradebook import gradebook_frame
from toolkit.course.exercises.grading import key_answers
from toolkit.course.exercises.records import Records, class_results, sqlite_url
from toolkit.settings import solutions_dir

EXERCISE = "ex02_unsigned_note"
PREFIX = "/services/cpt97530-grading/"


class Tokens:
    """The hub's answer for each token: who it is and whether it may call the service."""

    access_scopes = {"access:services!service=cpt97530-grading"}

    def __init__(self, table):
        self.table = table

    async def user_for_token(self, token, sync=False):
        return self.table.get(token)

    def check_scopes(self, required, model):
        return set(required) <= set(model["scopes"])


TOKENS = {
    "alice-token": {"name": "alice", "kind": "user", "scopes": list(Tokens.access_scopes)},
    "bob-token": {"name": "bob", "kind": "user", "scopes": list(Tokens.access_scopes)},
    "no-scope": {"name": "mallory", "kind": "user", "scopes": ["self"]},
    "a-service": {"name": "culler", "kind": "service", "scopes": list(Tokens.access_scopes)},
}


@pytest.fixture(scope="module")
def bank():
    return load_bank(solutions_dir())


@pytest.fixture(scope="module")
def postgres():
    from postgres_server import find_bin, start_postgres, stop_postgres

    if find_bin() is None:
        pytest.skip("PostgreSQL is not installed here (make postgres-deps could not install it)")
    server = start_postgres()
    yield server
    stop_postgres(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """The same tests on SQLite (the default) and on a real PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "records.sqlite")
    return request.getfixturevalue("postgres").new_database()


class Running:
    """The real service app in its own thread and event loop (the test stays plain code)."""

    def __init__(self, app):
        self.app, self.ready = app, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.ready.wait(30)

    def _run(self):
        from tornado.httpserver import HTTPServer

        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        sock, self.port = bind_unused_port()
        self.server = HTTPServer(self.app, max_body_size=1 << 20)
        self.server.add_sockets([sock])
        self.ready.set()
        self.loop.run_forever()

    def stop(self):
        self.loop.call_soon_threadsafe(self.server.stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def service(tmp_path, bank, database):
    class_folder.prepare(tmp_path / "class")
    records = Records(database)
    records.prepare(hub_id="hub-1", exercises={i: e.title for i, e in bank.items()})
    app = make_app(tmp_path / "class", bank, records, ["ina"], hub_auth=Tokens(TOKENS))
    running = Running(app)
    yield {
        "url": f"http://127.0.0.1:{running.port}{PREFIX}",
        "records": records,
        "class": tmp_path / "class",
        "app": app,
    }
    running.stop()
    records.close()


def call(service, path, body=None, token="alice-token", raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(
        service["url"] + path,
        data=data,
        method="POST" if data is not None else "GET",
        headers={"Authorization": f"token {token}"} if token else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read()), answer.headers
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}"), refused.headers


def attempt(answers, request="r" * 20, **extra):
    return {"exercise": EXERCISE, "answers": answers, "request": request, **extra}


def test_an_attempt_is_graded_stored_for_the_token_owner_and_not_framable(service, bank):
    key = key_answers(bank[EXERCISE]).as_dict()
    code, data, headers = call(service, "api/attempts", attempt(key))
    assert code == 200 and data["attempt"] == 1 and data["result"]["score"] == 100
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    mine = service["records"].learner_attempts("alice")
    assert [(r.exercise, r.score) for r in mine] == [(EXERCISE, 100.0)]
    # The same request again (a retry, a replay): the earlier record, nothing added.
    code, data, _ = call(service, "api/attempts", attempt(key))
    assert code == 200 and data["replayed"] is True and data["attempt"] == 1
    assert len(service["records"].learner_attempts("alice")) == 1


@pytest.mark.parametrize(
    "token, body, raw, status, says",
    [
        ("", "key", None, 403, "no hub token"),
        ("forged", "key", None, 403, "does not belong"),
        ("no-scope", "key", None, 403, "does not belong"),
        ("a-service", "key", None, 403, "does not belong"),
        ("alice-token", "classmate", None, 400, "whoever signed in"),
        ("alice-token", None, b'{"x": "' + b"y" * 100_000 + b'"}', 413, "too large"),
        ("alice-token", None, b"{not json", 400, "not JSON"),
        ("alice-token", None, b'{"exercise": 1, "exercise": 2}', 400, "given twice"),
        ("alice-token", "unknown", None, 404, "no exercise"),
        ("alice-token", "bad answers", None, 400, "malformed"),
        ("alice-token", "no request id", None, 400, "request must be"),
    ],
)
def test_bad_requests_get_a_clear_answer_and_record_nothing(
    service, bank, token, body, raw, status, says
):
    key = key_answers(bank[EXERCISE]).as_dict()
    bodies = {
        "key": attempt(key),
        "classmate": attempt(key, learner="bob"),
        "unknown": dict(attempt(key), exercise="ex99_nothing"),
        "bad answers": attempt({"units": []}),
        "no request id": attempt(key, request="x"),
    }
    code, data, _ = call(service, "api/attempts", bodies.get(body), token=token, raw=raw)
    assert code == status and says in data["error"], data
    assert service["records"].all_attempts() == []


def test_assessment_mode_sends_score_and_status_but_no_right_answers(service, bank):
    class_folder.write_mode(
        service["class"], mode=class_folder.ClassMode("assessment", False, "first")
    )
    key = key_answers(bank[EXERCISE]).as_dict()
    code, data, _ = call(service, "api/attempts", attempt(key))
    assert code == 200 and data["hide_answers"] is True
    assert all(
        set(i) == {"item", "section", "question", "score", "status", "given"}
        for i in data["result"]["items"]
    )
    assert service["records"].mode() == "assessment"


def test_first_and_latest_are_the_service_order_and_a_quick_check_counts_once(service, bank):
    key = key_answers(bank[EXERCISE]).as_dict()
    for n, answers in enumerate((dict(key, decision=None), key)):
        assert call(service, "api/attempts", attempt(answers, request=f"{n}" * 20))[0] == 200
    results = class_results(service["records"])
    first = gradebook_frame(results, count="first").set_index("learner")[EXERCISE]["alice"]
    latest = gradebook_frame(results, count="latest").set_index("learner")[EXERCISE]["alice"]
    assert latest == 100 and first < 100
    from toolkit.course.lessons.quick_checks import question

    item = question("what-descriptor")
    right = next(o.text for o in item.options if o.correct is True)
    body = {"lesson": item.lesson, "item": item.key, "answer": right, "request": "q" * 20}
    assert call(service, "api/quick-checks", body)[1] == {"correct": True}
    assert call(service, "api/quick-checks", dict(body, request="p" * 20))[0] == 200
    counts = service["records"].lesson_counts()["alice"][item.lesson]
    assert counts["answered"] == 1 and counts["right"] == 1
    code, data, _ = call(service, "api/quick-checks", dict(body, lesson="01_start_here"))
    assert code == 400


def test_a_database_of_another_hub_is_refused(database):
    from toolkit.course.exercises.records import RecordsError

    url = database
    Records(url).prepare(hub_id="one", exercises={})
    with pytest.raises(RecordsError, match="another hub"):
        Records(url).prepare(hub_id="two", exercises={})


def test_postgresql_down_mid_workshop_is_503_and_a_retry_counts_once(tmp_path, bank):
    """The database stops between two submits: the second is refused (503, nothing stored,
    the widget keeps the answers); once it is back, the same request is stored once."""
    from postgres_server import find_bin, start_postgres, stop_postgres

    if find_bin() is None:
        pytest.skip("PostgreSQL is not installed here (make postgres-deps could not install it)")
    server = start_postgres()
    try:
        class_folder.prepare(tmp_path / "class")
        records = Records(server.url())
        records.prepare(hub_id="hub-1", exercises={i: e.title for i, e in bank.items()})
        app = make_app(tmp_path / "class", bank, records, hub_auth=Tokens(TOKENS))
        running = Running(app)
        here = {"url": f"http://127.0.0.1:{running.port}{PREFIX}"}
        key = key_answers(bank[EXERCISE]).as_dict()
        assert call(here, "api/attempts", attempt(key, request="1" * 20))[0] == 200
        server.stop()
        code, data, _ = call(here, "api/attempts", attempt(key, request="2" * 20))
        assert code == 503 and "nothing was saved" in data["error"]
        server.start()
        assert call(here, "api/attempts", attempt(key, request="2" * 20))[1]["attempt"] == 2
        assert call(here, "api/attempts", attempt(key, request="2" * 20))[1]["replayed"] is True
        assert [r.attempt for r in records.learner_attempts("alice")] == [1, 2]
        running.stop()
        records.close()
    finally:
        stop_postgres(server)


def test_an_export_is_read_by_the_grade_command_and_a_new_class_starts_empty(
    service, bank, tmp_path
):
    import subprocess
    import sys

    key = key_answers(bank[EXERCISE]).as_dict()
    assert call(service, "api/attempts", attempt(key))[0] == 200
    old_mask = os.umask(0o022)  # a usual login's: the export must not follow it
    try:
        export = service["records"].export_sqlite(tmp_path / "class-1.sqlite")
    finally:
        os.umask(old_mask)
    assert export.stat().st_mode & 0o077 == 0  # [red team S13] names and scores: 0600
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit",
            "grade",
            str(export),
            "-o",
            str(tmp_path / "book"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "book" / "gradebook.csv").open(encoding="utf-8")))
    assert [(r["learner"], float(r[EXERCISE])) for r in rows] == [("alice", 100.0)]
    service["records"].new_class()
    assert service["records"].all_attempts() == []
    assert len(Records(sqlite_url(export), read_only=True).all_attempts()) == 1


def test_a_room_submitting_at_once_is_stored_whole_each_answer_after_its_commit(service, bank):
    """30 learners' submits arrive together (one batch, one commit): every one is stored,
    numbered in order per learner, and a replay inside the same batch adds nothing."""
    key = key_answers(bank[EXERCISE]).as_dict()
    table = {
        f"t{i}": {"name": f"l{i}", "kind": "user", "scopes": list(Tokens.access_scopes)}
        for i in range(30)
    }
    TOKENS.update(table)

    bodies = [(t, attempt(key, request=f"{t}-first".ljust(20, "x"))) for t in table]
    bodies.append(("t0", attempt(key, request="t0-first".ljust(20, "x"))))  # a replay
    answers, start = [None] * len(bodies), threading.Barrier(len(bodies))

    def send(i, token, body):
        start.wait()
        answers[i] = call(service, "api/attempts", body, token=token)[1]

    threads = [threading.Thread(target=send, args=(i, *b)) for i, b in enumerate(bodies)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for t in table:
            TOKENS.pop(t)
    assert [a["attempt"] for a in answers] == [1] * 31
    assert sum(a["replayed"] for a in answers) == 1
    assert len(service["records"].all_attempts()) == 30


def test_a_database_made_by_a_newer_toolkit_is_refused(database):
    from sqlalchemy import update

    from toolkit.course.exercises.records import RecordsError

    records = Records(database)
    records.prepare(hub_id="one", exercises={})
    with records.engine.begin() as connection:
        connection.execute(
            update(records.meta).where(records.meta.c.key == "schema_version").values(value="99")
        )
    with pytest.raises(RecordsError, match="newer toolkit"):
        Records(database).prepare(hub_id="one", exercises={})


def test_the_folders_holding_keys_are_closed_to_other_accounts(tmp_path):
    """Red team (issue 19): `make lite` leaves a wheel with the practice keys in build/, and
    a learner's account read it; the hub closes build/ as it closes .git."""
    import os

    from toolkit.classroom.grading_service.setup import close_history

    for name in (".git", "build", "notebooks"):
        (tmp_path / name).mkdir(mode=0o755)
        os.chmod(tmp_path / name, 0o755)
    close_history(tmp_path)
    modes = {name: (tmp_path / name).stat().st_mode & 0o777 for name in (".git", "build")}
    assert modes == {".git": 0o700, "build": 0o700}
    assert (tmp_path / "notebooks").stat().st_mode & 0o777 == 0o755  # lessons stay readable


def test_export_and_new_class_are_commands_on_the_hubs_machine(
    service, bank, tmp_path, monkeypatch, capsys
):
    """Red team (issue 19): the service's instructor page shared the hub's origin, so a
    learner's notebook opened by an instructor started a new class. The page is gone; the
    records are exported and a class started on the hub's machine."""
    from toolkit.classroom.grading_service import records_admin

    for path in ("", "export/records.sqlite", "new-class"):  # no page, for no one
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(service["url"] + path, timeout=60)
        assert refused.value.code == 404, path
    key = key_answers(bank[EXERCISE]).as_dict()
    assert call(service, "api/attempts", attempt(key))[0] == 200
    monkeypatch.setenv("CPT97530_GRADING_DB", str(service["records"].engine.url))
    export = tmp_path / "class-1.sqlite"
    assert records_admin.main(["export", str(export)]) == 0
    assert records_admin.main(["export", str(export)]) == 2  # never over an earlier export
    assert records_admin.main(["new-class"]) == 2  # not without --yes
    assert len(service["records"].all_attempts()) == 1
    assert records_admin.main(["new-class", "--yes"]) == 0
    assert service["records"].all_attempts() == []
    assert len(Records(sqlite_url(export), read_only=True).all_attempts()) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 2


def _quick_body(request, right=True):
    from toolkit.course.lessons.quick_checks import question

    item = question("what-descriptor")
    chosen = next(o.text for o in item.options if (o.correct is True) == right)
    return item, {"lesson": item.lesson, "item": item.key, "answer": chosen, "request": request}


def test_a_replayed_quick_check_is_the_earlier_answer_and_adds_nothing(service):
    """F9: the same request id again (a retry, a replay with another answer) is the answer
    first recorded: one row, the first verdict."""
    item, body = _quick_body("q" * 20, right=False)
    assert call(service, "api/quick-checks", body)[1] == {"correct": False}
    _, right = _quick_body("q" * 20, right=True)
    assert call(service, "api/quick-checks", right)[1] == {"correct": False}
    counts = service["records"].lesson_counts()["alice"][item.lesson]
    assert counts["answered"] == 1 and counts["right"] == 0
    from sqlalchemy import func, select

    with service["records"].engine.connect() as connection:
        checks = service["records"].checks
        assert connection.execute(select(func.count()).select_from(checks)).scalar_one() == 1


def test_quick_check_answers_are_bounded_per_learner(service, monkeypatch):
    """F9: a script cannot fill the records: past MAX_CHECK_ANSWERS a learner is told so
    plainly (429) and nothing is stored; a classmate is not affected."""
    from toolkit.course.exercises import records

    monkeypatch.setattr(records, "MAX_CHECK_ANSWERS", 3)
    for n in range(3):
        assert call(service, "api/quick-checks", _quick_body(f"{n}" * 20)[1])[0] == 200
    code, data, _ = call(service, "api/quick-checks", _quick_body("9" * 20)[1])
    assert code == 429 and "3 quick-check answers" in data["error"]
    assert call(service, "api/quick-checks", _quick_body("9" * 20)[1], token="bob-token")[0] == 200


def test_attempts_at_one_exercise_are_capped_with_a_plain_message(service, bank, monkeypatch):
    """F12: past MAX_ATTEMPTS at an exercise the service refuses (429, said plainly) and
    stores nothing; a replay of a stored attempt and another exercise still work."""
    from toolkit.course.exercises import records

    monkeypatch.setattr(records, "MAX_ATTEMPTS", 2)
    key = key_answers(bank[EXERCISE]).as_dict()
    for n in range(2):
        assert call(service, "api/attempts", attempt(key, request=f"{n}" * 20))[0] == 200
    code, data, _ = call(service, "api/attempts", attempt(key, request="9" * 20))
    assert code == 429 and "all 2 attempts at this exercise" in data["error"]
    assert call(service, "api/attempts", attempt(key, request="1" * 20))[1]["replayed"] is True
    other = next(e for e in bank if e != EXERCISE)
    body = dict(attempt(key_answers(bank[other]).as_dict(), request="8" * 20), exercise=other)
    assert call(service, "api/attempts", body)[0] == 200
    assert len(service["records"].learner_attempts("alice", exercise=EXERCISE)) == 2


def test_a_learner_sending_too_fast_is_slowed_and_a_classmate_is_not(service):
    """F12: requests per learner are rate-limited (a bucket); another learner is served."""
    from toolkit.classroom.grading_service.service import RateLimit

    service["app"].settings["rate"] = RateLimit(per_second=0.01, burst=3)
    codes = [call(service, "api/progress")[0] for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    code, data, _ = call(service, "api/progress")
    assert code == 429 and "wait a few seconds" in data["error"]
    assert call(service, "api/progress", token="bob-token")[0] == 200


def test_practice_mode_shows_the_key_only_of_items_answered(service, bank):
    """F13: a blank attempt in practice mode hands a script no key: the right answer and the
    why come back only for the items the learner answered."""
    from toolkit.course.exercises.grading import Answers

    code, data, _ = call(service, "api/attempts", attempt(Answers().as_dict()))
    assert code == 200 and data["hide_answers"] is False
    items = data["result"]["items"]
    assert all(i["status"] == "unanswered" for i in items)
    assert not any("expected" in i or "explanation" in i for i in items)
    key = key_answers(bank[EXERCISE]).as_dict()
    one = dict(Answers().as_dict(), decision=key["decision"])
    data = call(service, "api/attempts", attempt(one, request="d" * 20))[1]
    decided = [i for i in data["result"]["items"] if i["item"] == "decision"]
    assert decided[0]["expected"] and decided[0]["explanation"]
    code, data, _ = call(service, "api/attempts?exercise=" + EXERCISE)
    assert (
        "expected"
        not in [i for i in data["latest"]["result"]["items"] if i["item"] != "decision"][0]
    )


def test_practice_counts_reach_the_dashboard_marked_self_reported(service):
    """The dashboard on a hub showed 0 practice tried: the counts the lesson reports are kept
    (only growing, capped) and shown, with the note that they are self-reported."""
    from toolkit.classroom.dashboard.class_view import RecordsGrader, class_view

    lesson = "04_time_and_units"
    for tried, right in ((3, 2), (5, 4), (4, 4)):  # the last is an older report arriving late
        body = {"lesson": lesson, "tried": tried, "right": right, "request": f"p{tried}" * 10}
        assert call(service, "api/practice", body)[0] == 200
    bad = {"lesson": lesson, "tried": -1, "right": 0, "request": "z" * 20}
    assert call(service, "api/practice", bad)[0] == 400
    view = class_view(service["class"], RecordsGrader(service["records"]))
    (row,) = view["learners"]
    assert (row["practice_tried"], row["practice_right"]) == (5, 4)
    assert "Practice are self-reported" in view["trust_note"]
    assert "Exercise scores are graded" in view["trust_note"]


def test_a_schema_1_database_is_upgraded_in_place(database):
    """A hub restarted on the new toolkit keeps its records: quick checks gain request ids
    (SQLite and PostgreSQL), and a replayed one then counts once."""
    from sqlalchemy import create_engine, text

    old = create_engine(database)
    serial = "SERIAL" if database.startswith("postgresql") else "INTEGER"  # as create_all made
    with old.begin() as connection:
        for statement in (
            "CREATE TABLE grading_meta (key VARCHAR(40) PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO grading_meta VALUES ('schema_version', '1'), ('hub_id', 'h'),"
            " ('class_id', 'c1')",
            f"CREATE TABLE quick_checks (id {serial} PRIMARY KEY, class_id VARCHAR(40) NOT NULL,"
            " learner VARCHAR(80) NOT NULL, lesson VARCHAR(60) NOT NULL, item VARCHAR(80)"
            " NOT NULL, answer TEXT NOT NULL, correct BOOLEAN NOT NULL, answered_at VARCHAR(32)"
            " NOT NULL)",
            "INSERT INTO quick_checks (class_id, learner, lesson, item, answer, correct,"
            " answered_at) VALUES ('c1', 'alice', '02_what_is_97530',"
            " 'what-descriptor', '\"x\"', TRUE, '2026-01-01T00:00:00Z')",
        ):
            connection.execute(text(statement))
    old.dispose()
    records = Records(database)
    records.prepare(hub_id="h", exercises={})
    check = {"lesson": "02_what_is_97530", "item": "what-descriptor", "request_id": "r" * 20}
    assert records.record_check("alice", answer="y", correct=False, **check) is False
    assert records.record_check("alice", answer="x", correct=True, **check) is False  # replay
    with records.engine.connect() as connection:
        version = "SELECT value FROM grading_meta WHERE key = 'schema_version'"
        assert connection.execute(text(version)).scalar_one() == "2"
        assert connection.execute(text("SELECT count(*) FROM quick_checks")).scalar_one() == 2
    assert records.lesson_counts()["alice"]["02_what_is_97530"]["answered"] == 1
    records.close()


def test_the_service_account_is_made_like_learners_and_waits_out_a_locked_passwd(monkeypatch):
    """The service's account is made by classroom/accounts.py (one useradd, with its retries
    while another program holds /etc/passwd's lock), not by a copy of it in setup.py."""
    import pwd
    import subprocess

    from toolkit.classroom import accounts
    from toolkit.classroom.grading_service import setup

    made, calls = {}, []

    def fake_run(command, **_):
        calls.append(command)
        if len(calls) == 1:  # the first try finds /etc/passwd locked
            return subprocess.CompletedProcess(command, 10, "", "cannot lock /etc/passwd")
        made[command[-1]] = pwd.struct_passwd((command[-1], "x", 999, 999, "", "/x", "/n"))
        return subprocess.CompletedProcess(command, 0, "", "")

    def fake_getpwnam(name):
        if name not in made:
            raise KeyError(name)
        return made[name]

    monkeypatch.setattr(accounts.subprocess, "run", fake_run)
    monkeypatch.setattr(setup.subprocess, "run", fake_run)
    monkeypatch.setattr(accounts.time, "sleep", lambda _: None)
    monkeypatch.setattr(accounts.pwd, "getpwnam", fake_getpwnam)
    monkeypatch.setattr(setup.pwd, "getpwnam", fake_getpwnam)
    found = setup.ensure_account("cpt97530-grader-test", Path("/nonexistent"))
    assert found.pw_uid == 999 and len(calls) == 2
    assert "--user-group" in calls[-1] and calls[-1][calls[-1].index("--comment") + 1] == ""


def test_a_mode_switch_between_two_submits_is_seen_at_the_second(service, bank):
    """The service reads the mode file again only when it changed: a switch to assessment
    right after a practice submit hides the answers of the very next one."""
    key = key_answers(bank[EXERCISE]).as_dict()
    assert call(service, "api/attempts", attempt(key, request="1" * 20))[1]["hide_answers"] is False
    class_folder.write_mode(
        service["class"], mode=class_folder.ClassMode("assessment", False, "first")
    )
    data = call(service, "api/attempts", attempt(key, request="2" * 20))[1]
    assert data["hide_answers"] is True and "expected" not in data["result"]["items"][0]
