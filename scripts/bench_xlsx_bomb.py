"""How fast `cpt97530 audit` refuses an .xlsx bomb (medians; not a test):
`python scripts/bench_xlsx_bomb.py [RUNS]`.

The bomb (tests/fixtures/hostile/make_inputs.py) is a ~2 MB workbook whose sheet unpacks to
3,000,000 rows (about 450 MB of XML). Timed: the whole command in a fresh process, wall time
and peak memory (VmHWM), for the sheet as Excel writes it (it declares its size) and with
no declared size (the rows are counted while unpacking, up to Excel's 1,048,576).
Before the row check, the same file took 3 min 42 s and 2.6 GB (issue 9).
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "make_inputs", ROOT / "tests" / "fixtures" / "hostile" / "make_inputs.py"
)
make_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_inputs)

# Runs the command in this process and prints its peak memory: the exit status must be 2.
PROBE = """
import sys
from toolkit.cli import main
status = main(["audit", sys.argv[1]])
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(status, int(peak) // 1024)
"""


def one_run(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    status, peak_mb = done.stdout.split()
    if status != "2" or "not made by Excel" not in done.stderr:
        raise SystemExit(f"not refused as expected: {done.stdout} {done.stderr}")
    return seconds, int(peak_mb)


def main(runs: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for label, declare in (("declares its size", True), ("no declared size", False)):
            bomb = make_inputs.xlsx_bomb(
                Path(folder) / f"bomb_{declare}.xlsx", 3_000_000, declare=declare
            )
            timings = [one_run(bomb) for _ in range(runs)]
            print(
                f"{bomb.stat().st_size / 1e6:.1f} MB .xlsx, 3,000,000 rows, {label}: refused in"
                f" {statistics.median(t for t, _ in timings):.2f} s median of {runs}"
                f" (peak {max(m for _, m in timings)} MB), whole command in a fresh process"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
