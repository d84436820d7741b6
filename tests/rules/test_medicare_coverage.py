"""What Medicare pays for at all, and the ABN modifiers (toolkit.rules.medicare_coverage)."""

import pytest
from claim_cases import family_found, gp
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.rules import medicare_coverage
from toolkit.rules.claims import check_claim


@pytest.mark.parametrize(
    "lines, payer, expected",
    [
        (
            [gp("97010", 1, 10), gp("97530", 2, 30)],
            "medicare",
            {("medicare-97010-bundled", "warning", 1)},
        ),
        (
            [gp("97014", 1, 15), gp("97530", 2, 30)],
            "medicare",
            {("medicare-97014-g0283", "error", 1)},
        ),  # issue 21: not valid for Medicare, an error (was a warning)
        ([gp("G0283", 1, 15), gp("97530", 2, 30)], "medicare", set()),
        (
            [gp("97010", 1, 10), gp("97014", 1, 15)],
            "commercial",
            set(),
        ),  # other payers may take them
        ([gp("97010", 0, 10), gp("97530", 2, 30)], "medicare", set()),  # documented, not billed
    ],
)
def test_medicare_warns_on_97010_and_97014(lines, payer, expected):
    found = {
        (f.rule_id, f.severity, f.line)
        for f in check_claim(lines, payer=payer).findings
        if f.rule_id.startswith("medicare-")
    }
    assert found == expected


@pytest.mark.parametrize(
    "lines, payer, expected",
    [
        ([gp("G0283", 1, 15), gp("97530", 2, 30)], "commercial", [("warning", 1)]),
        ([gp("G0283", 1, 15)], "medicare", []),  # Medicare's own code
        ([gp("97014", 1, 15)], "commercial", []),
        ([gp("97014", 1, 15), gp("G0283", 1, 15)], "medicare", [("error", 2)]),
        ([gp("G0283", 1, 15), gp("97014", 1, 15)], "commercial", [("error", 1)]),
        ([gp("97014", 0, 15), gp("G0283", 1, 15)], "medicare", []),  # 97014 only documented
    ],
)
def test_g0283_to_a_commercial_payer_warns_and_both_codes_are_an_error(lines, payer, expected):
    # issue 21: G0283 is Medicare's code (most commercial payers expect 97014); one service
    # under both codes is billed twice.
    check = check_claim(lines, payer=payer)
    assert [(f.severity, f.line) for f in check.findings if f.rule_id == "estim-one-code"] == (
        expected
    )


def test_97014_message_names_g0283_and_97010_says_bundled():
    check = check_claim([gp("97010", 1, 10), gp("97014", 1, 15)])
    messages = {f.rule_id: f.message for f in check.findings}
    assert "bundled" in messages["medicare-97010-bundled"]
    assert "G0283" in messages["medicare-97014-g0283"]


@pytest.mark.parametrize(
    "modifiers, payer, expected",
    [
        ("GP KX GA", "medicare", [("kx-not-with-ga", "error")]),
        ("GP KX GA", "commercial", [("kx-not-with-ga", "error")]),
        ("GP GA GZ", "medicare", [("abn-modifiers", "error")]),
        (
            "GP KX GZ",
            "medicare",
            [("kx-not-with-ga", "error")],
        ),  # KX says necessary, GZ expects denial
        ("GP KX GZ", "commercial", [("kx-not-with-ga", "error")]),
        ("GP GZ", "medicare", []),
        ("GP GA", "medicare", []),
        ("GP KX", "medicare", []),
        (
            "GP GY",
            "medicare",
            [("gy-excluded", "warning")],
        ),  # a PT's therapy is covered, not excluded
        ("GP GY", "commercial", []),
    ],
)
def test_abn_modifiers(modifiers, payer, expected):
    found = [
        (f.rule_id, f.severity)
        for f in check_claim([gp("97530", 2, 30, modifiers=modifiers)], payer=payer).findings
        if f.rule_id in ("kx-not-with-ga", "abn-modifiers", "gy-excluded")
    ]
    assert found == expected


def test_over_the_threshold_ga_instead_of_kx_is_not_an_error():
    spend = {"PT/SLP": 2600}
    plain = check_claim([gp("97530", 2, 30)], therapy_spend=spend)
    assert [f.severity for f in plain.findings if f.rule_id == "kx-threshold"] == ["error"]
    with_ga = check_claim([gp("97530", 2, 30, modifiers="GP GA")], therapy_spend=spend)
    assert with_ga.ok and [
        f.severity for f in with_ga.findings if f.rule_id == "abn-modifiers"
    ] == ["info"]
    assert "ABN" in next(f.message for f in with_ga.findings if f.rule_id == "abn-modifiers")
    both = check_claim([gp("97530", 2, 30, modifiers="GP KX GA")], therapy_spend=spend)
    assert not both.ok and "kx-not-with-ga" in both.rule_ids


@settings(deadline=None)
@given(
    mods=st.lists(st.sampled_from(["GP", "KX", "GA", "GZ", "GY", "59"]), unique=True, max_size=5)
)
def test_kx_with_ga_is_refused_whatever_else_is_on_the_line(mods):
    check = check_claim(
        [gp("97530", 2, 30, modifiers=" ".join(["GP", *[m for m in mods if m != "GP"]]))]
    )
    assert ("kx-not-with-ga" in check.rule_ids) == ("KX" in mods and bool({"GA", "GZ"} & set(mods)))
    assert (
        len([f for f in check.findings if f.rule_id == "kx-not-with-ga"]) <= 1
    )  # one finding a line


def test_gy_on_a_therapists_line_names_the_role_with_its_article():
    [finding] = [
        f
        for f in check_claim([gp("97530", 2, 30, modifiers="GP GY")]).findings
        if f.rule_id == "gy-excluded"
    ]
    assert "furnished by a physical therapist is" in finding.message


# Sources (rules.csv; reference §7-8): medicare-97010-bundled, medicare-97014-g0283: CMS
# physician fee schedule (widely quoted, secondary); kx-not-with-ga, abn-modifiers,
# gy-excluded: CMS Pub 100-04 Ch.30 (details secondary), Pub 100-02 Ch.15 §240.1.1.
@pytest.mark.parametrize(
    "lines, payer, expected",
    [
        (
            [gp("97010", 1, 10), gp("97014", 1, 15)],
            "medicare",
            [("medicare-97010-bundled", "warning", 1), ("medicare-97014-g0283", "error", 2)],
        ),
        ([gp("97014", 1, 15)], "commercial", []),  # other payers may still use 97014
        (
            [gp("97530", 2, 30, modifiers="GP KX GA GZ")],
            "medicare",
            [("abn-modifiers", "error", 1), ("kx-not-with-ga", "error", 1)],
        ),  # both contradictions on one line: two findings
        (
            [gp("97530", 2, 30, modifiers="GP GY", who="OT")],
            "medicare",
            [("gy-excluded", "warning", 1)],
        ),  # an OT's therapy is covered too
        (
            [gp("97530", 2, 30, modifiers="GP GY", who="chiropractor")],
            "medicare",
            [],
        ),  # a chiropractor's therapy is excluded by statute: GY is right (§240.1.1)
    ],
)
def test_the_family_alone_and_check_claim_agree(lines, payer, expected):
    assert family_found(medicare_coverage, lines, payer=payer) == expected
