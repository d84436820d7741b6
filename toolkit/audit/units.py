"""Expected units for every visit of a log at once: the rules of `toolkit.rules.units`, on arrays.

The input is one entry per code per visit, grouped by visit (entries of a visit next to each
other, in the order they were listed). No loop over visits: each step is a numpy operation
over the whole table. The answer is the one `bill_units` gives visit by visit, ties broken
the same way (most leftover minutes, then most minutes, then the order listed); the tests
check that on random logs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from toolkit.rules.units import units_for_minutes

UNIT = 15  # minutes in a unit
PAIRWISE_LIMIT = (
    12  # visits up to this many codes are ranked by pairwise comparison, else by sorting
)


@dataclass(frozen=True)
class VisitUnits:
    """Per entry: `units`, `full` (full 15-minute units), `tied` (one side of a CMS tie),
    `rank` (place in the queue for leftover units); per visit: `timed_minutes`, `day_units`
    (timed units: the CMS table, or the per-code sum for AMA)."""

    units: np.ndarray
    full: np.ndarray
    tied: np.ndarray
    rank: np.ndarray
    timed_minutes: np.ndarray
    day_units: np.ndarray


def units_for_minutes_array(minutes: np.ndarray) -> np.ndarray:
    """`toolkit.rules.units.units_for_minutes` on an array of whole minutes (0-1440 each,
    checked by the reader): 8-22 -> 1, 23-37 -> 2, ... (tests/audit/test_audit_units.py)."""
    return (np.asarray(minutes, dtype=np.int64) + 7) // UNIT  # 0-7 minutes give 0


def group_starts(visit: np.ndarray) -> np.ndarray:
    """Index of the first entry of each visit (entries grouped, visits numbered 0, 1, ...)."""
    if len(visit) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, visit[1:] != visit[:-1]])


def units_by_visit(
    visit: np.ndarray, minutes: np.ndarray, timed: np.ndarray, method: str = "cms"
) -> VisitUnits:
    """Units per entry for entries grouped by visit; `visit` numbers the visits 0..n-1 in order."""
    minutes = minutes.astype(np.int64, copy=False)
    timed_minutes_each = np.where(timed, minutes, 0)
    starts = group_starts(visit)
    total = np.add.reduceat(timed_minutes_each, starts) if len(starts) else np.zeros(0, np.int64)
    if method == "ama":
        units = units_for_minutes_array(timed_minutes_each)
        full = timed_minutes_each // UNIT
        tied = np.zeros(len(visit), dtype=bool)
        rank = np.zeros(len(visit), dtype=np.int64)
    else:
        units, full, tied, rank = _cms_units(visit, timed_minutes_each, total, starts)
    units = np.where(timed, units, 1)  # untimed codes: 1 unit for the day, however long
    day = np.add.reduceat(np.where(timed, units, 0), starts) if len(starts) else total
    return VisitUnits(
        units=units, full=full, tied=tied & timed, rank=rank, timed_minutes=total, day_units=day
    )


def _cms_units(visit, minutes, total, starts):
    day_units = units_for_minutes_array(total)
    full = minutes // UNIT
    leftover = minutes % UNIT
    left = day_units - np.add.reduceat(full, starts)  # units still to place, per visit
    candidate = leftover > 0
    # Priority: more leftover, then more minutes (leftover 0-14 and minutes 0-1440 fit in one int).
    priority = np.where(candidate, leftover * 2048 + minutes, -1)
    rank = leftover_rank(visit, priority, starts)
    left_here = left[visit]
    extra = candidate & (rank < left_here)
    tied = _tied_at_cut(visit, leftover, candidate, rank, left, left_here)
    return full + extra, full, tied, rank


def leftover_rank(visit: np.ndarray, priority: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Place of each entry in its visit's queue: higher priority first, then the order listed."""
    sizes = np.diff(np.r_[starts, len(visit)])
    if len(sizes) and sizes.max() <= PAIRWISE_LIMIT:
        return _rank_pairwise(visit, priority, int(sizes.max()))
    return _rank_by_sorting(visit, priority, starts)


def _rank_pairwise(visit, priority, largest):
    """Count, for each entry, the entries of its visit that go before it (few codes a visit)."""
    rank = np.zeros(len(visit), dtype=np.int64)
    for gap in range(1, largest):
        same = visit[gap:] == visit[:-gap]
        earlier, later = priority[:-gap], priority[gap:]
        rank[:-gap] += same & (later > earlier)  # a later entry goes first only if strictly higher
        rank[gap:] += same & (earlier >= later)  # an earlier entry goes first on a tie
    return rank


def _rank_by_sorting(visit, priority, starts):
    order = np.lexsort((np.arange(len(visit)), -priority, visit))
    rank = np.empty(len(visit), dtype=np.int64)
    rank[order] = np.arange(len(visit)) - np.repeat(starts, np.diff(np.r_[starts, len(visit)]))
    return rank


def _tied_at_cut(visit, leftover, candidate, rank, left, left_here):
    """Entries sharing the leftover minutes at the cut between the last unit given and the next.

    `left` per visit, `left_here` the same per entry. As `toolkit.rules.units._tie_at_cutoff`:
    CMS lets the clinician give the unit to either side."""
    cut = np.full(len(left), -1, dtype=np.int64)
    after = np.full(len(left), -2, dtype=np.int64)
    at_cut = candidate & (rank == left_here - 1)
    next_one = candidate & (rank == left_here)
    cut[visit[at_cut]] = leftover[at_cut]
    after[visit[next_one]] = leftover[next_one]
    tie = (left > 0) & (cut == after)
    return candidate & tie[visit] & (leftover == cut[visit])


def units_by_visit_loop(
    visits: list[list[tuple[int, bool]]], method: str = "cms"
) -> list[list[int]]:
    """A lean pure-Python loop over visits, for the benchmark's comparison only."""
    out = []
    for entries in visits:
        total = sum(m for m, t in entries if t)
        if method == "ama":
            out.append([units_for_minutes(m) if t else 1 for m, t in entries])
            continue
        units = [m // 15 if t else 1 for m, t in entries]
        left = units_for_minutes(total) - sum(u for u, (m, t) in zip(units, entries) if t)
        if left:
            queue = sorted(
                (i for i, (m, t) in enumerate(entries) if t and m % 15),
                key=lambda i: (-(entries[i][0] % 15), -entries[i][0], i),
            )
            for i in queue[:left]:
                units[i] += 1
        out.append(units)
    return out
