"""Who may bill therapy codes: licence and payer, not title."""

import pytest
from claim_cases import hits

from toolkit.rules.claims import ClaimLine, check_claim


def line(code="97530", who="PT", modifiers="GP", units=1):
    return ClaimLine(code, units, modifiers, 15, None, who)


@pytest.mark.parametrize(
    "who, payer, rule_id, severity",
    [
        ("chiropractor", "medicare", "chiropractor-medicare", "error"),
        ("DC", "medicare", "chiropractor-medicare", "error"),
        ("athletic trainer", "medicare", "non-therapist-medicare", "error"),
        ("ATC", "medicare", "non-therapist-medicare", "error"),
        ("massage therapist", "medicare", "non-therapist-medicare", "error"),
        ("kinesiotherapist", "medicare", "non-therapist-medicare", "error"),
        ("personal trainer", "medicare", "non-therapist-medicare", "error"),
        ("chiropractor", "commercial", "licence-not-title", "info"),
        ("athletic trainer", "commercial", "licence-not-title", "info"),
    ],
)
def test_who_may_not_bill_therapy(who, payer, rule_id, severity):
    check = check_claim([line(), line("97110", who)], payer=payer)
    assert hits(check, rule_id) == [(severity, 2)]


@pytest.mark.parametrize("who", ["PT", "OT", "physician", "nurse practitioner", "PTA"])
def test_licensed_providers_raise_no_who_may_bill_finding(who):
    modifiers = {"OT": "GO", "PTA": "GP CQ"}.get(who, "GP")
    check = check_claim([line(who=who, modifiers=modifiers)])
    assert not check.rule_ids & {
        "chiropractor-medicare",
        "non-therapist-medicare",
        "licence-not-title",
    }


@pytest.mark.parametrize(
    "code, payer, expected",
    [
        ("97530", "medicare", [("warning", 1)]),
        ("97110", "medicare", [("warning", 1)]),
        ("97112", "commercial", [("warning", 1)]),
        ("97150", "medicare", [("warning", 1)]),
        ("92507", "medicare", []),
        ("97535", "medicare", []),
    ],
)
def test_slp_on_pt_ot_codes(code, payer, expected):
    check = check_claim([line(code, "speech therapist", "GN")], payer=payer)
    assert hits(check, "slp-not-97530") == expected


def test_chiropractor_finding_cites_the_benefit_policy_manual_and_gy():
    [finding] = [
        f
        for f in check_claim([line(who="chiropractor")]).findings
        if f.rule_id == "chiropractor-medicare"
    ]
    assert finding.severity == "error" and finding.confidence == "CMS"
    assert "Pub 100-02 Ch.15 §240.1.1" in finding.source and "GY" in finding.message


def test_chiropractor_line_with_gy_is_filed_for_a_denial_not_an_error():
    check = check_claim([line(who="chiropractor", modifiers="GP GY")])
    [finding] = [f for f in check.findings if f.rule_id == "chiropractor-medicare"]
    assert finding.severity == "info" and "denial" in finding.message and check.ok
    assert "gy-excluded" not in check.rule_ids  # GY is right for an excluded service


def test_chiropractor_line_with_gy_alone_needs_no_therapy_modifier_as_ex10_teaches():
    # No therapy plan of care: GY alone marks the excluded service; GP would claim a plan.
    check = check_claim([line(who="chiropractor", modifiers="GY")])
    assert check.ok and [(f.rule_id, f.severity) for f in check.findings] == [
        ("chiropractor-medicare", "info")
    ]
    # A therapist's line without GP/GO/GN still needs one, GY or not.
    assert hits(check_claim([line(modifiers="GY")]), "therapy-modifier-required") == [("error", 1)]
    # An athletic trainer's therapy is not excluded, just not therapy: no exemption.
    assert hits(
        check_claim([line(who="athletic trainer", modifiers="GY")]), "therapy-modifier-required"
    )


@pytest.mark.parametrize("modifiers", ["GY", "GP GY", "GP"])
def test_an_excluded_service_over_the_threshold_is_never_told_it_needs_kx(modifiers):
    check = check_claim(
        [line(who="chiropractor", modifiers=modifiers)], therapy_spend={"PT/SLP": 2650}
    )
    assert "kx-threshold" not in check.rule_ids
    assert hits(check_claim([line(modifiers="GP")], therapy_spend={"PT/SLP": 2650}), "kx-threshold")


def test_gy_does_not_excuse_an_athletic_trainer_or_an_aide():
    for who in ("athletic trainer", "aide"):
        check = check_claim([line(who=who, modifiers="GP GY")])
        assert not check.ok and "gy-excluded" not in check.rule_ids


def test_aide_is_not_a_therapist_for_medicare():
    [finding] = [f for f in check_claim([line(who="rehab aide")]).findings if f.severity == "error"]
    assert finding.rule_id == "aides-not-therapy" and "Pub 100-02 Ch.15 §230.1" in finding.source


def test_zero_unit_line_is_not_billed_so_not_flagged():
    check = check_claim([line(who="chiropractor", units=0)])
    assert "chiropractor-medicare" not in check.rule_ids
