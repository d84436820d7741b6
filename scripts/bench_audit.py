"""Benchmark the visit-log audit (medians; not a test):
`python scripts/bench_audit.py [LINES] [--big BIG_LINES [--all-wrong]] [--quick] [--id-kinds]`.

Figures, on synthetic logs (scripts/make_visit_log.py: ~400,000 visits for 1,000,000 lines,
1-4 distinct timed codes a visit, 1-45 minutes):
- clean log (3% of lines with a mistake) and all-findings log (the modifiers column blank:
  every line has a finding): audit_visits wall and CPU time, medians;
- --big N: `cpt97530 audit FILE -o report.csv --max-rows N` on an N-line CSV (10,000,000 for
  the issue's figure): wall time and peak resident memory of the command (VmHWM);
--id-kinds: only the all-findings log with numeric visit ids, the id column as int, float,
text and Categorical (the audit reads each kind without a Python call per id);
--quick skips the units-step and whole-CLI figures of the clean log. Older figures:
- audit_visits on the whole table (as read from the CSV) and its peak memory, measured in a
  fresh subprocess (ru_maxrss of the whole process, and tracemalloc's peak inside the call);
- the units step alone (toolkit.audit.units.units_by_visit) in visits per second, against a
  lean pure-Python loop over visits in the same run;
- the whole command line, `cpt97530 audit FILE -o report.csv`, on the CSV file.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import numpy as np  # noqa: E402
from make_visit_log import synthetic_visit_log  # noqa: E402

from toolkit.audit.units import group_starts, units_by_visit, units_by_visit_loop  # noqa: E402
from toolkit.audit.visit_log import read_visit_log  # noqa: E402
from toolkit.audit.visits import audit_visits  # noqa: E402

# VmHWM (peak resident memory) from /proc: ru_maxrss would carry the parent's peak over the fork.
MEMORY_PROBE = """
import sys, tracemalloc
sys.path.insert(0, {root!r})
def peak_mb():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    return int(line.split()[1]) // 1024
from toolkit.audit.visits import audit_visits
from toolkit.audit.visit_log import read_visit_log
table = read_visit_log({path!r})
before = peak_mb()
tracemalloc.start()
result = audit_visits(table)
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(before, peak_mb(), peak // 2**20, result.n_findings)
"""


def median_time(run, repeat: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        run()
        times.append(clock() - start)
    return statistics.median(times)


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def all_findings_figures(n_lines: int, figures: dict) -> None:
    """A log where every line has a finding (blank modifiers: no GP on any line)."""
    log = synthetic_visit_log(n_lines, all_wrong=True)
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "all_findings.csv"
        log.to_csv(csv_path, index=False)
        table = read_visit_log(csv_path)
        result = audit_visits(table)
        figures["all-findings log: lines with a finding"] = result.counts()["lines with a finding"]
        figures["all-findings log: findings"] = result.n_findings
        figures["all-findings log: audit_visits s (median of 5)"] = median_time(
            lambda: audit_visits(table), 5
        )
        figures["all-findings log: audit_visits CPU s (median of 5)"] = median_time(
            lambda: audit_visits(table), 5, time.process_time
        )


def id_kind_figures(n_lines: int, figures: dict, repeat: int = 5) -> None:
    """The all-findings log with numeric visit ids, the id column as pandas reads a CSV of
    numbers (int), as a spreadsheet stores them (float), as text, and as categories."""
    log = synthetic_visit_log(n_lines, all_wrong=True)
    log["visit_id"] = log["visit_id"].str[1:]  # 1001, not V1001
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "numeric_ids.csv"
        log.to_csv(csv_path, index=False)
        table = read_visit_log(csv_path)
    numbers = table["visit_id"].astype("int64")
    kinds = {
        "text (as read)": table["visit_id"],
        "int": numbers,
        "float": numbers.astype("float64"),
        "object text": table["visit_id"].astype(object),
        "Categorical": table["visit_id"].astype("category"),
    }
    for kind, column in kinds.items():
        with_ids = table.assign(visit_id=column)
        name = f"all-findings log, visit_id {kind}: audit_visits"
        figures[f"{name} s (median of {repeat})"] = round(
            median_time(lambda t=with_ids: audit_visits(t), repeat), 2
        )
        figures[f"{name} CPU s (median of {repeat})"] = round(
            median_time(lambda t=with_ids: audit_visits(t), repeat, time.process_time), 2
        )


# The command line on a big file, its peak memory read from /proc when it ends.
CLI_PROBE = """
import sys
sys.argv = ["cpt97530"] + sys.argv[1:]
code = 0
try:
    from toolkit.cli import main
    code = main(sys.argv[1:])
finally:
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    print("PEAK_MB", int(line.split()[1]) // 1024, file=sys.stderr)
sys.exit(code)
"""


def big_file_figures(
    n_lines: int, figures: dict, path: str | None = None, all_wrong: bool = False
) -> None:
    from make_visit_log import write_large_csv

    with tempfile.TemporaryDirectory() as folder:
        csv_path = (
            Path(path) if path else write_large_csv(Path(folder) / "big.csv", n_lines, all_wrong)
        )
        report = Path(folder) / "report.csv"
        command = [
            sys.executable,
            "-c",
            CLI_PROBE,
            "audit",
            str(csv_path),
            "-o",
            str(report),
            "--max-rows",
            str(n_lines),
        ]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        peak = int(next(x for x in done.stderr.splitlines() if x.startswith("PEAK_MB")).split()[1])
        figures[f"{n_lines:,}-line CSV: CLI audit -o report.csv s"] = round(wall, 1)
        figures[f"{n_lines:,}-line CSV: CLI peak RSS, MB"] = peak
        figures[f"{n_lines:,}-line CSV: report lines"] = sum(1 for _ in open(report, "rb")) - 1
        figures[f"{n_lines:,}-line CSV: summary"] = done.stdout.splitlines()[1]


def main(n_lines: int = 1_000_000, quick: bool = False) -> dict[str, object]:
    figures: dict[str, object] = {
        "lines": n_lines,
        "cpus": os.cpu_count(),
        "load average at start": os.getloadavg()[0],
    }
    all_findings_figures(n_lines, figures)
    log = synthetic_visit_log(n_lines)
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "visit_log.csv"
        log.to_csv(csv_path, index=False)
        table = read_visit_log(csv_path)
        result = audit_visits(table)
        figures["visits"] = result.n_visits
        figures["findings"] = result.n_findings
        figures["read_visit_log (CSV) s"] = median_time(lambda: read_visit_log(csv_path), 3)
        figures["audit_visits s (median of 5)"] = median_time(lambda: audit_visits(table), 5)
        # CPU time is less disturbed than wall time when other work shares the 2 cores.
        figures["audit_visits CPU s (median of 5)"] = median_time(
            lambda: audit_visits(table), 5, time.process_time
        )

        probe = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE.format(root=str(ROOT), path=str(csv_path))],
            capture_output=True,
            text=True,
            check=True,
        )
        before, after, traced_peak, _ = (int(x) for x in probe.stdout.split())
        figures["peak RSS after reading the CSV, MB"] = before
        figures["peak RSS of the process reading + auditing, MB"] = after
        figures["tracemalloc peak inside audit_visits (numpy/pandas), MB"] = traced_peak
        if quick:
            figures["load average at end"] = os.getloadavg()[0]
            return figures

        _units_figures(log, figures)

        report = Path(folder) / "report.csv"
        command = [sys.executable, "-m", "toolkit", "audit", str(csv_path), "-o", str(report)]
        figures["CLI audit FILE -o report.csv s (median of 3)"] = median_time(
            lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT), 3
        )
        figures["CLI audit FILE -o report.csv CPU s (median of 3)"] = median_time(
            lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT),
            3,
            children_cpu,
        )
    figures["load average at end"] = os.getloadavg()[0]
    return figures


def _units_figures(log, figures) -> None:
    """The units step alone, vectorized and as a lean Python loop, on the same visits."""
    visit = np.unique(log["visit_id"].to_numpy(), return_inverse=True)[1]
    order = np.argsort(visit, kind="stable")
    visit, minutes = visit[order], log["minutes"].to_numpy()[order]
    visit = np.unique(visit, return_inverse=True)[1]  # 0..n-1 in grouped order
    timed = np.ones(len(visit), bool)
    n_visits = len(group_starts(visit))
    vector_s = median_time(lambda: units_by_visit(visit, minutes, timed, "cms"), 9)
    starts = np.r_[group_starts(visit), len(visit)]
    as_lists = [
        list(zip(minutes[a:b].tolist(), [True] * (b - a))) for a, b in zip(starts[:-1], starts[1:])
    ]
    loop_s = median_time(lambda: units_by_visit_loop(as_lists, "cms"), 3)
    vectorized = units_by_visit(visit, minutes, timed, "cms").units
    looped = np.array([u for units in units_by_visit_loop(as_lists, "cms") for u in units])
    assert (vectorized == looped).all(), "the two units implementations disagree"
    figures["units step: vectorized visits/s"] = round(n_visits / vector_s)
    figures["units step: pure-Python loop visits/s"] = round(n_visits / loop_s)
    figures["units step: speed-up vectorized / loop"] = round(loop_s / vector_s, 1)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("lines", nargs="?", type=int, default=1_000_000)
    parser.add_argument(
        "--big", type=int, default=0, help="also the CLI on a CSV of this many lines"
    )
    parser.add_argument(
        "--big-file", help="an existing CSV of --big lines (made by make_visit_log.py)"
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only-big", action="store_true")
    parser.add_argument(
        "--id-kinds", action="store_true", help="only the all-findings log by visit_id type"
    )
    parser.add_argument(
        "--all-wrong", action="store_true", help="--big: a log where every line has a finding"
    )
    options = parser.parse_args()
    if options.id_kinds:
        result = {"lines": options.lines, "load average at start": os.getloadavg()[0]}
        id_kind_figures(options.lines, result)
        result["load average at end"] = os.getloadavg()[0]
        print(json.dumps(result, indent=2))
        raise SystemExit(0)
    result = {} if options.only_big else main(options.lines, options.quick)
    if options.big:
        big_file_figures(options.big, result, options.big_file, options.all_wrong)
        result["load average at end (big)"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))
