"""The claim checks, run over a whole visit log at once: one numpy pass per rule, no loop per visit.

`AUDIT_CHECKS` registers one check per claim rule family of `toolkit.rules.registry`, under
the family's name; each returns `FindingBlock`s (one rule, one severity, many lines) and takes
its words from the family's module, so a finding reads the same in the claim checker and the
audit. Families with no check here are in `NO_AUDIT_CHECK`, with the reason. Rule ids and
sources come from `toolkit.reference`; the facts (pairs, roles, modifiers, thresholds) from the
same data files and helpers the claim checker uses. The tests compare the whole audit with
`check_claim`, visit by visit, on random logs (tests/audit/test_audit.py, over the registry).

A visit log has no time blocks, so the same-minutes check (`one-service-per-15-minutes`,
and co-treatment, `co-treatment-once`, which needs two overlapping blocks)
never fires here, and a 59/X modifier always gets the "make sure the note shows separate
intervals" warning, exactly as `check_claim` does for lines without time blocks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.audit.finding_blocks import FindingBlock, coded_texts, texts_for
from toolkit.audit.units import units_for_minutes_array
from toolkit.reference import code_pairs, codes, providers, thresholds
from toolkit.rules import (
    assistant_share,
    evaluations,
    medicare_coverage,
    modifiers,
    one_line_per_code,
    therapy_threshold,
    units_supported,
    who_may_bill,
)
from toolkit.rules.code_pairs import (
    active_code_pairs,
    bypass_message,
    modifier_target,
    move_modifier_message,
    not_bypassable,
    pair_edit_message,
    pair_severity,
    re_evaluation_message,
)
from toolkit.rules.medicare_coverage import EXCLUDED_ROLE_RULES, is_excluded_role
from toolkit.rules.modifiers import ASSISTANT_MODIFIERS, PLAN_MODIFIERS
from toolkit.rules.units_supported import RULE as UNITS_RULE
from toolkit.rules.who_may_bill import SLP_NOT_PERFORMED

BYPASS = ("59", "XU", "XE", "XS", "XP")
KNOWN_MODIFIERS = (*PLAN_MODIFIERS, *ASSISTANT_MODIFIERS, "KX", *BYPASS, "GA", "GZ", "GY")


def run_checks(sheet, absent: tuple[str, ...] = ()) -> list[FindingBlock]:
    """Every registered check, except those that need a column the log does not have
    (`not_checked`)."""
    facts = _LineFacts(sheet)
    blocks = [block for check in AUDIT_CHECKS.values() for block in check(sheet, facts)]
    off = {rule_id for rule_id, _ in not_checked(absent)}
    return [block for block in blocks if block.rule_id not in off]


def rules_needing(column: str) -> tuple[str, ...]:
    """The rules whose check reads `column`. Without the column the default value (no
    modifier, a PT, no billed units) would flag every line, or clear it, on no evidence."""
    if column == "modifiers":
        return (
            *modifiers.RULE_IDS,
            "ptp-edit-bypass",
            "kx-not-with-ga",
            "abn-modifiers",
            "gy-excluded",
            "chiropractor-medicare",
            "kx-threshold",
            "assistant-per-unit",
        )
    if column == "furnished_by":
        by_role = sorted({r["rule_id"] for r in providers().values() if r["rule_id"]})
        return (
            "licence-not-title",
            "assistant-modifier-required",
            "discipline-modifier-match",
            "gy-excluded",
            "assistant-per-unit",
            *by_role,
        )
    if column == "billed_units":
        return ("timed-vs-untimed", UNITS_RULE, "average-15-per-unit", "assistant-per-unit")
    return ()


def not_checked(absent) -> list[tuple[str, str]]:
    """(rule id, the missing column) for every check switched off, the first column named."""
    found: dict[str, str] = {}
    for column in absent:
        for rule_id in rules_needing(column):
            found.setdefault(rule_id, column)
    return sorted(found.items(), key=lambda item: (item[1], item[0]))


DISCIPLINES = tuple(PLAN_MODIFIERS.values())  # PT, OT, SLP: the plans of care, by modifier
PLAN_NAMES = tuple(PLAN_MODIFIERS)  # GP, GO, GN in the same order


def _discipline_id(name: str) -> int:
    return DISCIPLINES.index(name) if name in DISCIPLINES else -1


class _LineFacts:
    """Per line: which modifiers it carries, who furnished it, its code's discipline.

    Facts are looked up once per category (distinct modifier text, role, code) and spread
    to the lines as integer or boolean arrays."""

    def __init__(self, sheet) -> None:
        mods = sheet.table["modifiers"].array
        self.modifier_code = mods.codes.astype(np.int64)  # cast once, not at every lookup
        sets = [frozenset(text.split()) for text in mods.categories]
        self.has = {
            m: np.array([m in s for s in sets] or [False], bool)[self.modifier_code]
            for m in KNOWN_MODIFIERS
        }
        set_id = pd.factorize(pd.Index([" ".join(sorted(s)) for s in sets], dtype=object))[0]
        self.modifier_set = (
            set_id[self.modifier_code] if len(set_id) else np.zeros(len(mods), np.int64)
        )
        # per distinct modifier text: its GP/GO/GN in the order written (the claim's words)
        self.plan_written = [
            tuple(m for m in text.split() if m in PLAN_MODIFIERS) for text in mods.categories
        ]
        self.n_plan = sum(self.has[m].astype(np.int64) for m in PLAN_MODIFIERS)
        self.plan = np.select([self.has[m] for m in PLAN_MODIFIERS], range(len(DISCIPLINES)), -1)
        roles = sheet.table["furnished_by"].array
        self.role = roles.codes.astype(np.int64)
        self.roles = [providers()[r] for r in roles.categories]
        self.role_discipline = self.per_role(lambda r: _discipline_id(r["discipline"]), np.int64)
        self.code_discipline = np.array(
            [_discipline_id(codes()[c].discipline) for c in sheet.code_names] or [-1], np.int64
        )[sheet.code]

    def per_role(self, value, dtype=bool) -> np.ndarray:
        return np.array([value(r) for r in self.roles] or [dtype(0)], dtype)[self.role]

    def role_at(self, positions) -> tuple[np.ndarray, list[str]]:
        """Who furnished each position, as (codes, labels) for `texts_for`."""
        return self.role[positions], [r["label"].lower() for r in self.roles]

    def bypass(self, names: list[str]) -> np.ndarray:
        return np.logical_or.reduce([self.has[m] for m in names])


def _block(rule_id, severity, positions, texts, whole_visit=False) -> FindingBlock:
    """texts: one text per position, a Categorical of them (`texts_for`), or one text for all."""
    positions = np.asarray(positions, dtype=np.int64)
    if isinstance(texts, str):
        texts = coded_texts(np.zeros(len(positions), np.int64), [texts])
    elif not isinstance(texts, pd.Categorical):
        texts = list(texts)
    return FindingBlock(rule_id, severity, positions, texts, whole_visit)


def _is_code(sheet, code: str) -> np.ndarray:
    """Per line: True where the line's code is `code`."""
    return np.isin(sheet.code_names, [code])[sheet.code] if len(sheet.code) else sheet.is_billed


def _code_at(sheet, positions) -> tuple[np.ndarray, list[str]]:
    """The code of each position, as (codes, names) for `texts_for`."""
    return sheet.code[positions], list(sheet.code_names)


def _first_per_visit(sheet, mask: np.ndarray) -> np.ndarray:
    """Position of the first line in `mask` of each visit that has one."""
    where = np.flatnonzero(mask)
    visit = sheet.visit[where]  # the sheet is sorted by visit
    return where[np.flatnonzero(np.r_[True, visit[1:] != visit[:-1]])] if len(where) else where


# --- modifiers: toolkit.rules.modifiers ----------------------------------------------------


def modifier_findings(sheet, facts) -> list[FindingBlock]:
    billed, medicare = sheet.is_billed, sheet.medicare
    blocks = []
    excluded_gy = facts.has["GY"] & facts.per_role(lambda r: is_excluded_role(r["role"]))
    none = billed & (facts.n_plan == 0) & ~excluded_gy  # as modifier_rules.excluded_with_gy
    many = billed & (facts.n_plan > 1)
    for severity, mask, medicare_payer in (
        ("error", none & medicare, True),
        ("info", none & ~medicare, False),
    ):
        where = np.flatnonzero(mask)
        blocks.append(
            _block(
                "therapy-modifier-required",
                severity,
                where,
                texts_for(
                    lambda c, m=medicare_payer: modifiers.no_plan_modifier_message(c, medicare=m),
                    _code_at(sheet, where),
                ),
            )
        )
    where = np.flatnonzero(many)
    blocks.append(
        _block(
            "therapy-modifier-required",
            "error",
            where,
            texts_for(
                modifiers.many_plan_modifiers_message,
                _code_at(sheet, where),
                (facts.modifier_code[where], facts.plan_written),
            ),
        )
    )
    is_97530 = sheet.code == (
        list(sheet.code_names).index("97530") if "97530" in sheet.code_names else -1
    )
    first = _first_per_visit(sheet, (none | many) & is_97530)
    blocks.append(
        _block(
            "therapy-modifier-list-97530",
            "info",
            first,
            modifiers.LIST_97530_MESSAGE,
        )
    )
    for assistant, plan in ASSISTANT_MODIFIERS.items():
        where = np.flatnonzero(billed & facts.has[assistant] & ~facts.has[plan])
        blocks.append(
            _block(
                "assistant-modifier-pairing",
                "error",
                where,
                texts_for(
                    lambda c, assistant=assistant: modifiers.pairing_message(c, assistant),
                    _code_at(sheet, where),
                ),
            )
        )
    for needed in ASSISTANT_MODIFIERS:
        missing = (
            billed
            & facts.per_role(lambda r: r["assistant_modifier"] == needed)
            & ~facts.has[needed]
        )
        for severity, mask, medicare_payer in (
            ("error", missing & medicare, True),
            ("warning", missing & ~medicare, False),
        ):
            where = np.flatnonzero(mask)
            blocks.append(
                _block(
                    "assistant-modifier-required",
                    severity,
                    where,
                    texts_for(
                        lambda c, needed=needed, m=medicare_payer: (
                            modifiers.assistant_required_message(c, needed, medicare=m)
                        ),
                        _code_at(sheet, where),
                    ),
                )
            )
    with_assistant = billed & (facts.has["CQ"] | facts.has["CO"]) & medicare & (sheet.year >= 2022)
    first = _first_per_visit(sheet, with_assistant)
    blocks.append(
        _block(
            "assistant-payment-85",
            "info",
            first,
            modifiers.PAYMENT_85_MESSAGE,
        )
    )
    blocks += _discipline_findings(sheet, facts)
    return blocks


def _discipline_findings(sheet, facts) -> list[FindingBlock]:
    one = sheet.is_billed & (facts.n_plan == 1)
    by_role = one & (facts.role_discipline >= 0) & (facts.plan != facts.role_discipline)
    by_code = one & ~by_role & (facts.code_discipline >= 0) & (facts.plan != facts.code_discipline)
    where_role, where_code = np.flatnonzero(by_role), np.flatnonzero(by_code)
    return [
        _block(
            "discipline-modifier-match",
            "warning",
            where_role,
            texts_for(
                lambda c, who, plan: modifiers.role_discipline_message(c, who, PLAN_NAMES[plan]),
                _code_at(sheet, where_role),
                facts.role_at(where_role),
                facts.plan[where_role],
            ),
        ),
        _block(
            "discipline-modifier-match",
            "warning",
            where_code,
            texts_for(
                lambda c, d, plan: modifiers.code_discipline_message(
                    c, DISCIPLINES[d], PLAN_NAMES[plan]
                ),
                _code_at(sheet, where_code),
                facts.code_discipline[where_code],
                facts.plan[where_code],
            ),
        ),
    ]


# --- code pairs: toolkit.rules.code_pairs --------------------------------------------------


def code_pair_findings(sheet, facts) -> list[FindingBlock]:
    """Every pair edit in force in the visit's year, for each two billed lines of the pair."""
    years = sheet.years
    active = {y: {tuple(r.values()) for r in active_code_pairs(y)} for y in years}
    code_index = {c: i for i, c in enumerate(sheet.code_names)}
    blocks = []
    for row in code_pairs():
        if row["column_one"] not in code_index or row["column_two"] not in code_index:
            continue
        key = tuple(row.values())
        in_force = np.isin(sheet.visit_year, [y for y in years if key in active[y]])
        if not in_force.any():
            continue
        one, two = _pair_lines(sheet, row, code_index, in_force)
        if len(one):
            blocks += _pair_blocks(sheet, facts, row, one, two)
    return blocks


def _pair_lines(sheet, row, code_index, in_force) -> tuple[np.ndarray, np.ndarray]:
    """Positions (a, b) of every billed line a of column one and b of column two in one visit."""
    billed = sheet.is_billed & in_force[sheet.visit]
    a = np.flatnonzero(billed & (sheet.code == code_index[row["column_one"]]))
    b = np.flatnonzero(billed & (sheet.code == code_index[row["column_two"]]))
    visit_a, visit_b = sheet.visit[a], sheet.visit[b]
    if (np.diff(visit_a) > 0).all() and (np.diff(visit_b) > 0).all():  # each code once a visit
        _, in_a, in_b = np.intersect1d(visit_a, visit_b, assume_unique=True, return_indices=True)
        return a[in_a], b[in_b]
    both = pd.DataFrame({"visit": sheet.visit[a], "a": a}).merge(
        pd.DataFrame({"visit": sheet.visit[b], "b": b}), on="visit"
    )
    return both["a"].to_numpy(np.int64), both["b"].to_numpy(np.int64)


def _pair_blocks(sheet, facts, row, one, two) -> list[FindingBlock]:
    bypass = facts.bypass(row["bypass_modifiers"].split())
    on = row["modifier_on"]
    first, second = row["column_one"], row["column_two"]
    pair = f"{first} and {second}"
    blocks = []
    if row["kind"] == "not-bypassable":  # no modifier helps, so no modifier advice either
        where = np.unique(two)
        finding = not_bypassable(row, None)
        return [_block(finding.rule_id, finding.severity, where, finding.message)]
    if row["kind"] == "re-evaluation":
        evaluation = one if first == on else two
        other_code = second if first == on else first
        where = np.unique(evaluation[~bypass[evaluation]])
        blocks.append(
            _block(
                "re-evaluation-edit", "warning", where, re_evaluation_message(row, other_code, on)
            )
        )
        with_advice = np.ones(len(one), bool)
    else:
        line = two if on == second else one if on == first else np.maximum(one, two)
        plain = ~(bypass[one] | bypass[two])
        where = np.unique(line[plain])
        target = modifier_target(on)
        blocks.append(
            _block(
                "code-pair-edit", pair_severity(row), where, pair_edit_message(row, pair, target)
            )
        )
        where = np.unique(line[~plain])
        blocks.append(
            _block(
                "ptp-edit-bypass",
                "warning",
                where,
                bypass_message(pair),
            )
        )
        with_advice = ~plain
    if on:
        target, other = (one, two) if on == first else (two, one)
        moved = with_advice & ~bypass[target] & bypass[other]
        where = np.unique(target[moved])
        other_code = second if on == first else first
        blocks.append(
            _block(
                "code-pair-edit",
                "info",
                where,
                move_modifier_message(other_code, on),
            )
        )
    return blocks


# --- one evaluation a day, one line a code: toolkit.rules.claims --------------------------------


def evaluation_findings(sheet, facts) -> list[FindingBlock]:
    blocks = []
    for discipline in evaluations.SPANS:
        is_eval = np.array(
            [evaluations.is_evaluation(c, discipline) for c in sheet.code_names] or [False], bool
        )[sheet.code]
        where = np.flatnonzero(sheet.is_billed & is_eval)
        first = _first_of_key(where, sheet.visit[where])
        later = where != first
        where, first = where[later], first[later]
        blocks.append(
            _block(
                "one-evaluation-per-day",
                "error",
                where,
                texts_for(
                    lambda first_code, first_line, c, discipline=discipline: (
                        evaluations.evaluation_message(discipline, first_code, first_line, c)
                    ),
                    _code_at(sheet, first),
                    sheet.line[first],
                    _code_at(sheet, where),
                ),
            )
        )
    return blocks


def _first_of_key(where: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """For each position in `where` (in line order), the first position with the same key."""
    if not len(where):
        return where
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return where[first][inverse.ravel()]


def one_line_per_code_findings(sheet, facts) -> list[FindingBlock]:
    """A code billed on two lines of a visit with the same modifiers: the later line."""
    billed_lines = np.bincount(
        sheet.code_entry[sheet.is_billed],
        minlength=int(sheet.code_entry.max()) + 1 if len(sheet.code_entry) else 0,
    )
    where = np.flatnonzero(
        sheet.is_billed & (billed_lines[sheet.code_entry] > 1)
    )  # few, usually none
    n_sets = int(facts.modifier_set.max()) + 1 if len(where) else 1
    first = _first_of_key(where, sheet.code_entry[where] * n_sets + facts.modifier_set[where])
    later = where != first
    where, first = where[later], first[later]
    return [
        _block(
            "one-line-per-code",
            "error",
            where,
            texts_for(
                one_line_per_code.one_line_message,
                _code_at(sheet, where),
                sheet.line[first],
                sheet.line[where],
            ),
        )
    ]


# --- units: toolkit.rules.units_supported (and the Medicare note of toolkit.rules.claims) -------------


def units_findings(sheet, facts) -> list[FindingBlock]:
    """Billed units against the units the minutes support, per code and discipline pool (its
    first line); an aide's billed line on its own.

    Checked for visits whose every line states its billed units. Over-billing is an error,
    under-billing a warning; on a CMS tie either side may take the unit."""
    units = sheet.units
    checked = (~sheet.visit_any(~sheet.billed_known))[sheet.entry_visit] & ~sheet.entry_aide
    lines = sheet.entry_first
    billed, want, timed = sheet.entry_billed, units.units, sheet.entry_timed
    aide = np.flatnonzero(sheet.aide & sheet.billed_known & (sheet.billed > 0) & ~sheet.medicare)
    blocks = [
        _block(
            UNITS_RULE,
            "error",
            aide,
            texts_for(
                units_supported.aide_units_message, _code_at(sheet, aide), sheet.billed[aide]
            ),
        )
    ]
    untimed_over = checked & ~timed & (billed > 1)
    blocks.append(
        _block(
            "timed-vs-untimed",
            "error",
            lines[untimed_over],
            texts_for(
                units_supported.untimed_message,
                _label_at(sheet, np.flatnonzero(untimed_over)),
                billed[untimed_over],
            ),
        )
    )
    low = np.where(units.tied, units.full, want)
    high = np.where(units.tied, units.full + 1, want)
    over = checked & timed & (billed > high)
    under = checked & timed & (billed < low)
    blocks.append(
        _block(
            UNITS_RULE,
            "error",
            lines[over],
            _units_texts(sheet, np.flatnonzero(over), high, units_supported.OVER_ADVICE),
        )
    )
    blocks.append(
        _block(
            UNITS_RULE,
            "warning",
            lines[under],
            _units_texts(sheet, np.flatnonzero(under), want, units_supported.UNDER_ADVICE),
        )
    )
    tie_blocks, tie_error = _tie_findings(sheet, checked & timed, over | under)
    has_error = (
        tie_error
        | (np.bincount(sheet.entry_visit[untimed_over | over], minlength=sheet.n_visits) > 0)
        | sheet.visit_any(np.isin(np.arange(len(sheet.visit)), aide))
    )
    return blocks + tie_blocks + [_average_15(sheet, checked, has_error)]


def _label_at(sheet, entries) -> tuple[np.ndarray, list[str]]:
    """The name of each entry's code, with its pool when the visit has several ('97530 GO'),
    as (codes, names) for `texts_for`."""
    n_codes = len(sheet.code_names)
    code = sheet.code[sheet.entry_first[entries]]
    several = sheet.visit_several[sheet.entry_visit[entries]]
    key = np.where(several, (sheet.entry_pool[entries] + 1) * n_codes + code, code)
    names = [
        str(c) if p == 0 else f"{c} {sheet.pool_names[p - 1]}"
        for p in range(len(sheet.pool_names) + 1)
        for c in sheet.code_names
    ]
    return key, names


def _tie_findings(sheet, checked, flagged) -> tuple[list[FindingBlock], np.ndarray]:
    """A tie whose sides are each fine but together bill more (or fewer) than they support.

    Ties are within one pool of a visit. Returns the findings and, per visit, whether one of
    them is an error. Works on the tied entries only (a few in a hundred)."""
    units, n = sheet.units, sheet.n_groups
    tied = np.flatnonzero(checked & units.tied)
    if not len(tied):
        return [], np.zeros(sheet.n_visits, bool)
    group, rank = sheet.entry_group[tied], units.rank[tied]
    have = np.bincount(group, sheet.entry_billed[tied], n).astype(np.int64)
    want = np.bincount(group, units.units[tied], n).astype(np.int64)
    clear = ~(np.bincount(group[flagged[tied]], minlength=n) > 0) & (have != want)
    first_rank = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_rank, group, rank)
    sides = _tied_names(sheet, tied[clear[group]])
    lead = tied[clear[group] & (rank == first_rank[group])]  # one entry per pool with a finding
    blocks = []
    for severity, side, over in (("error", have > want, True), ("warning", have < want, False)):
        pick = lead[side[sheet.entry_group[lead]]]
        texts: dict[tuple, str] = {}  # a few hundred distinct texts however many visits
        messages = []
        for g in sheet.entry_group[pick].tolist():
            key = (sides[g], int(want[g]), int(have[g]))
            if key not in texts:
                texts[key] = units_supported.tie_message(list(key[0]), key[1], key[2], over=over)
            messages.append(texts[key])
        blocks.append(_block(UNITS_RULE, severity, sheet.entry_first[pick], messages))
    error_groups = clear & (have > want)
    return blocks, np.bincount(sheet.group_visit[error_groups], minlength=sheet.n_visits) > 0


def _tied_names(sheet, entries) -> dict[int, tuple[str, ...]]:
    """Pool group -> its tied codes in queue order, for the given tied entries."""
    entries = entries[np.lexsort((sheet.units.rank[entries], sheet.entry_group[entries]))]
    out: dict[int, list[str]] = {}
    key, label_names = _label_at(sheet, entries)
    for g, k in zip(sheet.entry_group[entries].tolist(), key.tolist()):
        out.setdefault(g, []).append(label_names[k])
    return {g: tuple(codes) for g, codes in out.items()}


def _average_15(sheet, checked, has_error) -> FindingBlock:
    """Medicare visit counted per code with more timed units than the pooled minutes make
    (each discipline's pool on its own)."""
    units, visit = sheet.units, sheet.entry_visit
    n = sheet.n_visits
    counted_timed = sheet.entry_timed & ~sheet.entry_aide
    timed_billed = np.bincount(visit, np.where(counted_timed, sheet.entry_billed, 0), n).astype(
        np.int64
    )
    total = units.timed_minutes
    pooled = np.bincount(sheet.group_visit, units_for_minutes_array(sheet.group_minutes), n).astype(
        np.int64
    )
    visit_checked = np.bincount(visit[checked], minlength=n) > 0
    flag = visit_checked & sheet.visit_medicare & ~sheet.cms & ~has_error & (timed_billed > pooled)
    where = np.flatnonzero(flag)
    return _block(
        "average-15-per-unit",
        "info",
        sheet.starts[where],
        texts_for(
            units_supported.average_15_message,
            timed_billed[where],
            total[where],
            pooled[where],
        ),
        whole_visit=True,
    )


def _units_texts(sheet, entries, support, advice) -> pd.Categorical:
    """The units finding of each entry: billed, supported, and why (the method's arithmetic)."""
    units, v = sheet.units, sheet.entry_visit[entries]
    cms = sheet.cms[v].astype(np.int64)
    several = sheet.visit_several[v]
    pool = np.where(several & (cms == 1), sheet.entry_pool[entries], -1)

    def text(code, billed, supported, want, is_cms, pool_minutes, minutes, pool):
        method = "cms" if is_cms else "ama"
        why = units_supported.why_units(
            code,
            minutes,
            want,
            method=method,
            day_minutes=pool_minutes,
            pool=sheet.pool_names[pool] if pool >= 0 else "",
        )
        return units_supported.units_message(code, billed, supported, why, advice.format(want=want))

    # the pool's figures only matter under CMS: 0 for AMA keeps the distinct texts few
    return texts_for(
        text,
        _label_at(sheet, entries),
        sheet.entry_billed[entries],
        support[entries],
        units.units[entries],
        cms,
        sheet.group_minutes[sheet.entry_group[entries]] * cms,
        sheet.entry_minutes[entries],
        pool,
    )


# --- a PT and a PTA on one service: toolkit.rules.assistant_share ------------------------------


def assistant_share_findings(sheet, facts) -> list[FindingBlock]:
    """Per code and pool of a Medicare visit: the assistant's minutes on unbilled lines only,
    no line with CQ/CO, and the per-unit test says one is needed."""
    blocks = []
    year = sheet.year
    for plan, modifier in assistant_share.PLAN_ASSISTANT.items():
        if plan not in sheet.pool_names:
            continue
        in_pool = (sheet.pool == sheet.pool_names.index(plan)) & sheet.timed
        lines = in_pool & sheet.medicare & (year >= 2020)
        if not lines.any():
            continue
        entry, n = sheet.entry, sheet.n_entries
        assistant = lines & facts.per_role(lambda r, m=modifier: r["assistant_modifier"] == m)
        if not assistant.any():
            continue
        # only the entries (a code and pool of a visit) with an assistant's line: few
        lines = lines & np.isin(entry, np.unique(entry[assistant]))

        def per_entry(mask, values):
            return np.bincount(entry[mask], values[mask], n).astype(np.int64)

        minutes_a = per_entry(assistant, sheet.minutes)
        minutes_t = per_entry(lines, sheet.minutes) - minutes_a
        units = per_entry(lines, sheet.billed)
        billed_assistant = per_entry(assistant, sheet.billed) > 0
        marked = per_entry(lines & facts.has[modifier], np.ones(len(entry), np.int64)) > 0
        entry_year = year[sheet.entry_first]
        candidate = (minutes_a > 0) & (units > 0) & ~billed_assistant & ~marked
        where = np.flatnonzero(candidate)
        need = np.array(
            [
                assistant_share.needs_modifier(a, t, u, y)
                for a, t, u, y in zip(
                    minutes_a[where].tolist(),
                    minutes_t[where].tolist(),
                    units[where].tolist(),
                    entry_year[where].tolist(),
                )
            ],
            bool,
        )
        where = where[need] if len(where) else where
        first_billed = np.full(n, len(entry), np.int64)
        billed_lines = np.flatnonzero(lines & (sheet.billed > 0))
        np.minimum.at(first_billed, entry[billed_lines], billed_lines)
        blocks.append(
            _block(
                "assistant-per-unit",
                "error",
                first_billed[where],
                texts_for(
                    lambda c, a, t, y, m=modifier: assistant_share.per_unit_message(c, m, a, t, y),
                    _code_at(sheet, sheet.entry_first[where]),
                    minutes_a[where],
                    minutes_t[where],
                    entry_year[where],
                ),
            )
        )
    return blocks


# --- who may bill: toolkit.rules.who_may_bill ---------------------------------------------------


def who_may_bill_findings(sheet, facts) -> list[FindingBlock]:
    billed, medicare = sheet.is_billed, sheet.medicare
    not_therapy = billed & facts.per_role(lambda r: r["medicare_therapy"] == "no")
    blocks = []
    where = np.flatnonzero(not_therapy & ~medicare)
    blocks.append(
        _block(
            "licence-not-title",
            "info",
            where,
            texts_for(
                lambda c, who: who_may_bill.not_a_therapist_message(
                    c, who, "licence-not-title", payer="commercial", has_gy=False
                ),
                _code_at(sheet, where),
                facts.role_at(where),
            ),
        )
    )
    excluded = facts.per_role(lambda r: is_excluded_role(r["role"]))
    where = np.flatnonzero(not_therapy & medicare & excluded & facts.has["GY"])
    blocks.append(
        _block(
            "chiropractor-medicare",
            "info",
            where,
            texts_for(
                lambda c, who: who_may_bill.not_a_therapist_message(
                    c, who, "chiropractor-medicare", payer="medicare", has_gy=True
                ),
                _code_at(sheet, where),
                facts.role_at(where),
            ),
        )
    )
    for rule_id in sorted(
        {r["rule_id"] for r in providers().values() if r["medicare_therapy"] == "no"}
    ):
        unless_gy = ~facts.has["GY"] if rule_id in EXCLUDED_ROLE_RULES else np.True_
        where = np.flatnonzero(
            not_therapy
            & medicare
            & unless_gy
            & facts.per_role(lambda r, rule_id=rule_id: r["rule_id"] == rule_id)
        )
        blocks.append(
            _block(
                rule_id,
                "error",
                where,
                texts_for(
                    lambda c, who, rule_id=rule_id: who_may_bill.not_a_therapist_message(
                        c, who, rule_id, payer="medicare", has_gy=False
                    ),
                    _code_at(sheet, where),
                    facts.role_at(where),
                ),
            )
        )
    slp_code = (
        np.isin(sheet.code_names, list(SLP_NOT_PERFORMED))[sheet.code]
        if len(sheet.code)
        else billed
    )
    where = np.flatnonzero(
        billed & facts.per_role(lambda r: r["medicare_therapy"] == "slp-only") & slp_code
    )
    blocks.append(
        _block(
            "slp-not-97530",
            "warning",
            where,
            texts_for(
                who_may_bill.slp_message,
                _code_at(sheet, where),
            ),
        )
    )
    return blocks


# --- what Medicare pays at all, and the ABN modifiers: toolkit.rules.medicare_coverage ----------


def coverage_findings(sheet, facts) -> list[FindingBlock]:
    billed, medicare = sheet.is_billed, sheet.medicare
    blocks = []
    for code, rule_id, severity, text in (
        ("97010", "medicare-97010-bundled", "warning", medicare_coverage.BUNDLED_97010_MESSAGE),
        ("97014", "medicare-97014-g0283", "error", medicare_coverage.G0283_MESSAGE),
    ):
        where = np.flatnonzero(billed & medicare & _is_code(sheet, code))
        blocks.append(_block(rule_id, severity, where, text))
    g0283 = billed & _is_code(sheet, "G0283")
    both = g0283 & sheet.visit_any(billed & _is_code(sheet, "97014"))[sheet.visit]
    for severity, mask, text in (
        ("error", both, medicare_coverage.BOTH_ESTIM_MESSAGE),
        ("warning", g0283 & ~both & ~medicare, medicare_coverage.G0283_COMMERCIAL_MESSAGE),
    ):
        blocks.append(_block("estim-one-code", severity, np.flatnonzero(mask), text))
    kx, ga, gz = facts.has["KX"], facts.has["GA"], facts.has["GZ"]
    for rule_id, mask, make in (
        ("kx-not-with-ga", kx & ga, lambda c: medicare_coverage.kx_with_abn_message(c, "GA")),
        ("kx-not-with-ga", kx & gz & ~ga, lambda c: medicare_coverage.kx_with_abn_message(c, "GZ")),
        ("abn-modifiers", ga & gz, medicare_coverage.ga_with_gz_message),
    ):
        where = np.flatnonzero(billed & mask)
        blocks.append(_block(rule_id, "error", where, texts_for(make, _code_at(sheet, where))))
    covered = facts.per_role(lambda r: r["medicare_therapy"] == "yes")
    where = np.flatnonzero(billed & medicare & facts.has["GY"] & covered)
    blocks.append(
        _block(
            "gy-excluded",
            "warning",
            where,
            texts_for(
                medicare_coverage.gy_covered_message,
                _code_at(sheet, where),
                facts.role_at(where),
            ),
        )
    )
    return blocks


# --- KX threshold: toolkit.rules.therapy_threshold ----------------------------------------------


def threshold_findings(sheet, facts) -> list[FindingBlock]:
    """The log has no yearly spending, so only 'no threshold on file for this year' can apply."""
    missing_year = np.isin(sheet.year, [y for y in sheet.years if y not in thresholds()])
    first = _first_per_visit(
        sheet, sheet.is_billed & facts.has["KX"] & sheet.medicare & missing_year
    )
    return [
        _block(
            "kx-threshold",
            "info",
            first,
            texts_for(
                therapy_threshold.no_threshold_message,
                sheet.year[first],
            ),
        )
    ]


# --- the audit registry: one check per claim rule family, under the family's name -----------

AUDIT_CHECKS = {  # in check_claim's order of families
    "modifiers": modifier_findings,
    "assistant_share": assistant_share_findings,
    "code_pairs": code_pair_findings,
    "evaluations": evaluation_findings,
    "one_line_per_code": one_line_per_code_findings,
    "units_supported": units_findings,
    "who_may_bill": who_may_bill_findings,
    "medicare_coverage": coverage_findings,
    "therapy_threshold": threshold_findings,
}
NO_AUDIT_CHECK = {  # families of toolkit.rules.registry with no check here, and why
    "same_minutes": "a visit log has no time blocks, so neither two services in the same"
    " minutes nor minutes beyond a line's clock times can be seen",
    "treatment_note": "a visit log holds no treatment notes",
    "units": "the 8-minute arithmetic is audited as expected units by"
    " toolkit.audit.units.units_by_visit (tested equal to bill_units), not as findings",
    "taught": "no claim, note or log field shows these rules: the lessons teach them",
    "claim_form": "a visit log has no claim-form boxes (diagnoses, pointers, NPIs, place of service)",
    "remittance": "a visit log holds no remittance advice (835) to explain",
}
