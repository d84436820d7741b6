"""Benchmark: 30 learners submitting at once to the grading service on a real hub.

Starts a hub exactly as `make hub` does (tests/hub/hub_server.py: free loopback ports, a
throw-away state folder, its own grading account, all removed afterwards), signs up 30
learners, gives each their own hub token (as their server's JUPYTERHUB_API_TOKEN would be),
then all 30 submit an exercise at the same moment, ROUNDS times. Reports the median and p95
latency of a submit (sent -> graded, stored and answered) and how many attempts were lost
(sent and answered 200, but not in the records). Not a test: run it, read the figures.

    .venv/bin/python scripts/bench_grading_service.py [--learners 30] [--rounds 5] [--postgres]
    (needs root, like `make hub`; CPT97530_GRADING_DB=postgresql+psycopg://... to bench that)
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
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "hub"))

from hub_server import free_port, start_hub, stop_hub, throwaway_state  # noqa: E402

from toolkit.course.exercises.bank import load_bank  # noqa: E402
from toolkit.course.exercises.grading import key_answers  # noqa: E402
from toolkit.course.exercises.records import Records, sqlite_url  # noqa: E402
from toolkit.settings import solutions_dir  # noqa: E402

EXERCISE = "ex02_unsigned_note"


def service_cpu_seconds(account: str) -> float:
    """CPU time (user + system) used so far by the grading service's processes: the figure
    to read when the machine is loaded and wall times are noisy."""
    import os
    import pwd

    from toolkit.classroom.accounts import processes_of

    total = 0
    for pid in processes_of(pwd.getpwnam(account).pw_uid):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="records in a throw-away PostgreSQL (Debian's, started and stopped here)",
    )
    args = parser.parse_args()
    postgres = None
    if args.postgres:
        sys.path.insert(0, str(REPO / "tests"))
        from postgres_server import start_postgres

        postgres = start_postgres()
    answers = key_answers(load_bank(solutions_dir())[EXERCISE]).as_dict()
    state = throwaway_state()
    port = free_port()
    extra = {"CPT97530_GRADING_PORT": str(port)}
    if postgres is not None:
        extra["CPT97530_GRADING_DB"] = postgres.new_database()
    hub = start_hub(state, instructors="Ina Teach", timeout=180, extra_env=extra)
    try:
        names = [f"bench-learner-{i:02d}" for i in range(args.learners)]
        hub.api("/users", "POST", {"usernames": names})
        tokens = {
            n: hub.api(f"/users/{n}/tokens", "POST", {"note": "bench", "expires_in": 3600})["token"]
            for n in names
        }
        # Where a learner's server sends answers (CPT97530_GRADING_URL): the service itself.
        url = f"http://127.0.0.1:{port}/services/cpt97530-grading/api/attempts"
        # Warm-up: each token checked once with the hub (the service caches the answer, as
        # it does after a learner's first submit of the day).
        times, failures, lock = [], [], threading.Lock()

        def submit(name: str, request: str, start: threading.Barrier | None) -> None:
            body = json.dumps({"exercise": EXERCISE, "answers": answers, "request": request})
            req = urllib.request.Request(
                url,
                data=body.encode(),
                method="POST",
                headers={
                    "Authorization": f"token {tokens[name]}",
                    "Content-Type": "application/json",
                },
            )
            if start is not None:
                start.wait()
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=60) as answer:
                    answer.read()
                    ok = answer.status == 200
            except (urllib.error.URLError, OSError) as error:
                ok = False
                with lock:
                    failures.append(f"{name}: {error}")
            took = time.perf_counter() - began
            if ok and start is not None:
                with lock:
                    times.append(took)

        for n in names:
            submit(n, f"warmup-{n}".ljust(20, "x")[:64], None)
        grader = hub.grader or os.environ.get("CPT97530_GRADING_ACCOUNT", "cpt97530-grader")
        cpu_before, bench_before = service_cpu_seconds(grader), time.process_time()
        for round_number in range(args.rounds):
            barrier = threading.Barrier(len(names))
            threads = [
                threading.Thread(
                    target=submit, args=(n, f"r{round_number}-{n}".ljust(20, "x"), barrier)
                )
                for n in names
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        sent = args.rounds * len(names)
        cpu_per_submit = (service_cpu_seconds(grader) - cpu_before) / sent
        bench_per_submit = (time.process_time() - bench_before) / sent
        records = (
            Records(extra["CPT97530_GRADING_DB"])
            if postgres is not None
            else Records(sqlite_url(hub.state / "grading" / "records.sqlite"), read_only=True)
        )
        stored = len(records.all_attempts()) - len(names)  # less the warm-up attempts
        records.close()
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)] if times else float("nan")
        print(f"records: {'PostgreSQL' if postgres is not None else 'SQLite'}")
        print(
            f"{len(names)} learners x {args.rounds} rounds at once: {sent} submits, "
            f"{len(times)} answered 200, {len(failures)} failed"
        )
        print(
            f"latency per submit: median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )
        print(
            f"CPU per submit: grading service {cpu_per_submit * 1000:.1f} ms, "
            f"this bench's own 30 senders {bench_per_submit * 1000:.1f} ms"
        )
        print(f"lost (answered 200 but not recorded): {len(times) - stored}")
        for line in failures[:5]:
            print("failed:", line)
    finally:
        stop_hub(hub)
        shutil.rmtree(state, ignore_errors=True)
        if postgres is not None:
            from postgres_server import stop_postgres

            stop_postgres(postgres)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
