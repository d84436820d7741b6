#!/usr/bin/env python3
"""A classroom under load (not a pass/fail test): N learners on a real hub at once.

    sudo .venv/bin/python scripts/bench_workshop.py --learners 30   (and --learners 60)
    sudo .venv/bin/python scripts/bench_workshop.py --sign-in 3   (one learner, Chromium)

Starts the hub exactly as `make hub` does (deploy/jupyterhub_config.py) on free loopback
ports with a throw-away state folder and a class list of the N learners (so the hub prepares
the room as it starts); the N learners sign in through the hub's login form as a room does,
0.1 s apart (--spacing), and wait as the spawn page does; meanwhile the hub's login page and
REST API are asked every half second (median, p95, worst answer time); in each learner's own server starts a kernel, runs one
lesson's code cells and submits 3 exercises through the real exercise widget (its Submit,
with the hub's identity). Reports: time until all servers are ready; median and slowest
time from "start my server" to a usable lesson (lesson code run); memory per learner
(server plus kernel, RSS, median); submissions written vs expected; answers visible across
learners (each learner's widget sees only their own attempts); and the dashboard's refresh
time (its data, class_view, median of 5, cold and warm), also for a room of N x every
exercise. Everything it started is stopped by pid at the end, and every account the hub
made (its id in the account names) is removed with its processes, also when learners fail.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

import psutil
import requests
import websocket

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "hub"))
sys.path.insert(0, str(REPO / "tests" / "classroom"))
sys.path.insert(0, str(REPO / "tests" / "browser"))

from hub_server import (  # noqa: E402
    remove_hub_accounts,
    run_in_kernel,
    sign_in_form,
    start_hub,
    stop_hub,
    throwaway_state,
    wait_for_server,
)

from toolkit.classroom.dashboard.class_view import ClassGrader, class_view  # noqa: E402
from toolkit.course.exercises.bank import load_bank  # noqa: E402

LESSON = REPO / "notebooks" / "02_what_is_97530.ipynb"
PASSWORD = "bench-secret-1"
EXERCISES = ("ex01_tidy_visit", "ex02_unsigned_note", "ex03_totals_missing")
SUBMIT = """
from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.grading import key_answers
from toolkit.course.exercises.attempts import find_learner_data
from toolkit.widgets.exercise import ExerciseWidget
bank = load_bank()
for exercise_id in {exercises!r}:
    widget = ExerciseWidget(find_learner_data(exercise_id))
    ex = bank[exercise_id]
    for problem in ex.problems:
        widget.problem_boxes[problem].value = True
    claim = ex.correct_claims[0]
    for code in ex.codes:
        widget.units[code].value = str(claim.units.get(code, 0))
        widget.mods[code].value = ", ".join(claim.modifiers.get(code, ()))
    widget.decision.value = ex.decision
    widget.submit()
    assert widget.last_path is not None, widget.status.value
print("SUBMITTED")
"""
SEEN = """
from toolkit.course.exercises.submission import attempt_files
from toolkit.course.exercises.submission import submissions_dir
from toolkit.settings import hub_learner
import json
print("SEEN", json.dumps({{e: len(attempt_files(hub_learner(), e)) for e in {exercises!r}}}),
      str(submissions_dir()))
"""


def lesson_code() -> str:
    cells = json.loads(LESSON.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def learner_memory(name: str) -> int:
    """RSS of every process whose environment says it serves this learner (server + kernel)."""
    total = 0
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.environ().get("JUPYTERHUB_USER") == name:
                total += proc.memory_info().rss
        except (psutil.Error, OSError):
            continue
    return total


def refresh_times(class_dir: Path, bank, repeat: int = 5) -> tuple[float, float]:
    grader = ClassGrader(class_dir, bank)
    cold, warm = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        class_view(class_dir, ClassGrader(class_dir, bank))
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        class_view(class_dir, grader)
        warm.append(time.perf_counter() - start)
    return statistics.median(cold), statistics.median(warm)


def learner(hub, name: str, results: dict, lesson: str, delay: float) -> None:
    """One person: the login form (first use: their password is set), then the spawn page's
    wait until the server is ready, then a lesson's code and three exercises' submits."""
    row = results[name] = {}
    time.sleep(delay)
    start = time.perf_counter()
    try:
        sign_in_form(hub, name, PASSWORD, 900, next_path=None)[0].raise_for_status()
        while True:
            server = hub.api(f"/users/{name}")["servers"].get("")
            if server and server.get("ready"):
                break
            if not server:  # the hub gave up on it (its log says why)
                raise RuntimeError("the hub reports no server: its start failed")
            time.sleep(0.5)
        row["ready"] = time.perf_counter() - start
        token = hub.api(f"/users/{name}/tokens", "POST", {"note": "bench", "expires_in": 3600})[
            "token"
        ]
        row["token"] = token

        def after(step: int) -> None:
            if step == 0:  # the lesson's code has run: the lesson is usable
                row["usable"] = time.perf_counter() - start
            else:  # after the submits, with the kernel still running
                row["memory"] = learner_memory(name)

        for attempt in (1, 2):  # a browser reconnects when a kernel's socket drops; so do we
            try:
                outputs = run_in_kernel(
                    hub, name, token, [lesson, SUBMIT.format(exercises=EXERCISES)], after
                )
                break
            except websocket.WebSocketException as dropped:
                row["retried"] = f"{type(dropped).__name__}: {dropped}"[:200]
                if attempt == 2:
                    raise
        row["submit"] = "SUBMITTED" in outputs[1]
    except Exception as problem:  # reported, not raised: the other learners go on
        row["error"] = f"{type(problem).__name__}: {problem}"[:300]


class Latency(threading.Thread):
    """How long the hub's login page and its REST API take to answer, every half second,
    while the room signs in (a learner arriving late meets these)."""

    def __init__(self, hub):
        super().__init__(daemon=True)
        self.hub, self.stop, self.times = hub, threading.Event(), {"login": [], "api": []}

    def run(self):
        while not self.stop.is_set():
            for what, ask in (
                ("login", lambda: requests.get(f"{self.hub.url}/hub/login", timeout=120)),
                ("api", lambda: self.hub.api("/users/bench-learner-01")),
            ):
                start = time.perf_counter()
                try:
                    ask()
                    self.times[what].append(time.perf_counter() - start)
                except Exception:  # noqa: BLE001 - a failed answer counts as slow as it was
                    self.times[what].append(time.perf_counter() - start)
            time.sleep(0.5)

    def report(self) -> str:
        lines = []
        for what, times in self.times.items():
            if times:
                p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
                lines.append(
                    f"hub {what} answered in: median {statistics.median(times):.2f} s, "
                    f"p95 {p95:.2f} s, worst {max(times):.2f} s ({len(times)} asked)"
                )
        return "\n".join(lines)


def room_prepared(hub, names: list[str], timeout: float = 600) -> None:
    """Wait until the hub's start-up has made every learner's course copy (the room is ready
    before it arrives, as a workshop's class list makes it)."""
    deadline = time.monotonic() + timeout
    lesson = Path("notebooks") / "01_start_here.ipynb"
    while not all((hub.state / "homes" / n / lesson).is_file() for n in names):
        if time.monotonic() > deadline:
            raise TimeoutError("the room was not prepared in time")
        time.sleep(0.5)


def sign_in_to_lesson_1(repeats: int, verbose: bool = False) -> int:
    """[issue 22] One learner at a time signs in through the login form in Chromium, their
    account, course copy and server prepared ahead (as the hub does from a class list); the time from pressing "Sign in" until lesson 1
    is usable (the course extension has run it: widgets drawn, a kernel behind them), with
    where it went: the address reaching their JupyterLab, the lesson's first cell drawn."""
    from playwright.sync_api import sync_playwright
    from servers import CHROMIUM, CHROMIUM_ARGS

    names = [f"bench-first-{n:02d}" for n in range(1, repeats + 1)]
    state = throwaway_state()
    (state / "class-list.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    hub = start_hub(
        state, extra_env={"CPT97530_CLASS_LIST": str(state / "class-list.txt")}, timeout=300
    )
    rows = []
    try:
        room_prepared(hub, names)
        if os.environ.get("CPT97530_PRESTART") != "0":
            for name in names:  # started ahead by the hub (CPT97530_PRESTART, the default)
                wait_for_server(hub, name)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for name in names:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"{hub.url}/hub/login")
                page.fill("#username_input", name)
                page.fill("#password_input", PASSWORD)
                went: list[tuple[float, str]] = []
                page.on(
                    "framenavigated",
                    lambda f, page=page, went=went: (
                        f == page.main_frame
                        and went.append((time.perf_counter(), f.url.split("?")[0]))
                    ),
                )
                start = time.perf_counter()
                page.click("#login_submit")
                page.wait_for_url(f"**/user/{name}/lab/**", timeout=300_000)
                lab = time.perf_counter() - start
                page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=300_000)
                drawn = time.perf_counter() - start
                page.locator(".jp-NotebookPanel[data-cpt-run='done']").wait_for(timeout=300_000)
                usable = time.perf_counter() - start
                rows.append((lab, drawn, usable))
                if verbose:
                    for at, url in went:
                        print(f"    {at - start:5.1f} s  {url.replace(hub.url, '')}")
                print(
                    f"{name}: in their JupyterLab {lab:.1f} s, lesson 1 drawn {drawn:.1f} s, "
                    f"usable {usable:.1f} s"
                )
                context.close()
            browser.close()
        if verbose:
            print("\n".join(ln for ln in hub.log.read_text().splitlines() if "to start" in ln))
        med = [statistics.median(r[i] for r in rows) for i in range(3)]
        print(
            f"sign-in -> lesson 1 usable, median of {len(rows)}: {med[2]:.1f} s "
            f"(JupyterLab reached {med[0]:.1f} s, lesson drawn {med[1]:.1f} s); "
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        return 0
    finally:
        stop_hub(hub)
        shutil.rmtree(state, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10)
    parser.add_argument("--spacing", type=float, default=0.1, help="seconds between arrivals")
    parser.add_argument(
        "--sign-in",
        type=int,
        metavar="REPEATS",
        help="instead: one learner at a time in Chromium, sign-in -> lesson 1 usable",
    )
    parser.add_argument("--verbose", action="store_true", help="--sign-in: where the time went")
    args = parser.parse_args()
    if args.sign_in:
        return sign_in_to_lesson_1(args.sign_in, args.verbose)
    names = [f"bench-learner-{n:02d}" for n in range(1, args.learners + 1)]
    bank = load_bank()
    state = throwaway_state()
    (state / "class-list.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    # A class list, as a workshop has: the hub prepares the room from it as it starts.
    hub = start_hub(
        state, extra_env={"CPT97530_CLASS_LIST": str(state / "class-list.txt")}, timeout=300
    )
    latency = Latency(hub)
    try:
        results: dict[str, dict] = {}
        lesson = lesson_code()
        start = time.perf_counter()
        latency.start()
        threads = [
            threading.Thread(target=learner, args=(hub, n, results, lesson, i * args.spacing))
            for i, n in enumerate(names)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        latency.stop.set()
        errors = {n: r["error"] for n, r in results.items() if "error" in r}
        ready = [r["ready"] for r in results.values() if "ready" in r]
        usable = [r["usable"] for r in results.values() if "usable" in r]
        # What each learner's own widget sees: only their own attempts, in their own folder.
        crossed = 0
        for name in names:
            if "token" not in results[name]:
                continue
            seen = run_in_kernel(
                hub, name, results[name]["token"], [SEEN.format(exercises=EXERCISES)]
            )[0]
            counts = json.loads(seen.split("SEEN ", 1)[1].rsplit(" ", 1)[0])
            own = hub.class_dir / "submissions" / name
            crossed += sum(
                max(0, c - len(list(own.glob(f"*__{e}__*.json")))) for e, c in counts.items()
            )
            crossed += f"/submissions/{name}" not in seen  # their widget files elsewhere
        written = list((hub.class_dir / "submissions").glob("*/*.json"))
        foreign = sum(1 for p in written if json.loads(p.read_text())["learner"] != p.parent.name)
        cold, warm = refresh_times(hub.class_dir, bank)
        big = Path(throwaway_state()) / "class"
        from synthetic_room import make_room

        make_room(big, bank, learners=args.learners)
        big_cold, big_warm = refresh_times(big, bank)
        accounts = (
            "separate machine accounts"
            if "one machine account each" in hub.log.read_text()
            else "one shared machine account (separate homes)"
        )
        print(
            f"learners: {args.learners}, arriving {args.spacing} s apart through the login form "
            f"(servers run as {accounts}; {os.cpu_count()} cores)"
        )
        print(latency.report())
        print(
            f"all servers ready: {max(ready):.1f} s"
            if len(ready) == len(names)
            else f"servers ready: {len(ready)} of {len(names)}"
        )
        if usable:
            print(
                f"time to a usable lesson: median {statistics.median(usable):.1f} s, "
                f"slowest {max(usable):.1f} s  (whole run {wall:.1f} s)"
            )
        mem = sorted(r["memory"] for r in results.values() if "memory" in r)
        if mem:
            print(
                f"memory per learner (server + kernel RSS, kernel running): median "
                f"{statistics.median(mem) / 2**20:.0f} MB, largest {mem[-1] / 2**20:.0f} MB"
            )
        print(
            f"submissions written: {len(written)} of {len(names) * len(EXERCISES)} expected; "
            f"naming another learner: {foreign}"
        )
        print(
            f"answers visible across learners (attempts a learner's widget sees that are not theirs): {crossed}"
        )
        print(
            f"dashboard refresh (class_view) with this room: cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms"
        )
        print(
            f"dashboard refresh with {args.learners} learners x {len(bank)} exercises "
            f"({len(list(big.glob('submissions/*/*.json')))} files): cold {big_cold * 1000:.0f} ms, "
            f"warm {big_warm * 1000:.0f} ms"
        )
        for name, error in sorted(errors.items()):
            print(f"  {name}: {error}")
        retried = {n: r["retried"] for n, r in results.items() if "retried" in r}
        print(f"kernel connections retried (a kernel slow to answer under load): {len(retried)}")
        for name, why in sorted(retried.items()):
            print(f"  {name}: {why}")
        return 0
    finally:
        latency.stop.set()
        stop_hub(hub)  # also ends and removes every account this hub made
        left = remove_hub_accounts(hub.state)
        if left:
            print(f"accounts still there after the hub stopped, now removed: {len(left)}")
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
