"""The grading service on a real hub, probed from learners' kernels (their own machine
accounts): no key text anywhere a learner can read, answers recorded only through the
service and only for the signed-in learner, and the dashboard and `cpt97530 grade` agree on
a class with first and latest attempts. No browser: the kernels are driven over the hub's
API, as a notebook cell would run.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from hub_server import REPO, run_in_kernel, start_hub, stop_hub, throwaway_state

from toolkit.course.exercises.bank import DECISIONS, load_bank
from toolkit.course.exercises.grading import grade, key_answers
from toolkit.settings import solutions_dir

LEARNERS = ("alice-arden", "bob-baker")
EXERCISE = "ex02_unsigned_note"


@pytest.fixture(scope="module")
def bank():
    folder = solutions_dir()
    assert folder is not None, "the exercise bank (solutions/) is needed to check scores"
    return load_bank(folder)


@pytest.fixture(scope="module")
def hub():
    import shutil

    state = throwaway_state()
    class_list = state / "class-list.txt"
    class_list.write_text("Alice Arden\nBob Baker\n", encoding="utf-8")
    started = start_hub(
        state, instructors="Ina Teach", extra_env={"CPT97530_CLASS_LIST": str(class_list)}
    )
    try:
        for name in LEARNERS:
            started.start_server(name)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if all(
                started.api(f"/users/{n}")["servers"].get("", {}).get("ready") for n in LEARNERS
            ):
                break
            time.sleep(1)
        else:
            raise RuntimeError("the learners' servers did not start")
        yield started
    finally:
        stop_hub(started)
        shutil.rmtree(state, ignore_errors=True)


def kernel(hub, name: str, code: str) -> str:
    token = hub.api(f"/users/{name}/tokens", "POST", {"note": "test", "expires_in": 600})["token"]
    return run_in_kernel(hub, name, token, [code])[0]


# The learner's code: one call to the service, the answer as one line of JSON.
CALL = """
import json, os, urllib.request, urllib.error
from toolkit.settings import grading_url
def call(path, body=None, token=None, raw=None):
    token = os.environ['JUPYTERHUB_API_TOKEN'] if token is None else token
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(grading_url() + path, data=data,
        method='POST' if data is not None else 'GET',
        headers={'Content-Type': 'application/json', **({'Authorization': 'token ' + token} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b'{}')
"""


def records(hub):
    from toolkit.course.exercises.records import Records, sqlite_url

    return Records(sqlite_url(hub.state / "grading" / "records.sqlite"), read_only=True)


def test_a_learner_finds_no_key_anywhere_they_can_read(hub, bank):
    """Every explanation of the bank, searched as Alice's account through the hub state,
    the checkout (but its virtualenv and npm folders) and the learner runtime."""
    needles = sorted(
        {e.text[:60] for ex in bank.values() for e in ex.explain.values() if len(e.text) > 40}
    )
    assert len(needles) > 5
    roots = [str(hub.state.parent), str(REPO), str(hub.state / "runtime")]
    code = f"""
import os
needles = {needles!r}
found, read = [], 0
for root in {roots!r}:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ('.venv', 'node_modules', '.git')]
        for name in files:
            path = os.path.join(folder, name)
            try:
                if os.path.islink(path) or os.path.getsize(path) > 4_000_000: continue
                text = open(path, 'rb').read().decode('utf-8', 'replace')
            except OSError:
                continue
            read += 1
            found += [path for n in needles if n in text]
print('read', read)
print('found', sorted(set(found)))
from toolkit.settings import solutions_dir
print('bank', solutions_dir())
"""
    out = kernel(hub, "alice-arden", code)
    assert "found []" in out, out
    assert "bank None" in out, out
    assert int(out.split("read ")[1].split()[0]) > 100, out  # it did read the checkout


def test_answers_are_recorded_only_for_the_signed_in_learner(hub, bank):
    key = key_answers(bank[EXERCISE]).as_dict()
    code = (
        CALL
        + f"""
key = {key!r}
print('ok', call('api/attempts', {{'exercise': {EXERCISE!r}, 'answers': key, 'request': 'a' * 32}}))
print('replay', call('api/attempts', {{'exercise': {EXERCISE!r}, 'answers': key, 'request': 'a' * 32}}))
print('classmate', call('api/attempts', {{'exercise': {EXERCISE!r}, 'answers': key, 'request': 'b' * 32, 'learner': 'bob-baker'}}))
print('notoken', call('api/attempts', {{'exercise': {EXERCISE!r}, 'answers': key, 'request': 'c' * 32}}, token=''))
print('forged', call('api/attempts', {{'exercise': {EXERCISE!r}, 'answers': key, 'request': 'd' * 32}}, token='0' * 32))
print('huge', call('api/attempts', raw=b'{{"x": "' + b'y' * 200_000 + b'"}}')[0])
print('malformed', call('api/attempts', raw=b'{{not json')[0])
print('unknown', call('api/attempts', {{'exercise': 'ex99_nothing', 'answers': key, 'request': 'e' * 32}})[0])
import os, glob
state = {str(hub.state)!r}
def tried(what, action):
    try:
        action(); print(what, 'ALLOWED')
    except OSError as error:
        print(what, 'refused', type(error).__name__)
tried('db-write', lambda: open(state + '/grading/records.sqlite', 'ab').close())
tried('db-read', lambda: open(state + '/grading/records.sqlite', 'rb').read())
tried('grading-list', lambda: os.listdir(state + '/grading'))
tried('bank-copy', lambda: os.listdir(state + '/grading/bank'))
tried('hub-id', lambda: open(state + '/grading-hub-id').read())
"""
    )
    out = kernel(hub, "alice-arden", code)
    lines = dict(line.split(" ", 1) for line in out.strip().splitlines())
    assert lines["ok"].startswith("(200,") and "'attempt': 1" in lines["ok"], out
    assert "'score': 100.0" in lines["ok"], out
    assert "'replayed': True" in lines["replay"] and "'attempt': 1" in lines["replay"], out
    assert lines["classmate"].startswith("(400,") and "whoever signed in" in lines["classmate"]
    assert lines["notoken"].startswith("(403,") and lines["forged"].startswith("(403,"), out
    assert (lines["huge"], lines["malformed"], lines["unknown"]) == ("413", "400", "404"), out
    for what in ("db-write", "db-read", "grading-list", "bank-copy", "hub-id"):
        assert lines[what] == "refused PermissionError", out
    stored = records(hub)
    try:
        mine = stored.learner_attempts("alice-arden")
        assert [(r.exercise, r.score) for r in mine] == [(EXERCISE, 100.0)]
        assert stored.learner_attempts("bob-baker") == []  # nothing for the classmate
    finally:
        stored.close()


def test_a_learner_can_write_nothing_the_dashboard_or_the_grade_reads(hub):
    """F6, as Alice's own account: every folder and file under the class folder and the
    grading service's folder (what the dashboard and `cpt97530 grade` read) is tried for
    writing: a new file in each folder, each file opened to append, a folder of her own
    made in submissions/ and progress/. None may succeed."""
    roots = [str(hub.class_dir), str(hub.state / "grading")]
    code = f"""
import os
allowed, tried = [], 0
def attempt(what, action):
    global tried
    tried += 1
    try:
        action()
    except OSError:
        return
    allowed.append(what)
for root in {roots!r}:
    for folder, dirs, files in os.walk(root):
        probe = os.path.join(folder, '.probe-' + str(os.getpid()))
        attempt('new file in ' + folder, lambda: (open(probe, 'x').close(), os.unlink(probe)))
        for name in files:
            path = os.path.join(folder, name)
            attempt('append to ' + path, lambda: open(path, 'ab').close())
for tree in ('submissions', 'progress'):
    for name in ('alice-arden', 'alice-arden-2'):
        folder = os.path.join({str(hub.class_dir)!r}, tree, name)
        attempt('own folder ' + folder, lambda: os.mkdir(folder))
        attempt('write in ' + folder, lambda: open(os.path.join(folder, 'x.json'), 'x').close())
print('tried', tried)
print('allowed', allowed)
"""
    out = kernel(hub, "alice-arden", code)
    assert "allowed []" in out, out
    assert int(out.split("tried ")[1].split()[0]) >= 8, out  # the walk did see the folders
    assert (hub.class_dir / "progress" / "alice-arden").stat().st_uid == 0


def test_dashboard_and_grade_command_agree_on_first_and_latest(hub, bank, tmp_path):
    ex = bank[EXERCISE]
    right = key_answers(ex).as_dict()
    wrong = dict(right, decision=next(d for d in DECISIONS if d != right["decision"]))
    low = grade(ex, answers=wrong).score
    assert low < 100
    # Bob: wrong first, then right. Alice already has a right first attempt; then wrong.
    for name, attempts in (("bob-baker", (wrong, right)), ("alice-arden", (wrong,))):
        sends = "\n".join(
            f"print(call('api/attempts', {{'exercise': {EXERCISE!r}, 'answers': {a!r}, "
            f"'request': {(name[0] + str(i)) * 16!r}}})[0])"
            for i, a in enumerate(attempts)
        )
        assert kernel(hub, name, CALL + sends).split() == ["200"] * len(attempts)
    expected = {
        "first": {"alice-arden": 100.0, "bob-baker": round(low, 1)},
        "latest": {"alice-arden": round(low, 1), "bob-baker": 100.0},
    }
    from toolkit.course import class_folder

    for count in ("first", "latest"):
        mode = "assessment" if count == "first" else "practice"
        class_folder.write_mode(hub.class_dir, mode=class_folder.ClassMode(mode, False, count))
        request = urllib.request.Request(
            hub.url.replace("/hub", "") + "/services/class-dashboard/gradebook.csv",
            headers={"Authorization": f"token {hub.token}"},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            dashboard = {
                r["learner"]: float(r[EXERCISE])
                for r in csv.DictReader(io.StringIO(answer.read().decode()))
            }
        assert dashboard == expected[count], (count, dashboard)
        out = tmp_path / count
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "toolkit",
                "grade",
                str(hub.state / "grading" / "records.sqlite"),
                "-o",
                str(out),
                "--count",
                count,
                "--quiet",
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr
        with open(out / "gradebook.csv", encoding="utf-8") as book:
            cli = {r["learner"]: float(r[EXERCISE]) for r in csv.DictReader(book)}
        assert cli == dashboard, (count, cli, dashboard)


def test_a_learner_cannot_open_the_instructors_page_of_the_service(hub):
    out = kernel(hub, "alice-arden", CALL + "print(call('export/gradebook.csv')[0])")
    assert out.split() == ["404"], out


def test_the_service_has_no_page_an_instructors_browser_could_be_driven_through(hub):
    """Red team: a learner's notebook, opened by an instructor, read the service's page on
    the hub's origin and posted "new class". The service now has no browser page at all."""
    ina = hub.api("/users/ina-teach/tokens", "POST", {"note": "test", "expires_in": 600})["token"]
    base = f"{hub.url}/services/cpt97530-grading/"
    before = len(records_rows(hub))
    assert before > 0
    for path, data in (("", None), ("export/records.sqlite", None), ("new-class", b"confirm=yes")):
        request = urllib.request.Request(
            base + path, data=data, headers={"Authorization": f"token {ina}"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=60)
        assert refused.value.code in (403, 404), path
    assert len(records_rows(hub)) == before  # the class was not replaced


def records_rows(hub):
    stored = records(hub)
    try:
        return stored.all_attempts()
    finally:
        stored.close()


def test_a_service_crash_mid_workshop_loses_nothing(hub, bank):
    """The service is killed (SIGKILL, no clean stop); the hub starts it again; every
    attempt answered before is still there and the next one is numbered after them."""
    import os
    import pwd
    import signal

    before = records_rows(hub)
    uid = pwd.getpwnam(hub.grader).pw_uid
    pids = [
        int(p)
        for p in os.listdir("/proc")
        if p.isdigit()
        and os.stat(f"/proc/{p}").st_uid == uid
        and b"toolkit.classroom.grading_service" in open(f"/proc/{p}/cmdline", "rb").read()
    ]
    assert len(pids) == 1, pids
    os.kill(pids[0], signal.SIGKILL)
    key = key_answers(bank[EXERCISE]).as_dict()
    code = CALL + (
        "import time\n"
        "for _ in range(120):\n"
        "    try:\n"
        f"        status = call('api/attempts', {{'exercise': {EXERCISE!r}, 'answers': {key!r}, "
        "'request': 'after-crash-0000000'})\n"
        "    except OSError:  # not started again yet\n"
        "        status = (0, {})\n"
        "    if status[0] == 200: break\n"
        "    time.sleep(1)\n"
        "print(status[0], status[1].get('attempt'))\n"
    )
    out = kernel(hub, "alice-arden", code)
    mine_before = sum(1 for r in before if r.learner == "alice-arden" and r.exercise == EXERCISE)
    assert out.split() == ["200", str(mine_before + 1)], out
    after = records_rows(hub)
    assert [r.id for r in after][: len(before)] == [r.id for r in before]
    assert len(after) == len(before) + 1
