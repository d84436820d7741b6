"""Write a synthetic visit log (no real patients):
`python scripts/make_visit_log.py OUT [LINES] [--all-wrong]`.

Each visit has 1-4 distinct timed codes of 1-45 minutes, billed mostly right; a few lines
carry the mistakes the audit looks for (wrong units, missing GP, CQ without GP). With
--all-wrong every line has a finding: the modifiers column is there but blank (each line
lacks its GP) and every line bills at least 1 unit, on top of the usual mistakes. The output format follows the extension:
.csv, .xlsx or .parquet. Large CSV files are written in pieces (memory stays flat).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

TIMED = np.array(["97530", "97110", "97112", "97140", "97116", "97535", "97035", "97032"])


def synthetic_visit_log(
    n_lines: int = 1_000_000,
    seed: int = 97530,
    mistakes: float = 0.03,
    all_wrong: bool = False,
    first_visit: int = 0,
) -> pd.DataFrame:
    """About n_lines lines, 2.5 lines a visit on average (1-4 distinct timed codes).
    `all_wrong`: every line without its therapy modifier, so each has a finding."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 5, size=n_lines // 2 + 8)
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), n_lines) + 1]
    sizes[-1] -= sizes.sum() - n_lines  # exactly n_lines lines
    visit = np.repeat(np.arange(len(sizes)), sizes)
    place = np.arange(n_lines) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    # distinct codes within a visit: a random rotation of the code list, stepped by place
    start = rng.integers(0, len(TIMED), size=len(sizes))[visit]
    code = TIMED[(start + place) % len(TIMED)]
    minutes = rng.integers(1, 46, size=n_lines)
    dates = pd.date_range("2026-01-02", periods=250, freq="B").strftime("%Y-%m-%d").to_numpy()
    day = dates[rng.integers(0, len(dates), size=len(sizes))][visit]
    pta = (rng.random(len(sizes)) < 0.2)[visit]
    billed = _billed(visit, minutes)
    modifiers = np.where(pta, "GP CQ", "GP").astype(object)
    wrong = rng.random(n_lines) < mistakes
    kind = rng.integers(0, 3, size=n_lines)
    billed = np.where(wrong & (kind == 0), billed + 1, billed)
    modifiers[wrong & (kind == 1)] = ""
    modifiers[wrong & (kind == 2) & pta] = "CQ"
    if all_wrong:  # no line has its GP, and every line is billed (a 0-unit line is not checked)
        modifiers[:] = ""
        billed = np.maximum(billed, 1)
    return pd.DataFrame(
        {
            "visit_id": np.char.add("V", (visit + first_visit).astype(str)),
            "date": day,
            "code": code,
            "minutes": minutes,
            "billed_units": billed,
            "modifiers": modifiers,
            "furnished_by": np.where(pta, "PTA", "PT"),
            "payer": "medicare",
        }
    )


def _billed(visit: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """Correct CMS units (all codes timed), via the toolkit's own vectorized allocation."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from toolkit.audit.units import units_by_visit

    return units_by_visit(visit, minutes, np.ones(len(visit), bool), "cms").units


def write_large_csv(
    path: str | Path, n_lines: int, all_wrong: bool = False, piece: int = 1_000_000
) -> Path:
    """A CSV of n_lines lines written a million at a time, visits numbered on across pieces."""
    path, first_visit, written = Path(path), 0, 0
    with open(path, "w", newline="") as handle:
        while written < n_lines:
            size = min(piece, n_lines - written)
            table = synthetic_visit_log(
                size, seed=97530 + written, all_wrong=all_wrong, first_visit=first_visit
            )
            table.to_csv(handle, index=False, header=written == 0)
            first_visit = int(table["visit_id"].str[1:].astype(int).max()) + 1
            written += size
    return path


def write_visit_log(table: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table.to_csv(path, index=False)
    elif suffix == ".xlsx":
        table.to_excel(path, index=False)
    elif suffix == ".parquet":
        table.to_parquet(path, index=False)
    else:
        raise SystemExit(f"write .csv, .xlsx or .parquet; got {path.name}")
    return path


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--all-wrong"]
    wrong = "--all-wrong" in sys.argv
    if not args:
        raise SystemExit(__doc__)
    lines = int(args[1]) if len(args) > 1 else 1_000_000
    if args[0].lower().endswith(".csv") and lines > 1_000_000:
        out = write_large_csv(args[0], lines, wrong)
    else:
        out = write_visit_log(synthetic_visit_log(lines, all_wrong=wrong), args[0])
    print(f"wrote {lines} lines to {out}")
