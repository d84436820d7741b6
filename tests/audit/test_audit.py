"""The visit-log audit: the same units as bill_units and the same findings as check_claim,
visit by visit, on random logs (ties, repeated codes and every rule's triggers included)."""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.audit.checks import NO_AUDIT_CHECK
from toolkit.audit.finding_blocks import FindingBlock
from toolkit.audit.units import units_by_visit, units_by_visit_loop
from toolkit.audit.visits import _per_row, audit_visits
from toolkit.errors import BillingInputError
from toolkit.reference import codes, normalize_provider, rule
from toolkit.rules.claims import check_claim
from toolkit.rules.disciplines import AIDE, label, pool_of
from toolkit.rules.findings import SEVERITIES
from toolkit.rules.registry import FAMILIES, owner
from toolkit.rules.units import bill_units

TIMED = ["97530", "97110", "97112", "97140", "97116", "97035"]
UNTIMED = ["97161", "97164", "97165", "97168", "97150", "97010", "97014", "G0283"]
MODIFIERS = ["GP", "GO", "GN", "CQ", "CO", "KX", "GA", "GZ", "GY", "59", "XU", "XS"]
ROLES = ["PT", "PTA", "OT", "OTA", "SLP", "chiropractor", "athletic trainer", "aide", "physician"]


def _visit(draw, visit_id, rich):
    n = draw(st.integers(1, 5))
    pool = TIMED + (UNTIMED if rich else [])
    code = st.sampled_from(pool)
    lines = []
    for _ in range(n):
        row = {"code": draw(code), "minutes": draw(st.integers(0, 60))}
        if rich:
            row["billed_units"] = draw(st.integers(0, 5))
            row["modifiers"] = " ".join(
                draw(st.lists(st.sampled_from(MODIFIERS), max_size=3, unique=True))
            )
            row["furnished_by"] = draw(st.sampled_from(ROLES))
        lines.append(row)
    if not rich:  # distinct codes, billed as supported or off by one
        seen = {}
        for row in lines:
            seen.setdefault(row["code"], row)
        lines = list(seen.values())
    payer = draw(st.sampled_from(["medicare", "commercial"])) if rich else "medicare"
    day = (
        draw(st.sampled_from(["2019-06-03", "2020-03-02", "2023-05-04", "2026-03-02"]))
        if rich
        else "2026-03-02"
    )
    return [{"visit_id": visit_id, "date": day, "payer": payer, **row} for row in lines]


@st.composite
def visit_logs(draw, rich=True, grouped=False):
    visits = [_visit(draw, f"V{i}", rich) for i in range(draw(st.integers(1, 12)))]
    rows = [row for visit in visits for row in visit]
    if not grouped and draw(st.booleans()):  # visits need not be grouped in the file
        rows = draw(st.permutations(rows))
    return pd.DataFrame(rows)


def _expected_by_label(lines):
    """Expected units per code and discipline pool, as check_claim names them ('97530 GO' when
    the visit has several pools); an aide's lines count nowhere (issue 21)."""
    pools = [
        pool_of(c, tuple(m.split()), normalize_provider(w))
        for c, m, w in zip(lines["code"], lines["modifiers"], lines["furnished_by"])
    ]
    several = len(set(pools) - {AIDE}) > 1
    out = {}
    for code, pool, n in zip(lines["code"], pools, lines["expected_units"]):
        if pool != AIDE:
            key = label(code, pool, several)
            out[key] = out.get(key, 0) + int(n)
    return out or None


# How a visit_id column can arrive: text, or numbers as pandas reads a CSV of numbers, as a
# spreadsheet stores them (floats), or as categories of either; all must audit alike.
ID_KINDS = ["text", "int", "float", "category of numbers", "category of text", "object text"]


def _ids_as(log: pd.DataFrame, kind: str) -> pd.DataFrame:
    numbers = log["visit_id"].str[1:].astype("int64") + 1001
    column = {
        "text": log["visit_id"],
        "int": numbers,
        "float": numbers.astype("float64"),
        "category of numbers": numbers.astype("category"),
        "category of text": log["visit_id"].astype("category"),
        "object text": (" " + numbers.astype(str)).astype(object),  # spaces around: stripped
    }[kind]
    return log.assign(visit_id=column)


def _claim_findings(check):
    """(rule, severity, line, message): the words too, written once in the rule modules."""
    return Counter((f.rule_id, f.severity, f.line, f.message) for f in check.findings)


def _audit_findings(result, visit_id):
    found = result.findings[result.findings["visit_id"] == visit_id]
    return Counter(
        (r, s, None if pd.isna(n) else int(n), m)
        for r, s, n, m in zip(found["rule"], found["severity"], found["line"], found["message"])
    )


def _by_family(found: Counter) -> dict[str, Counter]:
    """The findings split by the rule family that owns each rule (toolkit.rules.registry)."""
    split = {name: Counter() for name in FAMILIES}
    for key, n in found.items():
        split[owner(key[0])][key] = n
    return split


def _same_per_family(audit: Counter, claim: Counter, context) -> None:
    """Claim and audit agree family by family; a family the audit has no check for
    (NO_AUDIT_CHECK) finds nothing on a claim made from a log (no time blocks, no notes)."""
    audit, claim = _by_family(audit), _by_family(claim)
    for name in FAMILIES:
        assert audit[name] == claim[name], (name, context)
        if name in NO_AUDIT_CHECK:
            assert not claim[name], (name, context)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(visit_logs(rich=False), st.sampled_from(["cms", "ama"]), st.sampled_from(ID_KINDS))
def test_expected_units_equal_bill_units_visit_by_visit(log, method, id_kind):
    result = audit_visits(_ids_as(log, id_kind), method=method)
    assert len(result.lines) == len(log) and result.errors.empty
    for _visit, lines in result.lines.groupby("visit_id"):
        lines = lines.sort_values("line")
        expected = bill_units(dict(zip(lines["code"], lines["minutes"])), method=method)
        assert dict(zip(lines["code"], lines["expected_units"])) == expected.units


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(visit_logs(rich=True), st.sampled_from(["cms", "ama", None]), st.sampled_from(ID_KINDS))
def test_findings_equal_check_claim_visit_by_visit(log, method, id_kind):
    log = _ids_as(log, id_kind)
    result = audit_visits(log, method=method)
    assert len(result.lines) + len(result.errors) == len(log)
    for visit_id, lines in result.lines.groupby("visit_id"):
        lines = lines.sort_values("line")
        claim = [
            {"code": c, "units": int(u), "minutes": int(m), "modifiers": mods, "furnished_by": who}
            for c, u, m, mods, who in zip(
                lines["code"],
                lines["billed_units"],
                lines["minutes"],
                lines["modifiers"],
                lines["furnished_by"],
            )
        ]
        payer, year = lines["payer"].iloc[0], int(lines["date"].iloc[0][:4])
        check = check_claim(claim, payer=payer, year=year, method=method)
        found = _audit_findings(result, visit_id)
        _same_per_family(found, _claim_findings(check), (visit_id, claim, payer, year))
        assert _expected_by_label(lines) == check.expected_units


def test_ties_are_broken_as_bill_units_does():
    # 97530 and 97140 both 8 minutes: one unit, to the code listed first (the toolkit's order).
    log = pd.DataFrame(
        {
            "visit_id": ["A", "A", "B", "B"],
            "date": ["2026-03-02"] * 4,
            "code": ["97530", "97140", "97140", "97530"],
            "minutes": [8, 8, 8, 8],
            "billed_units": [0, 1, 0, 1],
            "modifiers": ["GP"] * 4,
        }
    )
    result = audit_visits(log)
    assert list(result.lines["expected_units"]) == [1, 0, 1, 0]
    # Either side of a tie is correct: billing the unit on the other code is no units finding.
    assert "doc-units-match-minutes" not in set(result.findings["rule"])


def test_cms_worked_example_and_a_units_finding_with_its_source():
    log = pd.DataFrame(
        {
            "visit_id": ["V1"] * 4,
            "date": ["2026-03-02"] * 4,
            "code": ["97110", "97140", "97116", "97035"],
            "minutes": [18, 13, 10, 8],
            "billed_units": [1, 1, 1, 1],
            "modifiers": ["GP"] * 4,
        }
    )
    result = audit_visits(log)
    assert list(result.lines["expected_units"]) == [1, 1, 1, 0]
    found = result.findings
    assert list(found["rule"]) == ["doc-units-match-minutes"] and list(found["row"]) == [5]
    assert found["source"].iloc[0] == rule("doc-units-match-minutes").citation
    assert result.visits["expected_units"].tolist() == [3] and result.visits[
        "billed_units"
    ].tolist() == [4]


def test_unreadable_rows_go_to_errors_with_row_number_and_reason():
    log = pd.DataFrame(
        {
            "visit_id": ["A", "A", "B", None, "C", "D"],
            "date": [
                "2026-03-02",
                "2026-03-02",
                "2026-13-40",
                "2026-03-02",
                "2026-03-02",
                "2026-03-02",
            ],
            "code": ["97530", "99999", "97530", "97530", "97530", "97110"],
            "minutes": [38, 10, 20, 20, "ten", 30],
        }
    )
    result = audit_visits(log)
    assert len(result.lines) + len(result.errors) == len(log)
    reasons = dict(zip(result.errors["row"], result.errors["reason"]))
    assert "99999 is not a code" in reasons[3]
    assert "row 3 of the same visit" in reasons[2]  # its visit cannot be audited without row 3
    assert "date" in reasons[4] and "visit_id" in reasons[5] and "'ten'" in reasons[6]
    assert list(result.lines["row"]) == [7]


def test_a_visit_over_a_day_of_minutes_is_not_audited():
    log = pd.DataFrame(
        {
            "visit_id": ["A", "A"],
            "date": ["2026-03-02"] * 2,
            "code": ["97530", "97110"],
            "minutes": [1000, 500],
        }
    )
    result = audit_visits(log)
    assert result.lines.empty and "1500" in result.errors["reason"].iloc[0]


def test_without_optional_columns_only_expected_units_and_the_checks_not_run():
    log = pd.DataFrame(
        {
            "visit_id": ["A", "A"],
            "date": ["2026-03-02"] * 2,
            "code": ["97530", "97110"],
            "minutes": [38, 10],
        }
    )
    result = audit_visits(log)
    assert list(result.lines["expected_units"]) == [2, 1]
    # No modifiers column: "no modifier" is not a finding on every line, it is a check not run.
    assert result.findings.empty
    skipped = dict(result.not_checked)
    assert skipped["therapy-modifier-required"] == "modifiers"
    assert skipped["doc-units-match-minutes"] == "billed_units"
    assert skipped["licence-not-title"] == "furnished_by"
    assert "Not checked: the log has no modifiers column" in result.summary()
    report = result.report()
    assert set(report.loc[report["severity"] == "not checked", "rule"]) == set(skipped)
    assert (report["message"] == "not checked: the log has no modifiers column").any()


def test_a_blank_modifiers_column_is_checked_line_by_line():
    log = pd.DataFrame(
        {
            "visit_id": ["A", "A"],
            "date": ["2026-03-02"] * 2,
            "code": ["97530", "97110"],
            "minutes": [38, 10],
            "modifiers": ["", ""],
            "billed_units": [2, 1],
            "furnished_by": ["PT", "PT"],
        }
    )
    result = audit_visits(log)
    assert result.not_checked == ()
    assert set(result.findings["rule"]) == {
        "therapy-modifier-required",
        "therapy-modifier-list-97530",
    }
    # a line's rule ids, worst severity first (the error, then the note)
    assert list(result.lines["findings"]) == [
        "therapy-modifier-required; therapy-modifier-list-97530",
        "therapy-modifier-required",
    ]
    assert list(result.lines["severity"]) == ["error", "error"]


DEFAULT_VALUES = {"billed_units": None, "modifiers": "", "furnished_by": "PT", "payer": "medicare"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    visit_logs(rich=True),
    st.sets(st.sampled_from(sorted(DEFAULT_VALUES))),
    st.sampled_from(["cms", None]),
)
def test_a_missing_column_switches_off_exactly_its_checks(log, dropped, method):
    """Without a column: the findings of the log with that column at its default value,
    less the checks that need the column, which are named as not run."""
    filled = log.assign(**{c: DEFAULT_VALUES[c] for c in dropped})
    without = audit_visits(log.drop(columns=sorted(dropped)), method=method)
    whole = audit_visits(filled, method=method)
    off = {rule_id for rule_id, _ in without.not_checked}
    assert {column for _, column in without.not_checked} <= dropped
    assert ("modifiers" in dropped) == ("therapy-modifier-required" in off)
    keep = ~whole.findings["rule"].isin(off).to_numpy()
    columns = ["row", "rule", "severity", "line", "message"]
    assert (
        without.findings[columns]
        .astype(str)
        .reset_index(drop=True)
        .equals(whole.findings[columns][keep].astype(str).reset_index(drop=True))
    )
    assert list(without.lines["expected_units"]) == list(whole.lines["expected_units"])


def test_bad_method_is_refused():
    with pytest.raises(BillingInputError, match="method"):
        audit_visits(
            pd.DataFrame({"visit_id": [], "date": [], "code": [], "minutes": []}), method="fast"
        )


def test_empty_log():
    result = audit_visits(pd.DataFrame({"visit_id": [], "date": [], "code": [], "minutes": []}))
    assert result.n_lines == 0 and result.n_errors == 0 and result.findings.empty


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 60), st.booleans()), min_size=1, max_size=14),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(["cms", "ama"]),
)
def test_vectorized_units_equal_the_plain_loop_both_ranking_paths(visits, method):
    """Small visits are ranked pairwise, large ones (over 12 codes) by sorting: both agree."""
    visit = np.repeat(np.arange(len(visits)), [len(v) for v in visits])
    minutes = np.array([m for v in visits for m, _ in v])
    timed = np.array([t for v in visits for _, t in v])
    got = units_by_visit(visit, minutes, timed, method).units
    assert list(got) == [u for v in units_by_visit_loop(visits, method) for u in v]


def test_the_plain_loop_matches_bill_units():
    table = codes()
    timed_codes = [c for c in table if table[c].timed][:6]
    minutes = {c: m for c, m in zip(timed_codes, [8, 8, 22, 37, 1, 14])}
    expected = bill_units(minutes, method="cms").units
    assert units_by_visit_loop([[(m, True) for m in minutes.values()]])[0] == list(
        expected.values()
    )


def _same_as_check_claim(log, method):
    result = audit_visits(log, method=method)
    lines = result.lines
    claim = [
        {"code": c, "units": int(u), "minutes": int(m), "modifiers": mods}
        for c, u, m, mods in zip(
            lines["code"], lines["billed_units"], lines["minutes"], lines["modifiers"]
        )
    ]
    check = check_claim(claim, payer=lines["payer"].iloc[0], method=method)
    assert _audit_findings(result, lines["visit_id"].iloc[0]) == _claim_findings(check)
    return result


def test_medicare_counted_per_code_gets_the_15_minute_note_for_the_whole_visit():
    log = pd.DataFrame(
        {
            "visit_id": ["A"] * 3,
            "date": ["2026-03-02"] * 3,
            "code": ["97530", "97110", "97140"],
            "minutes": [8, 8, 8],
            "billed_units": [1, 1, 1],
            "modifiers": ["GP"] * 3,
        }
    )
    result = _same_as_check_claim(log, "ama")
    note = result.findings[result.findings["rule"] == "average-15-per-unit"]
    assert len(note) == 1 and pd.isna(note["line"].iloc[0]) and note["row"].iloc[0] == 2


def test_a_tie_billed_twice_is_one_finding_on_the_first_tied_code():
    log = pd.DataFrame(
        {
            "visit_id": ["A"] * 2,
            "date": ["2026-03-02"] * 2,
            "code": ["97530", "97112"],
            "minutes": [23, 23],
            "billed_units": [2, 2],
            "modifiers": ["GP"] * 2,
        }
    )
    result = _same_as_check_claim(log, "cms")  # 46 min = 3 units; 2 + 2 billed
    assert list(
        zip(result.findings["rule"], result.findings["severity"], result.findings["line"])
    ) == [("doc-units-match-minutes", "error", 1)]


# CMS's PTP table in use (CPT97530_CODE_PAIRS): indicator 0 edits, and indicator 1 edits that
# replace ours in the other column order. Codes from the random logs' pool.
CMS_PTP_ROWS = [
    ("97530", "97110", "20200101", "*", "0"),
    ("97140", "97112", "20230101", "20260101", "0"),  # in force in 2023 only, of the logs' years
    ("97150", "97110", "20200101", "*", "0"),
    ("97116", "97530", "20200101", "*", "1"),
    ("97164", "97530", "20200101", "*", "1"),
]


@pytest.fixture
def cms_pairs(tmp_path, monkeypatch):
    from toolkit.reference import CODE_PAIRS_ENV, code_pairs, packaged_code_pairs
    from toolkit.reference.ptp_table import merge_pairs, pairs_csv, read_ptp_file

    table = tmp_path / "ptp.txt"
    table.write_text(
        "Synthetic PTP table\nColumn 1\tColumn 2\tprior\tEffective Date\tDeletion Date\tModifier\n"
        + "".join(
            "\t".join((a, b, "", start, end, m)) + "\n" for a, b, start, end, m in CMS_PTP_ROWS
        )
    )
    merged = tmp_path / "pairs.csv"
    merged.write_text(pairs_csv(merge_pairs(packaged_code_pairs(), read_ptp_file(table).rows).rows))
    monkeypatch.setenv(CODE_PAIRS_ENV, str(merged))
    code_pairs.cache_clear()
    yield
    monkeypatch.delenv(CODE_PAIRS_ENV)
    code_pairs.cache_clear()


def test_findings_equal_check_claim_with_cms_ptp_pairs(cms_pairs):
    log = pd.DataFrame(
        {
            "visit_id": ["A"] * 3,
            "date": ["2023-03-02"] * 3,
            "code": ["97530", "97110", "97112"],
            "minutes": [30, 15, 15],
            "billed_units": [2, 1, 1],
            "modifiers": ["GP", "GP XU", "GP"],
        }
    )
    result = _same_as_check_claim(log, "cms")
    found = result.findings[result.findings["rule"] == "ptp-not-bypassable"]
    assert list(zip(found["severity"], found["line"])) == [("error", 2)]  # XU does not bypass it
    test_findings_equal_check_claim_visit_by_visit()  # the random-log property, with these pairs


@settings(max_examples=60, deadline=None)
@given(
    pt=st.integers(1, 60),
    ot=st.integers(1, 60),
    pt_units=st.integers(0, 5),
    ot_units=st.integers(0, 5),
)
def test_pt_and_ot_lines_of_one_code_get_the_same_findings_as_check_claim(
    pt, ot, pt_units, ot_units
):
    # A visit log has no time blocks, so neither the audit nor check_claim can see that the
    # two lines were one shared block: both count them as two blocks, and agree.
    log = pd.DataFrame(
        {
            "visit_id": ["A"] * 2,
            "date": ["2026-03-02"] * 2,
            "code": ["97530"] * 2,
            "minutes": [pt, ot],
            "billed_units": [pt_units, ot_units],
            "modifiers": ["GP", "GO"],
            "furnished_by": ["PT", "OT"],
        }
    )
    result = audit_visits(log, method="cms")
    claim = [
        {"code": "97530", "units": u, "minutes": m, "modifiers": mods, "furnished_by": who}
        for u, m, mods, who in ((pt_units, pt, "GP", "PT"), (ot_units, ot, "GO", "OT"))
    ]
    check = check_claim(claim)
    assert _audit_findings(result, "A") == _claim_findings(check)
    assert "co-treatment-once" not in check.rule_ids


# --- a log audited in pieces (the command line on a large file) ---------------------------

BAD_CELLS = [("minutes", "ten"), ("code", "99999"), ("date", "2026-13-40"), ("visit_id", None)]


@st.composite
def grouped_logs_with_bad_rows(draw):
    log = draw(visit_logs(rich=True, grouped=True))
    for _ in range(draw(st.integers(0, 3))):  # a few unreadable cells, anywhere
        column, value = draw(st.sampled_from(BAD_CELLS))
        log[column] = log[column].astype(object)
        log.loc[draw(st.integers(0, len(log) - 1)), column] = value
    return log


def _audit_file_in_pieces(path, method, chunk_bytes, chunk_rows=3):
    import io

    from toolkit.audit.report import ReportWriter
    from toolkit.audit.visit_log import read_visit_log_chunks
    from toolkit.audit.visits import audit_in_chunks

    sink = io.StringIO()
    writer = ReportWriter(sink)
    pieces = read_visit_log_chunks(path, chunk_bytes=chunk_bytes, chunk_rows=chunk_rows)
    totals = audit_in_chunks(pieces, method=method, keep=7, each=writer.add)
    writer.finish()
    return totals, sink.getvalue()


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    grouped_logs_with_bad_rows(),
    st.sampled_from(["cms", None]),
    st.integers(40, 400),
    st.sampled_from([".csv", ".parquet"]),
    st.sets(st.sampled_from(["modifiers", "furnished_by"])),
)
def test_a_log_audited_in_pieces_equals_the_whole_audit(
    tmp_path_factory, log, method, chunk_bytes, suffix, dropped
):
    """Small pieces (a few lines each), so visits meet the piece edges: the same summary, the
    same first findings, and the same CSV report, byte for byte, as the whole-table audit."""
    from toolkit.audit.report import report_csv_text
    from toolkit.audit.visit_log import read_visit_log

    path = tmp_path_factory.mktemp("pieces") / f"log{suffix}"
    log = log.drop(columns=sorted(dropped))
    if suffix == ".csv":
        log.to_csv(path, index=False)
    else:
        log.astype({c: str for c in log.columns if log[c].dtype == object}).to_parquet(
            path, index=False
        )
    whole = audit_visits(read_visit_log(path), method=method)
    totals, report = _audit_file_in_pieces(path, method, chunk_bytes)
    assert totals.counts() == whole.counts()
    assert totals.summary() == whole.summary()
    assert report == report_csv_text(whole)
    assert totals.findings.astype(str).equals(whole.findings.head(7).astype(str))
    assert totals.errors.astype(str).equals(whole.errors.head(7).astype(str))


def test_a_visit_on_both_sides_of_a_piece_edge_is_audited_whole(tmp_path):
    from toolkit.audit.visit_log import read_visit_log_chunks

    log = pd.DataFrame(
        {
            "visit_id": ["A"] * 3 + ["B"] * 3,
            "date": ["2026-03-02"] * 6,
            "code": ["97530", "97110", "97140"] * 2,
            "minutes": [20, 20, 20, 8, 8, 8],
            "billed_units": [1, 1, 1, 1, 1, 1],
            "modifiers": ["GP"] * 6,
        }
    )
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    # 60 bytes hold about two lines: every piece edge falls inside a visit, and is moved
    pieces = list(read_visit_log_chunks(path, chunk_bytes=60))
    assert [(first, list(table["visit_id"])) for first, table in pieces] == [
        (2, ["A"] * 3),
        (5, ["B"] * 3),
    ]
    totals, _ = _audit_file_in_pieces(path, "cms", 60)
    whole = audit_visits(log)
    assert totals.counts() == whole.counts() and totals.n_pieces == 2
    assert list(totals.findings["row"]) == list(
        whole.findings["row"]
    )  # B: 24 pooled min = 2 units, billed 3


def test_a_log_not_grouped_by_visit_is_detected(tmp_path):
    from toolkit.audit.visits import NotGroupedByVisit

    log = pd.DataFrame(
        {
            "visit_id": ["A", "B", "C", "D", "A"],
            "date": ["2026-03-02"] * 5,
            "code": ["97530", "97110", "97140", "97110", "97110"],
            "minutes": [20] * 5,
        }
    )
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    with pytest.raises(NotGroupedByVisit, match="row 6"):
        _audit_file_in_pieces(path, "cms", 40)
    # the same visit_id on another date is another visit: no complaint
    log.loc[4, "date"] = "2026-03-03"
    log.to_csv(path, index=False)
    totals, _ = _audit_file_in_pieces(path, "cms", 40)
    assert totals.counts()["visits"] == 5


def test_the_findings_chart_names_rules_by_title_not_by_id():
    from toolkit.audit.report import rule_label
    from toolkit.reference import rules

    for rule_id, found in rules().items():
        label = rule_label(rule_id)
        assert len(label) <= 45 and label.rstrip("…") in found.title and rule_id not in label


def _lists_from_findings(result) -> tuple[list[str], list[str]]:
    """Each line's rule list and worst severity, read plainly off the findings table."""
    order = {s: k for k, s in enumerate(SEVERITIES)}
    by_row: dict[int, list] = {}
    for row, r, s in zip(
        result.findings["row"], result.findings["rule"], result.findings["severity"]
    ):
        by_row.setdefault(int(row), []).append((order[s], r))
    texts, worst = [], []
    for row in result.lines["row"]:
        found = sorted(by_row.get(int(row), []))
        texts.append("; ".join(dict.fromkeys(r for _, r in found)))
        worst.append(SEVERITIES[found[0][0]] if found else "")
    return texts, worst


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(visit_logs(rich=True), st.sampled_from(["cms", "ama", None]))
def test_each_lines_rule_list_and_worst_severity_match_its_findings(log, method):
    result = audit_visits(log, method=method)
    texts, worst = _lists_from_findings(result)
    assert list(result.lines["findings"]) == texts
    assert list(result.lines["severity"]) == worst


def test_line_lists_past_one_word_of_rule_and_severity_pairs():
    # 70 made-up rules as warnings, 10 of them also as errors: 80 (severity, rule) pairs, two
    # 63-bit words.
    rules = [f"rule-{k:02d}" for k in range(70)]
    blocks = [
        FindingBlock(r, "warning", np.array([k % 5, 5 + k % 3]), ["w"] * 2)
        for k, r in enumerate(rules)
    ] + [FindingBlock(r, "error", np.array([k % 4]), ["e"]) for k, r in enumerate(rules[::7])]
    text, worst = _per_row(9, blocks)
    for line in range(9):
        found = sorted(
            (SEVERITIES.index(b.severity), b.rule_id) for b in blocks if line in b.positions
        )
        assert text[line] == "; ".join(dict.fromkeys(r for _, r in found))
        assert worst[line] == (SEVERITIES[found[0][0]] if found else "")
    assert text[8] == "" and worst[8] == ""


# --- issue 21: where PT, OT, aides and assistants meet ------------------------------------

SHARED_ROLES = [("PT", "GP"), ("PTA", "GP"), ("PTA", "GP CQ"), ("OT", "GO"), ("OTA", "GO CO")]
SHARED_ROLES += [("OTA", "GO"), ("aide", ""), ("SLP", "GN"), ("PT", "GO")]


@st.composite
def shared_services(draw):
    """One visit where therapists, assistants and aides share a few codes: every line with
    its minutes, many with 0 units (documented, not billed)."""
    rows = []
    for _ in range(draw(st.integers(2, 6))):
        who, modifiers = draw(st.sampled_from(SHARED_ROLES))
        rows.append(
            {
                "code": draw(st.sampled_from(["97530", "97110", "97535", "97014", "G0283"])),
                "minutes": draw(st.integers(0, 40)),
                "billed_units": draw(st.sampled_from([0, 0, 1, 2, 3])),
                "modifiers": modifiers,
                "furnished_by": who,
            }
        )
    return (
        rows,
        draw(st.sampled_from(["medicare", "commercial"])),
        draw(st.sampled_from([2021, 2026])),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shared_services(), st.sampled_from(["cms", "ama", None]))
def test_shared_services_get_the_same_findings_and_units_as_check_claim(visit, method):
    # Disciplines in their own pools, aides never counted, CQ/CO per unit on a service with an
    # unbilled assistant line: the audit twin agrees with check_claim family by family.
    rows, payer, year = visit
    log = pd.DataFrame(
        [{"visit_id": "A", "date": f"{year}-03-02", "payer": payer, **r} for r in rows]
    )
    result = audit_visits(log, method=method)
    claim = [
        {
            "code": r["code"],
            "units": r["billed_units"],
            "minutes": r["minutes"],
            "modifiers": r["modifiers"],
            "furnished_by": r["furnished_by"],
        }
        for r in rows
    ]
    check = check_claim(claim, payer=payer, year=year, method=method)
    _same_per_family(_audit_findings(result, "A"), _claim_findings(check), (claim, payer, year))
    lines = result.lines.sort_values("line")
    assert _expected_by_label(lines) == check.expected_units
