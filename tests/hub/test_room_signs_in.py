"""A room signing in at once (issue 25): twelve learners post the hub's login form at the
same moment; each gets a usable server with the hub's timeouts as configured, and the login
page keeps answering meanwhile (a functional check with a generous limit, not a benchmark:
scripts/bench_workshop.py measures). Every account made is removed at the end.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from urllib.parse import urlparse

import pytest
import requests
from hub_server import sign_in_form, start_hub, stop_hub, throwaway_state, wait_for_server

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="learners' own accounts need root")
ROOM = [f"Room Learner {chr(ord('a') + n)}" for n in range(12)]
PASSWORD = "room-secret-1"
LOGIN_PAGE_LIMIT = 10  # seconds: a learner arriving must never face a hung page


@pytest.fixture
def hub(request):
    state = throwaway_state()
    (state / "class-list.txt").write_text("\n".join(ROOM) + "\n", encoding="utf-8")
    started = start_hub(
        state, extra_env={"CPT97530_CLASS_LIST": str(state / "class-list.txt")}, timeout=180
    )

    def finish():
        stop_hub(started)  # with the accounts this hub made, and their processes
        if not request.session.testsfailed:
            shutil.rmtree(state, ignore_errors=True)

    request.addfinalizer(finish)
    return started


def test_twelve_learners_signing_in_at_once_each_get_a_server_and_the_login_page_answers(hub):
    go = threading.Barrier(len(ROOM) + 1)
    signed: dict[str, object] = {}
    login_page: list[float | str] = []
    done = threading.Event()

    def learner(typed: str) -> None:
        go.wait()
        try:
            signed[typed] = sign_in_form(hub, typed, PASSWORD, 600, next_path=None)[0]
        except requests.RequestException as error:
            signed[typed] = error

    def watch_login_page() -> None:
        go.wait()
        while not done.is_set():
            start = time.monotonic()
            try:
                answer = requests.get(f"{hub.url}/hub/login", timeout=60)
                login_page.append(time.monotonic() - start if answer.ok else answer.status_code)
            except requests.RequestException as error:
                login_page.append(type(error).__name__)
            time.sleep(0.5)

    threads = [threading.Thread(target=learner, args=(t,)) for t in ROOM]
    watcher = threading.Thread(target=watch_login_page)
    for thread in [*threads, watcher]:
        thread.start()
    for thread in threads:
        thread.join()
    names = [t.lower().replace(" ", "-") for t in ROOM]
    try:
        for name in names:  # the spawn page waits; so does the test, as long as the hub allows
            wait_for_server(hub, name, timeout=600)
    finally:
        done.set()
        watcher.join()
    for typed, answer in signed.items():
        assert isinstance(answer, requests.Response), f"{typed}: {answer}"
        assert urlparse(answer.url).path.startswith("/hub/spawn") or "/user/" in answer.url, (
            f"{typed} landed on {answer.url}"
        )
    for name in names:  # each server is usable: their own course copy is there
        token = hub.api(f"/users/{name}/tokens", "POST", {"note": "t", "expires_in": 600})["token"]
        listing = requests.get(
            f"{hub.url}/user/{name}/api/contents/notebooks",
            headers={"Authorization": f"token {token}"},
            timeout=120,
        ).json()
        assert "01_start_here.ipynb" in {f["name"] for f in listing["content"]}, name
    failures = [t for t in login_page if not isinstance(t, float)]
    assert login_page and not failures, failures
    assert max(login_page) < LOGIN_PAGE_LIMIT, sorted(login_page)[-5:]
