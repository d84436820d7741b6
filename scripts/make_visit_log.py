"""Write a synthetic visit log (no real patients): `python scripts/make_visit_log.py OUT [LINES]`.

Each visit has 1-4 distinct timed codes of 1-45 minutes, billed mostly right; a few lines
carry the mistakes the audit looks for (wrong units, missing GP, CQ without GP). The output
format follows the extension: .csv, .xlsx or .parquet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

TIMED = np.array(["97530", "97110", "97112", "97140", "97116", "97535", "97035", "97032"])


def synthetic_visit_log(n_lines: int = 1_000_000, seed: int = 97530, mistakes: float = 0.03) -> pd.DataFrame:
    """About n_lines lines, 2.5 lines a visit on average (1-4 distinct timed codes)."""
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
    return pd.DataFrame({
        "visit_id": np.char.add("V", visit.astype(str)),
        "date": day,
        "code": code,
        "minutes": minutes,
        "billed_units": billed,
        "modifiers": modifiers,
        "furnished_by": np.where(pta, "PTA", "PT"),
        "payer": "medicare",
    })


def _billed(visit: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """Correct CMS units (all codes timed), via the toolkit's own vectorized allocation."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from toolkit.audit_units import units_by_visit

    return units_by_visit(visit, minutes, np.ones(len(visit), bool), "cms").units


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
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    out = write_visit_log(synthetic_visit_log(lines), sys.argv[1])
    print(f"wrote {lines} lines to {out}")
