"""Concurrency figures for the learner store (`toolkit.course.learner_store`): answers kept / written.

    .venv/bin/python scripts/bench_learner_store.py [--rounds 5]

Runs real processes against a throw-away home: 2 kernels x 500 answers, 30 kernels saving at
the same instant, and a writer killed with SIGKILL mid-save (every answer whose save returned
must still be there). Prints the counts and the median time of one save. The tests in
tests/test_learner_store.py run the same scenarios (this file's functions) and assert that
nothing is lost; figures are printed here, never asserted on timing.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSON = "04_time_and_units"


def _env(home: Path) -> dict:
    return dict(os.environ, CPT97530_HOME=str(home), PYTHONPATH=str(ROOT))


def start(home: Path, mode: str, name: str, count: int, go: Path) -> subprocess.Popen:
    """A worker process (one 'kernel') that waits for `go` to exist, then works."""
    return subprocess.Popen(
        [sys.executable, __file__, "worker", mode, name, str(count), str(go)],
        env=_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_together(home: Path, workers: list[tuple[str, str, int]]) -> list[tuple[int, str, str]]:
    """Start every worker, release them at the same instant, wait; (exit code, out, err) each."""
    go = home.parent / f"{home.name}.go"
    go.unlink(missing_ok=True)
    procs = [start(home, mode, name, count, go) for mode, name, count in workers]
    for proc in procs:  # each says "ready" once imported: then all start together
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, out, err))
    return results


def kept_answers(home: Path) -> set[str]:
    """Item ids saved in lesson LESSON, read by a fresh process (as a new kernel would)."""
    code = (
        "import json; from toolkit.course import learner_store as s; "
        f"print(json.dumps(sorted(s.snapshot()['lessons'].get({LESSON!r}, {{}})"
        ".get('answers', {}))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(run.stdout))


def writers(home: Path, processes: int, each: int) -> tuple[int, int]:
    """`processes` kernels each recording `each` answers at once: (kept, written)."""
    results = run_together(home, [("answers", f"k{p}", each) for p in range(processes)])
    failed = [err for code, _out, err in results if code != 0]
    assert not failed, failed[0][-2000:]
    written = {line for _c, out, _e in results for line in out.split()}
    return len(written & kept_answers(home)), len(written)


def killed_writer(home: Path, after: int, name: str = "kill") -> tuple[int, int]:
    """A writer in an endless save loop, killed with SIGKILL after `after` saves returned:
    (answers kept among those whose save returned, saves that returned)."""
    go = home.parent / f"{home.name}.go"
    go.touch()
    proc = start(home, "forever", name, 0, go)
    assert proc.stdout.readline().strip() == "ready"
    confirmed = []
    while len(confirmed) < after:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        confirmed.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    rest, _err = proc.communicate(timeout=30)
    confirmed += rest.split()  # printed after their save returned, before the kill
    return len(set(confirmed) & kept_answers(home)), len(confirmed)


def _worker(mode: str, name: str, count: int, go: Path) -> int:
    from toolkit.course import learner_store as store

    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            return 4
        time.sleep(0.001)
    try:
        if mode == "open":  # a kernel starting a lesson: read, take the notice, save one answer
            notice = store.take_notice()
            store.record_answer(LESSON, item_id=name, answer="opened", correct=True)
            print(
                json.dumps(
                    {
                        "notice": notice,
                        "answers": sorted(
                            store.snapshot()["lessons"].get(LESSON, {}).get("answers", {})
                        ),
                    }
                ),
                flush=True,
            )
            return 0
        i = 0
        while mode == "forever" or i < count:
            item = f"{name}-{i}"
            store.record_answer(LESSON, item_id=item, answer=i, correct=i % 2 == 0)
            print(item, flush=True)  # only after the save returned
            i += 1
    except store.ProgressNotSaved as problem:
        print(f"not saved: {problem}", file=sys.stderr)
        return 3
    return 0


def _median_save_ms(home: Path, saves: int = 300) -> float:
    code = (
        "import time, statistics; from toolkit.course import learner_store as s\n"
        "t=[]\n"
        f"for i in range({saves}):\n"
        "    a=time.perf_counter(); s.record_answer('bench', item_id=f'q{i}', answer='A', correct=True)\n"
        "    t.append(time.perf_counter()-a)\n"
        "print(statistics.median(t)*1000)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return float(run.stdout)


def main(argv: list[str]) -> int:
    if argv[:1] == ["worker"]:
        return _worker(argv[1], argv[2], int(argv[3]), Path(argv[4]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="kill -9 rounds (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        kept, written = writers(base / "two", 2, 500)
        print(f"2 processes x 500 record_answer: {kept} of {written} answers kept")
        kept, written = writers(base / "thirty", 30, 20)
        print(f"30 processes x 20 record_answer at once: {kept} of {written} answers kept")
        total_kept = total = 0
        for n in range(args.rounds):
            kept, written = killed_writer(base / "killed", 50 + 37 * n, f"r{n}")
            total_kept, total = total_kept + kept, total + written
        print(
            f"kill -9 mid-save, {args.rounds} rounds: {total_kept} of {total} returned saves kept"
        )
        print(f"one save (median of 300, one process): {_median_save_ms(base / 'time'):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
