"""The code-pair edits from code_pairs.csv (one service per 15 minutes: test_same_minutes.py)."""

import pytest
from claim_cases import hits, line
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.rules.claims import check_claim
from toolkit.rules.code_pairs import active_code_pairs, pair_history


@pytest.mark.parametrize(
    "lines, rule_id, expected",
    [
        # 97140 (column one) with 97530 (column two), from secondary sources: a warning, on 97530
        ([line("97530", "A"), line("97140", "B")], "code-pair-edit", [("warning", 1)]),
        ([line("97140", "B"), line("97530", "A")], "code-pair-edit", [("warning", 2)]),
        ([line("97530", "A", "GP XU"), line("97140", "B")], "code-pair-edit", []),
        (
            [line("97530", "A", "GP 59"), line("97140", "B")],
            "code-pair-edit",
            [],
        ),  # 59 is as good as XU
        ([line("97530", None, "GP XU"), line("97140", None)], "ptp-edit-bypass", [("warning", 1)]),
        (
            [line("97530", "A", "GP XU"), line("97140", "9:00-9:10")],
            "ptp-edit-bypass",
            [("warning", 1)],
        ),
        ([line("97530", "A", "GP XU"), line("97140", "B")], "ptp-edit-bypass", []),
        ([line("97530", "A", "GP"), line("97140", "B", "GP XU")], "code-pair-edit", [("info", 1)]),
        # 97530 with 97116: whether the edit is in force now is UNVERIFIED: a warning
        ([line("97530", "A"), line("97116", "B")], "code-pair-edit", [("warning", 2)]),
        ([line("97530", "A"), line("97116", "B", "GP XU")], "code-pair-edit", []),
        # group vs one-on-one: the same minutes are an error; separate blocks only a warning
        ([line("97530", "A"), line("97150", "A")], "one-on-one-or-group", [("error", 2)]),
        (
            [line("97530", "10:00-10:30"), line("97150", "11:00-11:45")],
            "code-pair-edit",
            [("warning", 2)],
        ),
        ([line("97530", "A"), line("97150", "B", "GP XU")], "code-pair-edit", []),
        # re-evaluation: 59/X on 97164 when the services were separate and distinct
        ([line("97530", "A"), line("97164", "B")], "re-evaluation-edit", [("warning", 2)]),
        ([line("97150", "A"), line("97164", "B", "GP XU")], "re-evaluation-edit", []),
        ([line("97530", "A", "GP XU"), line("97164", "B")], "code-pair-edit", [("info", 2)]),
        # deleted evaluation edits are history, not applied
        ([line("97530", "A"), line("97161", "B")], "code-pair-edit", []),
        # 0 units: documented, not billed, no edit
        ([line("97530", "A"), line("97140", "B", units=0)], "code-pair-edit", []),
    ],
)
def test_code_pairs(lines, rule_id, expected):
    assert hits(check_claim(lines), rule_id) == expected


def test_pair_edit_message_names_where_the_modifier_goes_and_the_source():
    check = check_claim([line("97530", "A"), line("97140", "B")])
    [finding] = [f for f in check.findings if f.rule_id == "code-pair-edit"]
    assert "separate time intervals" in finding.message and "on 97530" in finding.message
    assert (
        "secondary source" in finding.message and "check the current PTP table" in finding.message
    )
    assert check.ok  # a pair held only from secondary sources is a warning, never an error
    unknown = check_claim([line("97530", "A"), line("97116", "B")])
    [finding] = [f for f in unknown.findings if f.rule_id == "code-pair-edit"]
    assert "either code" in finding.message and "not confirmed" in finding.message
    assert "UNVERIFIED" in finding.message and "2020-10-01" in finding.message


def test_no_finding_prefers_xu_to_59():
    check = check_claim([line("97530", "A", "GP 59"), line("97140", "B")])
    assert not [f for f in check.findings if "prefer" in f.message.lower()]
    assert "x-modifier-preferred" not in {
        r for r in __import__("toolkit.reference").reference.rules()
    }


def test_re_evaluation_message_is_about_separate_services_not_status():
    check = check_claim([line("97530", "A"), line("97164", "B")])
    [finding] = [f for f in check.findings if f.rule_id == "re-evaluation-edit"]
    assert (
        "separate and distinct" in finding.message
        and "billed in the first place" in finding.message
    )
    # routed through listed_by: its source, its date, and where to check
    assert "APTA" in finding.message and "since 2020-10-01" in finding.message
    assert "check the current PTP table" in finding.message


def test_97164_pairs_date_from_their_reinstatement_and_the_unsourced_pair_has_no_date():
    from toolkit.reference import code_pairs

    dates = {(p["column_one"], p["column_two"]): p["effective"] for p in code_pairs()}
    assert dates[("97530", "97164")] == dates[("97150", "97164")] == "2020-10-01"
    assert dates[("97150", "97530")] == ""  # no source, so no date to give
    assert not [
        f
        for f in check_claim([line("97530", "A"), line("97164", "B")], year=2019).findings
        if f.rule_id == "re-evaluation-edit"
    ]
    [warning] = [
        f
        for f in check_claim([line("97150", "A"), line("97530", "B")]).findings
        if f.rule_id == "code-pair-edit"
    ]
    assert (
        warning.severity == "warning"
        and "no date" in warning.message
        and "since" not in warning.message
    )


@pytest.fixture
def cms_table_pairs(tmp_path, monkeypatch):
    """A merged pairs file as `cpt97530 pairs` writes it, with 97140/97530 confirmed by CMS."""
    from toolkit.reference import CODE_PAIRS_ENV, code_pairs, packaged_code_pairs
    from toolkit.reference.ptp_table import merge_pairs, pairs_csv, read_ptp_file

    table = tmp_path / "ptp.txt"
    table.write_text(
        "Column 1\tColumn 2\tprior\tEffective Date\tDeletion Date\tModifier\n"
        "97140\t97530\t\t20200101\t*\t1\n97150\t97530\t\t20200101\t*\t1\n"
    )
    merged = tmp_path / "pairs.csv"
    merged.write_text(pairs_csv(merge_pairs(packaged_code_pairs(), read_ptp_file(table).rows).rows))
    monkeypatch.setenv(CODE_PAIRS_ENV, str(merged))
    code_pairs.cache_clear()
    yield
    monkeypatch.delenv(CODE_PAIRS_ENV)
    code_pairs.cache_clear()


def test_a_pair_confirmed_in_a_loaded_cms_table_is_an_error(cms_table_pairs):
    check = check_claim([line("97530", "A"), line("97140", "B")])
    [finding] = [f for f in check.findings if f.rule_id == "code-pair-edit"]
    assert finding.severity == "error" and "CMS NCCI practitioner PTP table" in finding.message
    group = check_claim([line("97530", "10:00-10:30"), line("97150", "11:00-11:45")])
    assert hits(group, "code-pair-edit") == [("error", 1)]  # CMS: modifier on 97530, column two
    # the one CMS did not list keeps its warning
    assert hits(check_claim([line("97530", "A"), line("97116", "B")]), "code-pair-edit") == [
        ("warning", 2)
    ]


def test_group_pair_explains_group_versus_one_on_one():
    check = check_claim([line("97530", "A"), line("97150", "A")])
    assert any("one-on-one" in f.message and "group" in f.message for f in check.findings)


@pytest.mark.parametrize(
    "year, applied",
    [
        (2019, {("97150", "97530")}),  # undated (no source found): always only a warning to check
        (
            2020,
            {
                ("97140", "97530"),
                ("97530", "97116"),
                ("97150", "97530"),
                ("97530", "97164"),
                ("97150", "97164"),
            },
        ),
        (
            2026,
            {
                ("97140", "97530"),
                ("97530", "97116"),
                ("97150", "97530"),
                ("97530", "97164"),
                ("97150", "97164"),
            },
        ),
    ],
)
def test_active_pairs_by_year(year, applied):
    assert {(r["column_one"], r["column_two"]) for r in active_code_pairs(year)} == applied


def test_deleted_evaluation_edits_are_kept_as_history():
    history = pair_history()
    assert len(history) == 6 and all(row["ended"] == "2020-01-24" for row in history)


@settings(deadline=None)
@given(
    first=st.sampled_from(["97530", "97150"]),
    second=st.sampled_from(["97140", "97116", "97530", "97164"]),
    bypass=st.sampled_from(["59", "XU", "XS", "XE", "XP"]),
    on_first=st.booleans(),
    gap=st.integers(0, 60),
    length=st.integers(1, 30),
)
def test_adding_a_bypass_never_adds_an_error_for_separate_blocks(
    first, second, bypass, on_first, gap, length
):
    if first == second:
        return
    start2 = 9 * 60 + length + gap
    blocks = (
        f"9:00-9:{length:02d}",
        f"{start2 // 60}:{start2 % 60:02d}-{(start2 + length) // 60}:{(start2 + length) % 60:02d}",
    )
    plain = [line(first, blocks[0]), line(second, blocks[1])]
    marked = [
        line(first, blocks[0], "GP " + bypass if on_first else "GP"),
        line(second, blocks[1], "GP" if on_first else "GP " + bypass),
    ]
    before = {f for f in check_claim(plain).findings if f.severity == "error"}
    after = {f for f in check_claim(marked).findings if f.severity == "error"}
    assert {(f.rule_id, f.line) for f in after} <= {(f.rule_id, f.line) for f in before}
