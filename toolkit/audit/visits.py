"""Audit a visit log: expected units and findings for every line of a day's (or year's) sheet.

`audit_visits(table, method)` reads the table (`toolkit.audit.visit_log`), numbers the visits,
computes the units every visit supports (`toolkit.audit.units`) and runs the claim checks
over the whole table at once (`toolkit.audit.checks`). It gives, visit by visit, the units
`toolkit.rules.units.bill_units` gives and the findings `toolkit.rules.claims.check_claim` gives (same
rule ids on the same lines); the tests check both on random logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.audit import checks as audit_checks
from toolkit.audit.finding_blocks import FindingBlock, coded_texts, texts_for
from toolkit.audit.units import VisitUnits, group_starts, units_by_visit
from toolkit.audit.visit_log import (
    FIRST_DATA_ROW,
    OPTIONAL_COLUMNS,
    read_lines,
    tidy_column_name,
    visit_keys,
)
from toolkit.reference import codes, rule
from toolkit.rules.disciplines import AIDE, pool_of
from toolkit.rules.findings import SEVERITIES
from toolkit.rules.units import METHODS, check_method

METHOD_LABELS = {
    **METHODS,
    "payer": "each payer's usual method (Medicare: CMS pooled; commercial: per code)",
}
REPORT_COLUMNS = [
    "row",
    "visit_id",
    "date",
    "line",
    "code",
    "minutes",
    "billed_units",
    "expected_units",
    "rule",
    "severity",
    "message",
    "source",
    "confidence",
]
REPORT_PARTS = ("not checked", "findings", "not read")
MASK_BITS = 63  # (severity, rule) pairs per 64-bit word of a line's mask: never the sign bit
FINDING_COLUMNS = [
    "row",
    "visit_id",
    "date",
    "line",
    "code",
    "rule",
    "severity",
    "message",
    "source",
    "confidence",
]


class _Summary:
    """What both a whole audit and a chunked one say: the summary, the checks not run."""

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    def not_checked_text(self) -> list[str]:
        """One sentence per missing column: which checks were not run and why."""
        by_column: dict[str, list[str]] = {}
        for rule_id, column in self.not_checked:
            by_column.setdefault(column, []).append(rule_id)
        return [
            f"Not checked: the log has no {column} column, so {', '.join(rules)}"
            f" {'was' if len(rules) == 1 else 'were'} not run."
            for column, rules in by_column.items()
        ]

    def summary(self) -> str:
        c = self.counts()
        text = [
            f"Method: {self.method_label}",
            f"{c['rows']} rows: {c['lines audited']} lines audited in {c['visits']} visits,"
            f" {c['rows not readable']} rows not readable.",
            f"{c['findings']} findings ({c['error findings']} errors, {c['warning findings']}"
            f" warnings, {c['info findings']} notes) on {c['lines with a finding']} lines.",
        ]
        for item in self.by_rule().itertuples():
            text.append(f"  {item.count:>8}  {item.severity:<7} {item.rule}  ({item.source})")
        text += self.not_checked_text()
        return "\n".join(text)


def _by_rule_table(counted: pd.DataFrame) -> pd.DataFrame:
    """Counts by rule and severity, most first, with each rule's title and source."""
    if counted.empty:
        return pd.DataFrame(columns=["rule", "severity", "count", "title", "source"])
    rank = counted["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    counted = (
        counted.assign(rank=rank)
        .sort_values(["count", "rule", "rank"], ascending=[False, True, True])
        .drop(columns="rank")
    )  # ties in a fixed order: errors first
    counted["title"] = [rule(r).title for r in counted["rule"]]
    counted["source"] = [rule(r).citation for r in counted["rule"]]
    return counted.reset_index(drop=True)


@dataclass(frozen=True)
class AuditResult(_Summary):
    """What the audit found. Every input row is in `lines` or in `errors`, never dropped.

    - `lines`: the audited rows in file order, with `line` (its place in the visit),
      `expected_units`, `findings` (rule ids, '; '-separated) and `severity` (the worst).
    - `findings`: one row per finding, with its rule's source and confidence.
    - `visits`: one row per visit (a visit_id on a date): minutes, units, findings.
    - `errors`: rows that could not be read, with their row number in the file and why.
    """

    method: str
    lines: pd.DataFrame
    findings: pd.DataFrame
    visits: pd.DataFrame
    errors: pd.DataFrame
    n_rows: int = field(default=0)
    not_checked: tuple = ()  # (rule id, missing column): checks not run, and why

    @property
    def n_lines(self) -> int:
        return len(self.lines)

    @property
    def n_visits(self) -> int:
        return len(self.visits)

    @property
    def n_errors(self) -> int:
        return len(self.errors)

    @property
    def n_findings(self) -> int:
        return len(self.findings)

    def counts(self) -> dict[str, int]:
        by_severity = self.findings["severity"].value_counts()
        return {
            "rows": self.n_rows,
            "lines audited": self.n_lines,
            "visits": self.n_visits,
            "rows not readable": self.n_errors,
            "findings": self.n_findings,
            **{f"{s} findings": int(by_severity.get(s, 0)) for s in SEVERITIES},
            "lines with a finding": int((self.lines["findings"] != "").sum()),
        }

    def rule_counts(self) -> pd.DataFrame:
        """Findings counted by rule and severity (columns rule, severity, count)."""
        if self.findings.empty:
            return pd.DataFrame(columns=["rule", "severity", "count"])
        return (
            self.findings.groupby(["rule", "severity"], observed=True)
            .size()
            .rename("count")
            .reset_index()
            .astype({"rule": str, "severity": str})
        )

    def by_rule(self) -> pd.DataFrame:
        """Findings counted by rule and severity, with the rule's title and source."""
        return _by_rule_table(self.rule_counts())

    def report(self, parts: tuple[str, ...] = REPORT_PARTS) -> pd.DataFrame:
        """One table for a reviewer: the checks not run (no row number), every finding, then
        every row that could not be read (`parts` picks some of the three)."""
        skipped = pd.DataFrame(
            {
                "row": pd.array([pd.NA] * len(self.not_checked), dtype="Int64"),
                "rule": [rule_id for rule_id, _ in self.not_checked],
                "severity": "not checked",
                "message": [
                    f"not checked: the log has no {column} column" for _, column in self.not_checked
                ],
                "source": [rule(rule_id).citation for rule_id, _ in self.not_checked],
                "confidence": [rule(rule_id).confidence for rule_id, _ in self.not_checked],
            }
        )
        unreadable = self.errors.assign(
            date="",
            line=pd.NA,
            rule="",
            severity="not read",
            message=self.errors["reason"],
            source="",
            confidence="",
        )
        found = self.findings.merge(
            self.lines[["row", "minutes", "billed_units", "expected_units"]], on="row", how="left"
        )
        chosen = {"not checked": skipped, "findings": found, "not read": unreadable}
        frames = [
            chosen[part].reindex(columns=REPORT_COLUMNS) for part in parts if len(chosen[part])
        ]
        if not frames:
            return pd.DataFrame(columns=REPORT_COLUMNS)
        has_blank_row = "not checked" in parts and len(skipped)
        return pd.concat(frames, ignore_index=True).astype(
            {"row": "Int64" if has_blank_row else "int64"}
        )


def audit_visits(
    lines: pd.DataFrame, *, method: str | None = "cms", first_row: int = FIRST_DATA_ROW
) -> AuditResult:
    """Audit a visit log table (columns visit_id, date, code, minutes; optional billed_units,
    modifiers, furnished_by, payer).

    `method`: "cms" (pooled 8-minute rule) or "ama" (per code) for every visit, or None for
    the payer's usual one (Medicare: cms, commercial: ama), as `check_claim` does. The year
    of each visit's date decides which code pairs, thresholds and payment rules apply.
    `first_row`: the file's row number of the table's first line (a piece of a file).
    A line that cannot be read is not an exception: it goes to the result's errors, with its
    row and the reason.

    Raises:
        BillingInputError: an unknown method, or a required column is missing.
    """

    method = None if method is None else check_method(method)
    readable, errors = read_lines(lines, first_row)
    sheet = _Sheet(readable, method)
    absent = absent_columns(lines)
    blocks = [b for b in audit_checks.run_checks(sheet, absent) if len(b.positions)]
    findings, where = _findings_table(sheet, blocks)
    return AuditResult(
        method=method or "payer",
        lines=_lines_table(sheet, blocks),
        findings=findings,
        visits=_visits_table(sheet, findings, where),
        errors=errors,
        n_rows=len(lines),
        not_checked=tuple(audit_checks.not_checked(absent)),
    )


class NotGroupedByVisit(Exception):
    """A visit of the log is in two pieces: the log is not sorted or grouped by visit."""


class AuditTotals(_Summary):
    """A log audited piece by piece: the counts and the first findings and unreadable rows
    (enough for the summary and the HTML page); every finding goes to the CSV report as it
    is found (`audit_in_chunks`), so memory does not grow with the file."""

    def __init__(self, method: str, keep: int) -> None:
        self.method = method
        self.keep = keep  # findings and unreadable rows kept for a page
        self.not_checked: tuple = ()
        self._counts: dict[str, int] = {}
        self._rules: dict[tuple[str, str], int] = {}
        self.findings = self.errors = None
        self.n_findings = self.n_errors = self.n_pieces = 0

    def add(self, result: AuditResult) -> None:
        self.not_checked = result.not_checked
        for name, value in result.counts().items():
            self._counts[name] = self._counts.get(name, 0) + value
        for item in result.rule_counts().itertuples():
            key = (item.rule, item.severity)
            self._rules[key] = self._rules.get(key, 0) + int(item.count)
        self.findings = _head(self.findings, result.findings, self.keep)
        self.errors = _head(self.errors, result.errors, self.keep)
        self.n_findings += result.n_findings
        self.n_errors += result.n_errors
        self.n_pieces += 1

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def by_rule(self) -> pd.DataFrame:
        return _by_rule_table(
            pd.DataFrame(
                [(r, s, n) for (r, s), n in self._rules.items()],
                columns=["rule", "severity", "count"],
            )
        )


def _head(kept: pd.DataFrame | None, more: pd.DataFrame, keep: int) -> pd.DataFrame:
    if kept is None:
        return more.head(keep).reset_index(drop=True)
    if len(kept) >= keep or more.empty:
        return kept
    return pd.concat([kept, more.head(keep - len(kept))], ignore_index=True)


def audit_in_chunks(
    pieces, *, method: str | None = "cms", keep: int = 500, each=None
) -> AuditTotals:
    """Audit a log given as (first row, table) pieces cut between visits (`toolkit.audit.visit_log.
    read_visit_log_chunks`): the same findings as `audit_visits` on the whole table, in the
    same order, with memory for one piece. `each(result)` gets every piece's AuditResult (to
    write the report as it goes). NotGroupedByVisit when a visit turns up in two pieces: the
    log is not grouped by visit, and only a whole read audits it right.

    Raises:
        NotGroupedByVisit: a visit turns up in two pieces.
        BillingInputError: as `audit_visits`, or as the reader of the pieces."""
    method = None if method is None else check_method(method)
    totals = AuditTotals(method or "payer", keep)
    seen = np.zeros(0, np.uint64)  # the visits of the pieces so far, as sorted hashes
    for first_row, table in pieces:
        keys = visit_keys(table)
        if len(seen) and len(keys):
            place = np.minimum(np.searchsorted(seen, keys), len(seen) - 1)
            if (seen[place] == keys).any():
                raise NotGroupedByVisit(
                    f"a visit near row {first_row:,} also appears earlier in the file"
                )
        seen = np.concatenate([seen, keys])
        seen.sort(kind="stable")  # two sorted runs: merged in one pass
        result = audit_visits(table, method=method, first_row=first_row)
        totals.add(result)
        if each is not None:
            each(result)
        del table, result  # memory for one piece: neither is kept while the next is read
    return totals


def absent_columns(lines: pd.DataFrame) -> tuple[str, ...]:
    """The optional columns the log does not have (their checks are not run)."""
    present = {tidy_column_name(c) for c in lines.columns}
    return tuple(c for c in OPTIONAL_COLUMNS if c not in present)


def _per_category(values: pd.Categorical, attribute, dtype=object) -> np.ndarray:
    """attribute(category) for every row, computed once per category."""
    table = np.array([attribute(c) for c in values.categories], dtype=dtype)
    return table[values.codes] if len(table) else np.zeros(len(values), dtype=dtype)


class _Sheet:
    """The readable lines, sorted by visit (input order kept inside a visit), as arrays.

    An entry is one code of one visit: a code split over several lines pools its minutes
    and units there (as `check_claim` does), and its first line carries its findings.
    """

    def __init__(self, table: pd.DataFrame, method: str | None) -> None:
        visit = table["visit"].to_numpy()
        self.reordered = bool(len(visit)) and not (visit[1:] >= visit[:-1]).all()
        if self.reordered:  # a log is usually grouped by visit already
            table = table.take(np.argsort(visit, kind="stable")).reset_index(drop=True)
        self.table = table
        self.visit = table["visit"].to_numpy()
        self.starts = group_starts(self.visit)
        self.n_visits = len(self.starts)
        sizes = np.diff(np.r_[self.starts, len(self.visit)])
        self.line = (
            np.arange(len(self.visit)) - np.repeat(self.starts, sizes) + 1
        )  # 1-based, as a claim
        code = table["code"].array
        self.code = code.codes.astype(np.int64)
        self.code_names = np.asarray(code.categories, dtype=object)
        self.timed = _per_category(code, lambda c: codes()[c].timed, bool)
        self.minutes = table["minutes"].to_numpy(dtype=np.int64)
        billed = table["billed_units"]
        self.billed_known = billed.notna().to_numpy()
        self.billed = billed.fillna(0).to_numpy(dtype=np.int64)
        self.is_billed = ~self.billed_known | (self.billed > 0)  # 0 units: documented, not billed
        self.medicare = _per_category(table["payer"].array, lambda p: p == "medicare", bool)
        self.year = _per_category(table["date"].array, lambda d: int(d[:4]), np.int64)
        self.years = sorted({int(d[:4]) for d in table["date"].array.categories})  # may list more
        self.visit_medicare = self.medicare[self.starts]
        self.visit_year = self.year[self.starts]
        # Per visit: counted by the CMS pooled rule (True) or per code, AMA (False).
        self.cms = np.full(self.n_visits, method == "cms") if method else self.visit_medicare.copy()
        self._entries()

    def _pools(self) -> None:
        """Per line: the discipline pool its minutes count in (`toolkit.rules.disciplines`),
        looked up once per distinct code, modifiers and role."""
        mods, roles = self.table["modifiers"].array, self.table["furnished_by"].array
        n_mods, n_roles = max(len(mods.categories), 1), max(len(roles.categories), 1)
        key = (self.code * n_mods + mods.codes.astype(np.int64)) * n_roles + roles.codes.astype(
            np.int64
        )
        inverse, distinct = pd.factorize(key)
        names: dict[str, int] = {}
        ids = []
        for k in distinct.tolist():
            code, rest = divmod(k, n_mods * n_roles)
            mod, role = divmod(rest, n_roles)
            pool = pool_of(
                self.code_names[code], tuple(mods.categories[mod].split()), roles.categories[role]
            )
            ids.append(names.setdefault(pool, len(names)))
        self.pool_names = list(names)
        self.pool = np.array(ids or [0], np.int64)[inverse] if len(key) else key
        self.aide = self.pool == names[AIDE] if AIDE in names else np.zeros(len(self.pool), bool)

    def _entries(self) -> None:
        self._pools()
        n_codes = len(self.code_names)
        # (visit, code) whatever the pool: one claim line per code (toolkit.rules.one_line_per_code)
        self.code_entry = _code_entries(self.visit, self.code, self.starts, n_codes)
        self.entry = _code_entries(
            self.visit,
            self.pool * max(n_codes, 1) + self.code,
            self.starts,
            n_codes * max(len(self.pool_names), 1),
        )
        self.n_entries = int(self.entry.max()) + 1 if len(self.entry) else 0
        positions = np.arange(len(self.entry))
        first = np.full(self.n_entries, len(self.entry), dtype=np.int64)
        np.minimum.at(first, self.entry, positions)
        self.entry_first = first
        self.is_first_of_code = first[self.entry] == positions
        self.entry_minutes = np.bincount(self.entry, self.minutes, self.n_entries).astype(np.int64)
        self.entry_billed = np.bincount(self.entry, self.billed, self.n_entries).astype(np.int64)
        self.entry_visit = self.visit[first]
        self.entry_timed = self.timed[first]
        self.entry_pool = self.pool[first]
        self.entry_aide = self.aide[first]
        self._pool_groups()
        minutes = np.where(self.entry_aide, 0, self.entry_minutes)  # an aide's never count
        self.units = self._units(minutes)
        # The code's units go on its first line; a repeated line of the same code expects 0.
        counted = self.is_first_of_code & ~self.aide
        self.expected = np.where(counted, self.units.units[self.entry], 0)
        self.is_first_of_code = counted

    def _pool_groups(self) -> None:
        """Each visit's pools: `entry_group` numbers (visit, pool) in visit order; a visit
        with more than one pool (an aide's aside) names the pool beside each code."""
        pool = np.where(self.entry_aide, len(self.pool_names), self.entry_pool)
        visit_starts = group_starts(self.entry_visit)
        sizes = np.diff(np.r_[visit_starts, len(pool)])
        if (pool == np.repeat(pool[visit_starts], sizes)).all():
            order = np.arange(self.n_entries)  # the usual day: one pool a visit, in order
        else:
            order = np.lexsort((np.arange(self.n_entries), pool, self.entry_visit))
        key = self.entry_visit[order] * (len(self.pool_names) + 1) + pool[order]
        starts = group_starts(key)
        group_sorted = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(key)]))
        self.group_order = order
        self.entry_group = np.empty(self.n_entries, np.int64)
        self.entry_group[order] = group_sorted
        self.n_groups = len(starts)
        self.group_visit = self.entry_visit[order][starts] if len(starts) else starts
        counted = pool[order][starts] != len(self.pool_names)  # an aide's group aside
        per_visit = np.bincount(self.group_visit[counted], minlength=self.n_visits)
        self.visit_several = per_visit > 1

    def _units(self, minutes) -> VisitUnits:
        """Units per entry, each (visit, pool) counted on its own; `timed_minutes` and
        `day_units` per visit (the sum of its pools), `group_minutes` per pool."""
        order, group = self.group_order, self.entry_group[self.group_order]
        timed = self.entry_timed[order] & ~self.entry_aide[order]
        by = self._units_for(group, minutes[order], timed)
        units = np.empty(self.n_entries, np.int64)
        full, rank = np.empty_like(units), np.empty_like(units)
        tied = np.empty(self.n_entries, bool)
        units[order], full[order], tied[order], rank[order] = by.units, by.full, by.tied, by.rank
        units = np.where(self.entry_aide, 0, units)
        self.group_minutes = by.timed_minutes
        n = self.n_visits
        return VisitUnits(
            units=units,
            full=full,
            tied=tied & ~self.entry_aide,
            rank=rank,
            timed_minutes=np.bincount(self.group_visit, by.timed_minutes, n).astype(np.int64),
            day_units=np.bincount(self.group_visit, by.day_units, n).astype(np.int64),
        )

    def _units_for(self, group, minutes, timed) -> VisitUnits:
        cms_group = self.cms[self.group_visit]
        if cms_group.all() or not cms_group.any():
            return units_by_visit(group, minutes, timed, "cms" if cms_group.all() else "ama")
        cms, ama = (units_by_visit(group, minutes, timed, m) for m in ("cms", "ama"))
        by_entry = cms_group[group]
        return VisitUnits(
            units=np.where(by_entry, cms.units, ama.units),
            full=cms.full,
            tied=by_entry & cms.tied,
            rank=cms.rank,
            timed_minutes=cms.timed_minutes,
            day_units=np.where(cms_group, cms.day_units, ama.day_units),
        )

    def visit_any(self, mask: np.ndarray) -> np.ndarray:
        """Per visit: True when any of its lines is in `mask`."""
        return np.bincount(self.visit[mask], minlength=self.n_visits) > 0


def _code_entries(visit: np.ndarray, code: np.ndarray, starts: np.ndarray, n_codes: int):
    """Number each (visit, code) 0, 1, ... in the order first listed (lines grouped by visit).

    Why the fast path: a visit usually lists each code once, and then every line is its own
    entry. Per visit, the OR of one bit per code has as many bits set as the visit has lines
    exactly when no code repeats; only otherwise are the pairs hashed."""
    if 0 < n_codes <= 64 and len(code) and code.min() >= 0:
        bits = np.left_shift(np.uint64(1), code.astype(np.uint64))
        sizes = np.diff(np.r_[starts, len(code)])
        if (np.bitwise_count(np.bitwise_or.reduceat(bits, starts)) == sizes).all():
            return np.arange(len(code))
    return pd.factorize(visit * max(n_codes, 1) + code)[0]


def _message_codes(blocks: list[FindingBlock]) -> tuple[np.ndarray, list[str]]:
    """One integer per finding into one list of distinct messages, block by block."""
    index: dict[str, int] = {}
    parts = []
    for block in blocks:
        texts = block.messages
        if isinstance(texts, pd.Categorical):  # each distinct text looked up once
            remap = np.array(
                [index.setdefault(t, len(index)) for t in texts.categories] or [0], np.int64
            )
            parts.append(remap[texts.codes.astype(np.int64)])
        else:  # a short list: one text per finding
            parts.append(np.array([index.setdefault(t, len(index)) for t in texts], np.int64))
    return np.concatenate(parts), list(index)


def _findings_table(sheet: _Sheet, blocks: list[FindingBlock]) -> tuple[pd.DataFrame, np.ndarray]:
    """The findings sorted by row, severity, rule; and each one's line position in the sheet.

    Rule, severity, message, source and confidence are categoricals built from integer codes:
    the strings exist once per distinct value, not once per finding."""
    blocks = [b for b in blocks if len(b.positions)]
    if not blocks:
        empty = pd.DataFrame({name: pd.Series(dtype=object) for name in FINDING_COLUMNS})
        return empty, np.zeros(0, np.int64)
    sizes = [len(b.positions) for b in blocks]
    positions = np.concatenate([b.positions for b in blocks])
    rule_names = sorted({b.rule_id for b in blocks})
    rule_code = np.repeat(np.array([rule_names.index(b.rule_id) for b in blocks], np.int64), sizes)
    severity_code = np.repeat(
        np.array([SEVERITIES.index(b.severity) for b in blocks], np.int64), sizes
    )
    message_code, messages = _message_codes(blocks)
    whole = np.repeat(np.array([b.whole_visit for b in blocks], bool), sizes)
    table = sheet.table
    rows = table["row"].to_numpy()
    # One key, row then severity then rule: a stable sort of it is lexsort's order, and fast,
    # for each block arrives sorted by row (a merge of a few sorted runs).
    width = len(SEVERITIES) * len(rule_names)
    key = rows[positions] * width + severity_code * len(rule_names) + rule_code
    order = np.argsort(key, kind="stable")
    positions, rule_code, severity_code, message_code, whole = (
        positions[order],
        rule_code[order],
        severity_code[order],
        message_code[order],
        whole[order],
    )
    line = sheet.line[positions]
    found = pd.DataFrame(
        {
            "row": rows[positions],
            "visit_id": table["visit_id"].array[positions],
            "date": table["date"].array[positions],
            "line": pd.arrays.IntegerArray(line, whole)
            if whole.any()
            else pd.array(line, dtype="Int64"),
            "code": table["code"].array[positions],
            "rule": pd.Categorical.from_codes(rule_code, categories=rule_names),
            "severity": pd.Categorical.from_codes(severity_code, categories=list(SEVERITIES)),
            "message": pd.Categorical.from_codes(
                message_code, categories=pd.Index(messages, dtype=object)
            ),
            "source": _rule_facts(rule_code, rule_names, lambda r: rule(r).citation),
            "confidence": _rule_facts(rule_code, rule_names, lambda r: rule(r).confidence),
        }
    )
    return found, positions


def _rule_facts(rule_code: np.ndarray, rule_names: list[str], fact) -> pd.Categorical:
    return coded_texts(rule_code, [fact(r) for r in rule_names])


def _lines_table(sheet: _Sheet, blocks: list[FindingBlock]) -> pd.DataFrame:
    lines = sheet.table.drop(columns=["visit"])
    lines.insert(3, "line", sheet.line)
    lines["expected_units"] = sheet.expected
    lines["findings"], lines["severity"] = _per_row(len(lines), blocks)
    if sheet.reordered:  # back to the order of the file
        lines = lines.sort_values("row", kind="stable").reset_index(drop=True)
    return lines


def _per_row(n_lines: int, blocks: list[FindingBlock]) -> tuple[pd.Categorical, pd.Categorical]:
    """For each line: its rule ids joined with '; ' (worst severity first, then by rule id,
    each rule once) and its worst severity ('' when none).

    A line's list depends only on which (severity, rule) pairs it has: each pair is one bit
    of a mask per line (63 pairs a word), and each distinct mask is joined once (a log where
    every line is wrong has a few dozen lists, not a million)."""
    pairs = sorted({(SEVERITIES.index(b.severity), b.rule_id) for b in blocks})
    bit_of = {pair: k for k, pair in enumerate(pairs)}
    worst = np.full(n_lines, len(SEVERITIES), dtype=np.int64)  # len(SEVERITIES): no finding
    words = []
    for low in range(0, max(len(pairs), 1), MASK_BITS):
        word = np.zeros(n_lines, dtype=np.int64)
        for block in blocks:
            k = bit_of[(SEVERITIES.index(block.severity), block.rule_id)] - low
            if 0 <= k < MASK_BITS:
                word[block.positions] |= 1 << k
        words.append(word)
    for block in blocks:
        at = block.positions
        worst[at] = np.minimum(worst[at], SEVERITIES.index(block.severity))

    def listed(*masks) -> str:
        bits = [
            low + k
            for low, m in zip(range(0, len(pairs), MASK_BITS), masks)
            for k in range(MASK_BITS)
            if m >> k & 1
        ]
        return "; ".join(dict.fromkeys(pairs[bit][1] for bit in bits))

    text = texts_for(listed, *words)
    worst_code = np.where(worst == len(SEVERITIES), 0, worst + 1)
    return text, pd.Categorical.from_codes(worst_code, categories=["", *SEVERITIES])


def _visits_table(sheet: _Sheet, findings: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    first = sheet.starts
    table = sheet.table
    count = np.zeros(sheet.n_visits, dtype=np.int64)
    errors = np.zeros(sheet.n_visits, dtype=np.int64)
    if len(findings):
        where = sheet.visit[positions]
        count = np.bincount(where, minlength=sheet.n_visits)
        is_error = findings["severity"].array.codes == SEVERITIES.index("error")
        errors = np.bincount(where[is_error], minlength=sheet.n_visits)
    timed_units = sheet.units.day_units
    billed_known = ~sheet.visit_any(~sheet.billed_known)
    billed = np.add.reduceat(sheet.billed, first) if len(first) else np.zeros(0, np.int64)
    untimed_lines = (
        np.add.reduceat((~sheet.timed & sheet.is_first_of_code).astype(np.int64), first)
        if len(first)
        else np.zeros(0, np.int64)
    )
    return pd.DataFrame(
        {
            "visit_id": table["visit_id"].array[first],
            "date": table["date"].array[first],
            "payer": table["payer"].array[first],
            "first_row": table["row"].to_numpy()[first],
            "lines": np.diff(np.r_[first, len(table)]),
            "timed_minutes": sheet.units.timed_minutes,
            "total_minutes": np.add.reduceat(sheet.minutes, first)
            if len(first)
            else np.zeros(0, np.int64),
            "expected_units": timed_units + untimed_lines,
            "billed_units": pd.arrays.IntegerArray(billed, ~billed_known),  # unknown: missing
            "findings": count,
            "errors": errors,
        }
    )
