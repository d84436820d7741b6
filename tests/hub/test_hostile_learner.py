"""A hostile learner on a real hub (issue 20): each attack the red team made, replayed.

Runs only as root (the hub's learners then run as their own accounts). Every account and
process made here belongs to the hubs started here (their ids) and is removed at the end.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import time
from urllib.parse import urlparse

import pytest
from hub_server import (
    remove_hub_accounts,
    run_in_kernel,
    sign_in_form,
    start_hub,
    stop_hub,
    throwaway_state,
    wait_for_server,
)

from toolkit.classroom import accounts
from toolkit.classroom.passwords import has_password, store_hash

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="learners' own accounts need root")
ALICE = ("Alice Arden", "alice-secret-1")
LOCKOUT = 4


def _start(state, **kwargs):
    class_list = state / "class-list.txt"
    class_list.write_text("Alice Arden\nBob Baker\n", encoding="utf-8")
    return start_hub(
        state,
        instructors="Ina Teach, Ivo Admin",
        passwords={"Ina Teach": "teacher-secret-3"},
        # these tests start and restart servers themselves: none started ahead by the hub
        extra_env={"CPT97530_CLASS_LIST": str(class_list), "CPT97530_PRESTART": "0"},
        extra_config=f"c.ClassroomAuthenticator.lockout_seconds = {LOCKOUT}\n",
        **kwargs,
    )


@pytest.fixture(scope="module")
def hub(request):
    state = throwaway_state()
    (state / "state").mkdir(mode=0o711)
    # Ivo's name was once a learner's: a first-use password, not one set in advance.
    store_hash(state / "state" / "passwords.dbm", "ivo-admin", _hash("ivo-old-pass"), replace=True)
    started = _start(state)
    request.addfinalizer(lambda: _finish(started, state, request))
    return started


def _hash(password: str) -> bytes:
    import bcrypt

    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(4))


def _finish(started, state, request):
    stop_hub(started)  # also removes this hub's accounts and their processes
    if request.session.testsfailed:
        print(f"\nhub log: {started.log}")
    else:
        shutil.rmtree(state, ignore_errors=True)


def _uid(hub, name: str) -> int:
    hub_id = (hub.state / accounts.HUB_ID_FILE).read_text().strip()
    return pwd.getpwnam(accounts.account_name(hub_id, name)).pw_uid


def _signed_in(answer) -> bool:
    return urlparse(answer.url).path == "/hub/home"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return "zombie" not in status.read()
    except FileNotFoundError:
        return False


def test_a_refused_name_keeps_no_password(hub):
    answer, _ = sign_in_form(hub, "Mallory Mole", "mallory-secret")
    assert answer.status_code == 403 and not _signed_in(answer)
    assert not has_password(hub.state / "passwords.dbm", "mallory-mole")


def test_a_first_use_password_never_opens_an_instructors_name(hub):
    answer, _ = sign_in_form(hub, "Ivo Admin", "ivo-old-pass")
    assert "password is set in advance" in answer.text
    assert not hub.api("/users/ivo-admin").get("last_activity")


def test_thirty_wrong_passwords_pause_the_name_and_the_right_one_works_after_the_wait(hub):
    answers = [sign_in_form(hub, "Bob Baker", "bob-secret-22")[0]]  # Bob's first use
    assert _signed_in(answers[0]), answers[0].text[:300]
    paused = 0
    for n in range(30):
        answer, _ = sign_in_form(hub, "bob baker", f"guess-{n:04d}")
        assert not _signed_in(answer)
        paused += "Too many wrong passwords" in answer.text
    assert paused >= 25  # after a few wrong ones, the rest were refused unchecked
    answer, _ = sign_in_form(hub, "Bob Baker", "bob-secret-22")
    assert "Too many wrong passwords" in answer.text  # even the right one, during the pause
    time.sleep(LOCKOUT + 1)
    answer, _ = sign_in_form(hub, "Bob Baker", "bob-secret-22")
    assert _signed_in(answer), answer.text[:300]
    hub.api("/users/bob-baker/server", "DELETE")


def test_a_setsid_child_of_a_kernel_ends_with_the_server(hub):
    answer, _ = sign_in_form(hub, *ALICE)
    assert _signed_in(answer)
    hub.api("/users/alice-arden/server", "POST")
    wait_for_server(hub, "alice-arden")
    token = hub.api("/users/alice-arden/tokens", "POST", {"note": "t", "expires_in": 600})["token"]
    code = (
        "import os, resource, subprocess, tempfile\n"
        "print('PID', subprocess.Popen(['setsid', 'sleep', '600']).pid)\n"
        "print('LIMIT', resource.getrlimit(resource.RLIMIT_NPROC)[0])\n"
        "for folder in ('/tmp', '/dev/shm'):\n"
        "    with open(os.path.join(folder, 'cpt-left-' + os.urandom(4).hex()), 'wb') as f:\n"
        "        f.write(b'x' * 4096)\n"
        "        print('LEFT', f.name)\n"
        "print('LEFT', tempfile.mkdtemp())"
    )
    out = run_in_kernel(hub, "alice-arden", token, [code])[0]
    pid = int(re.search(r"PID (\d+)", out).group(1))
    assert _alive(pid)
    # [red team S7] a fork bomb meets the learner's own limit
    assert 0 < int(re.search(r"LIMIT (-?\d+)", out).group(1)) <= 1024, out
    left = re.findall(r"LEFT (\S+)", out)
    assert len(left) == 3 and all(os.path.exists(path) for path in left)
    hub.api("/users/alice-arden/server", "DELETE")
    wait_for_server(hub, "alice-arden", ready=False)
    gone_by = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < gone_by:
        time.sleep(0.2)
    assert not _alive(pid), "a learner's setsid child outlived the server"
    assert accounts.processes_of(_uid(hub, "alice-arden")) == []
    # [red team S7] nothing left in the shared temporary folders (/dev/shm holds memory)
    assert [path for path in left if os.path.exists(path)] == []


def test_a_learner_who_kills_her_own_server_leaves_no_process_behind(hub):
    """[red team S2] JupyterHub stops only a server it finds running: a learner who killed her
    server from her kernel kept a setsid child (and could hold the hub's ports after it)."""
    answer, _ = sign_in_form(hub, *ALICE)
    assert _signed_in(answer)
    hub.start_server("alice-arden")
    wait_for_server(hub, "alice-arden")
    token = hub.api("/users/alice-arden/tokens", "POST", {"note": "t", "expires_in": 600})["token"]
    code = (
        "import os, subprocess\n"
        "child = subprocess.Popen(['setsid', 'sleep', '600'])\n"
        "print('PID', child.pid, flush=True)\n"
        "# the learner's own server, killed 2 s later (once this answer is back)\n"
        "subprocess.Popen(['setsid', 'sh', '-c', f'sleep 2; kill -9 {os.getppid()}'])"
    )
    out = run_in_kernel(hub, "alice-arden", token, [code])[0]
    pid = int(re.search(r"PID (\d+)", out).group(1))
    # The hub looks at each server every 30 s (JupyterHub's poll_interval) and sees it gone.
    wait_for_server(hub, "alice-arden", ready=False, timeout=120)
    gone_by = time.monotonic() + 120
    while _alive(pid) and time.monotonic() < gone_by:
        time.sleep(0.5)
    assert not _alive(pid), "the setsid child outlived the server its learner killed"
    assert accounts.processes_of(_uid(hub, "alice-arden")) == []


SWAPPER = """
import os, sys
folder, target = sys.argv[1], sys.argv[2]
summary = os.path.join(folder, 'summary.json')
while True:
    for to in (target, target + '.missing'):
        tmp = os.path.join(folder, 'swap.tmp')
        try:
            os.symlink(to, tmp)
            os.rename(tmp, summary)
        except OSError:
            pass
"""


def test_swapping_the_progress_file_for_links_while_restarting_gives_the_learner_nothing(hub):
    """The learner's account swaps progress/<me>/summary.json between a link to a root file
    and a dangling link while their server restarts: root never writes, chowns or chmods
    through it, so the root file stays root's, unchanged."""
    target = hub.state.parent / "root-only-secret"
    target.write_text("root's own\n")
    os.chmod(target, 0o600)
    folder = hub.class_dir / "progress" / "alice-arden"
    answer, _ = sign_in_form(hub, *ALICE)
    assert _signed_in(answer)
    uid = _uid(hub, "alice-arden")
    for _ in range(8):
        for leftover in folder.iterdir():  # start from no progress file, as a new learner
            leftover.unlink()
        swapper = subprocess.Popen(
            ["/usr/bin/python3", "-c", SWAPPER, str(folder), str(target)],
            user=uid,
            group=pwd.getpwuid(uid).pw_gid,
            cwd="/",
            start_new_session=True,
        )
        try:
            hub.api("/users/alice-arden/server", "POST")
            wait_for_server(hub, "alice-arden")
            hub.api("/users/alice-arden/server", "DELETE")
            wait_for_server(hub, "alice-arden", ready=False)
        finally:
            if swapper.poll() is None:
                os.kill(swapper.pid, signal.SIGKILL)
            swapper.wait()
        info = os.stat(target)
        assert (info.st_uid, info.st_mode & 0o777) == (0, 0o600), "a root file was handed over"
        assert target.read_text() == "root's own\n"


def test_an_instructor_cannot_open_a_learners_server_unless_the_class_allows_it(hub):
    answer, _ = sign_in_form(hub, *ALICE)
    assert _signed_in(answer)
    hub.api("/users/alice-arden/server", "POST")
    wait_for_server(hub, "alice-arden")
    answer, ina = sign_in_form(hub, "Ina Teach", "teacher-secret-3")
    assert _signed_in(answer)
    assert not hub.api("/users/ina-teach")["admin"]  # an instructor, not a hub admin
    opened = ina.get(f"{hub.url}/user/alice-arden/api/contents", timeout=120)
    assert opened.status_code == 403, opened.url
    stopped = ina.delete(  # what instructors may do: stop a learner's server
        f"{hub.url}/hub/api/users/alice-arden/server",
        headers={"X-XSRFToken": ina.cookies.get("_xsrf", path="/hub/") or ""},
        timeout=120,
    )
    assert stopped.status_code in (202, 204), stopped.text[:300]
    wait_for_server(hub, "alice-arden", ready=False)


def test_two_hubs_on_one_machine_never_share_an_account_and_stop_cleanly(hub):
    state = throwaway_state()
    other = _start(state)
    try:
        answer, _ = sign_in_form(other, *ALICE)  # the same name on the second hub
        assert _signed_in(answer)
        other.api("/users/alice-arden/server", "POST")
        wait_for_server(other, "alice-arden")
        assert _uid(hub, "alice-arden") != _uid(other, "alice-arden")
        home = pwd.getpwuid(_uid(other, "alice-arden")).pw_dir
        assert home.startswith(str(other.state)), home
        for started in (hub, other):  # the account says nothing of who it is for
            entry = pwd.getpwuid(_uid(started, "alice-arden"))
            assert entry.pw_gecos == "" and "alice" not in entry.pw_name
            assert "alice" not in entry.pw_dir, entry.pw_dir  # [red team S6] nor its home
        uid = _uid(other, "alice-arden")
    finally:
        stop_hub(other)
    log = other.log.read_text()
    assert "Traceback" not in log and "'proto'" not in log, log[-3000:]
    assert accounts.processes_of(uid) == []  # every learner process ended with the hub
    assert remove_hub_accounts(other.state) == []  # nothing of the other hub left to remove
    shutil.rmtree(state, ignore_errors=True)


def test_a_client_cannot_choose_the_address_its_wrong_passwords_count_against(hub):
    """[red team S4] Tornado takes a client's X-Real-Ip as its address: rotating it escaped
    the per-address pause (and naming another's address paused them). 20 wrong passwords,
    each for a new name and each "from" a new address, pause this client: the next sign-in
    (an instructor without a password, refused for that otherwise) is told to wait."""
    time.sleep(LOCKOUT + 1)  # no pause left from earlier tests
    for n in range(20):
        spoofed = f"10.7.{n}.{n + 1}"
        answer, _ = sign_in_form(
            hub,
            f"Nobody Listed {n:02d}",
            "wrong-password-1",
            headers={"X-Real-Ip": spoofed, "X-Forwarded-For": spoofed},
        )
        assert not _signed_in(answer)
    answer, _ = sign_in_form(hub, "Ivo Admin", "any-password-1", headers={"X-Real-Ip": "10.99.0.1"})
    assert "Too many wrong passwords" in answer.text, answer.text[:300]
    time.sleep(LOCKOUT + 1)  # the pause ends for whatever runs next


def test_the_test_hubs_admin_token_and_log_are_the_hubs_alone(hub):
    """[red team S10] A learner of a test hub read the harness's admin token (0644)."""
    for secret in (hub.log.parent / "test_config.py", hub.log):
        assert secret.stat().st_mode & 0o077 == 0, secret
