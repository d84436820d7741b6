"""Benchmark the rules engine and the CLI start-up. Reports medians; not a test.

.venv/bin/python scripts/bench_units.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import timeit
from pathlib import Path

BIN = Path(sys.executable).parent


def median_us_bill_units() -> float:
    from toolkit.rules.units import bill_units

    visit = {"97530": 38, "97110": 10, "97140": 12, "97116": 9}
    bill_units(visit)
    runs = timeit.repeat(lambda: bill_units(visit), number=2000, repeat=15)
    return statistics.median(runs) / 2000 * 1e6


def median_ms_process(args: list[str], repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = timeit.default_timer()
        subprocess.run(args, check=True, capture_output=True)
        times.append(timeit.default_timer() - start)
    return statistics.median(times) * 1000


def main() -> None:
    python = sys.executable
    bare = median_ms_process([python, "-c", "pass"])
    with_toolkit = median_ms_process(
        [python, "-c", "import toolkit, toolkit.rules.units, toolkit.rules.claims"]
    )
    heavy = subprocess.run(
        [
            python,
            "-c",
            "import sys, toolkit, toolkit.rules.units, toolkit.rules.claims;"
            "print([m for m in ('ipywidgets','jupyter_client','pandas') if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    cli = median_ms_process(
        [str(BIN / "cpt97530"), "units", "97530=38", "97110=10", "--method", "cms"]
    )
    print(f"bill_units, 4-code visit: median {median_us_bill_units():.1f} µs   (target < 20 µs)")
    print(
        f"import toolkit (+units, claims): median {with_toolkit - bare:.0f} ms over a bare "
        f"interpreter ({with_toolkit:.0f} ms in all; bare {bare:.0f} ms)   (target < 150 ms)"
    )
    print(f"  heavy modules imported by it: {heavy}   (must be [])")
    print(
        f"cpt97530 units 97530=38 97110=10, start to exit: median {cli:.0f} ms   (target < 300 ms)"
    )


if __name__ == "__main__":
    main()
