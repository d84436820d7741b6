"""GP/GO/GN, CQ/CO pairing, assistant modifiers and the discipline match, through check_claim."""

import pytest
from claim_cases import hits

from toolkit.rules.claims import ClaimLine, check_claim


def line(code="97530", modifiers="GP", who="PT", units=1, minutes=15):
    return ClaimLine(code, units, modifiers, minutes, None, who)


@pytest.mark.parametrize(
    "lines, payer, expected",
    [
        ([line(modifiers="")], "medicare", [("error", 1)]),
        ([line(modifiers="KX")], "medicare", [("error", 1)]),
        ([line(modifiers="")], "commercial", [("info", 1)]),
        ([line(modifiers="GP GO")], "medicare", [("error", 1)]),
        ([line(modifiers="GP GN")], "commercial", [("error", 1)]),
        ([line(), line("97110", "")], "medicare", [("error", 2)]),
        ([line(), line("97110", "GO", "OT")], "medicare", []),
        ([line(modifiers="", units=0)], "medicare", []),  # documented, not billed
    ],
)
def test_therapy_modifier_required(lines, payer, expected):
    assert hits(check_claim(lines, payer=payer), "therapy-modifier-required") == expected


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([line(modifiers="")], [("info", 1)]),
        ([line(modifiers="GP GO")], [("info", 1)]),
        ([line("97110", ""), line(modifiers="")], [("info", 2)]),
        ([line("97110", "")], []),  # the 97530 list question only when a 97530 line is flagged
        ([line(modifiers=""), line("97530", "CQ", "PTA")], [("info", 1)]),  # once per claim
        ([line()], []),
    ],
)
def test_97530_list_question_is_labelled_unverified(lines, expected):
    check = check_claim(lines)
    assert hits(check, "therapy-modifier-list-97530") == expected
    for finding in check.findings:
        if finding.rule_id == "therapy-modifier-list-97530":
            assert finding.unverified and finding.message.startswith("UNVERIFIED")


@pytest.mark.parametrize(
    "modifiers, who, expected",
    [
        ("CQ", "PTA", [("error", 1)]),
        ("GO CQ", "PTA", [("error", 1)]),
        ("GP CQ", "PTA", []),
        ("GP CO", "OTA", [("error", 1)]),
        ("GO CO", "OTA", []),
    ],
)
def test_assistant_modifier_pairing(modifiers, who, expected):
    assert (
        hits(check_claim([line(modifiers=modifiers, who=who)]), "assistant-modifier-pairing")
        == expected
    )


@pytest.mark.parametrize(
    "modifiers, who, payer, expected",
    [
        ("GP", "PTA", "medicare", [("error", 1)]),
        ("GP", "PTA", "commercial", [("warning", 1)]),
        ("GO", "OTA", "medicare", [("error", 1)]),
        ("GO", "COTA", "commercial", [("warning", 1)]),
        ("GP CQ", "PTA", "medicare", []),
        ("GO CO", "occupational therapy assistant", "medicare", []),
        ("GP CQ", "PT", "medicare", []),  # PT line where an assistant helped: CQ is right
    ],
)
def test_assistant_modifier_required(modifiers, who, payer, expected):
    check = check_claim([line(modifiers=modifiers, who=who)], payer=payer)
    assert hits(check, "assistant-modifier-required") == expected


@pytest.mark.parametrize(
    "lines, year, payer, expected",
    [
        ([line(modifiers="GP CQ", who="PTA")], 2022, "medicare", [("info", 1)]),
        (
            [line(), line("97110", "GP CQ", "PTA"), line("97112", "GP CQ", "PTA")],
            2026,
            "medicare",
            [("info", 2)],
        ),
        ([line(modifiers="GP CQ", who="PTA")], 2021, "medicare", []),
        ([line(modifiers="GP CQ", who="PTA")], 2026, "commercial", []),
        ([line()], 2026, "medicare", []),
    ],
)
def test_assistant_payment_85(lines, year, payer, expected):
    check = check_claim(lines, year=year, payer=payer)
    assert hits(check, "assistant-payment-85") == expected
    if expected:
        assert "85%" in check.findings[-1].message or any(
            "85%" in f.message for f in check.findings
        )


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([line(modifiers="GO", who="PT")], [("warning", 1)]),
        ([line(modifiers="GN", who="PTA")], [("warning", 1)]),
        ([line(modifiers="GP", who="OT")], [("warning", 1)]),
        ([line(modifiers="GN", who="OTA")], [("warning", 1)]),
        ([line("92507", "GP", "SLP")], [("warning", 1)]),
        ([line("92507", "GN", "SLP")], []),
        ([line(modifiers="GO", who="physician")], []),
        (
            [line("97161", "GO", "physician", minutes=30)],
            [("warning", 1)],
        ),  # PT evaluation under GO
        ([line(modifiers="GP GO", who="PT")], []),  # double modifier: reported once, elsewhere
    ],
)
def test_discipline_modifier_match(lines, expected):
    assert hits(check_claim(lines), "discipline-modifier-match") == expected
