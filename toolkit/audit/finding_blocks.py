"""Findings of one rule on many lines at once, and their texts stored once each.

Shared by the checks (`toolkit.audit.checks`), which make the blocks, and the audit
(`toolkit.audit.visits`), which turns them into tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class FindingBlock:
    """Findings of one rule and severity on many lines at once (positions in sheet order)."""

    rule_id: str
    severity: str
    positions: np.ndarray
    messages: list  # one text per position
    whole_visit: bool = False  # about the visit, not one line (check_claim's line None)


def coded_texts(keys: np.ndarray, texts: list[str]) -> pd.Categorical:
    """texts[key] for every key, as a Categorical: each distinct text is built and stored once.

    Why: a log where every line has a finding would otherwise build a million Python strings."""
    distinct = sorted(set(texts))  # two keys may give the same text: one category
    place = {text: k for k, text in enumerate(distinct)}
    remap = np.array([place[text] for text in texts], dtype=np.int64)
    keys = np.asarray(keys, dtype=np.int64)
    codes = remap[keys] if len(keys) else np.zeros(0, np.int64)
    return pd.Categorical.from_codes(codes, categories=pd.Index(distinct, dtype=object))


def small_unique(values: np.ndarray, bound: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True) for non-negative integers: without a sort when
    they are below a small bound (a table lookup is linear; a sort of a million is not)."""
    values = np.asarray(values, dtype=np.int64)
    if bound is None or bound > 4 * len(values) + 1024:
        used, inverse = np.unique(values, return_inverse=True)
        return used, inverse.ravel()
    present = np.zeros(bound, dtype=bool)
    present[values] = True
    used = np.flatnonzero(present)
    remap = np.zeros(bound, dtype=np.int64)
    remap[used] = np.arange(len(used))
    return used, remap[values]


def texts_for(make, *columns) -> pd.Categorical:
    """make(*values) for every finding, each distinct text built once (a log where every line
    is wrong repeats a few dozen texts a million times). A column is an array of values (one
    per finding) or (codes, values): an index into values per finding."""
    keyed = [
        column if isinstance(column, tuple) else distinct_values(np.asarray(column))
        for column in columns
    ]
    n = len(keyed[0][0]) if keyed else 0
    if n == 0:
        return coded_texts(np.zeros(0, np.int64), [])
    key = np.zeros(n, dtype=np.int64)
    size = 1
    for column_codes, values in keyed:
        size *= max(len(values), 1)
        if size >= 2**62:
            raise ValueError("too many combinations for one integer key")
        key = key * max(len(values), 1) + np.asarray(column_codes, np.int64)
    used, inverse = small_unique(key, size)
    digits = []  # each column's index for each distinct key, last column first
    for _column, values in reversed(keyed):
        used, digit = np.divmod(used, max(len(values), 1))
        digits.append([values[k] for k in digit.tolist()])
    texts = [make(*parts) for parts in zip(*reversed(digits))]
    return coded_texts(inverse.ravel(), texts)


def distinct_values(values: np.ndarray) -> tuple[np.ndarray, list]:
    """(index into the distinct values for each value, the distinct values in order)."""
    if values.dtype.kind in "iu" and len(values) and values.min() >= 0:
        uniques, inverse = small_unique(values, int(values.max()) + 1)
    else:
        uniques, inverse = np.unique(values, return_inverse=True)
    return inverse.ravel(), uniques.tolist()
