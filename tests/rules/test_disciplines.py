"""Issue 21: where PT, OT, aides and assistants meet. Every row of the issue's table, through
check_claim, the command line (`cpt97530 check`) and the audit; and disciplines never mix."""

import csv
import json
import subprocess
import sys

import pandas as pd
import pytest
from claim_cases import gp
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.audit.visits import audit_visits
from toolkit.rules.claims import check_claim
from toolkit.rules.units import bill_units


def _row(code, units, minutes, modifiers="GP", who="PT", block=None):
    return dict(
        code=code,
        units=units,
        minutes=minutes,
        modifiers=modifiers,
        furnished_by=who,
        time_block=block,
    )


# (name, lines, payer, rule ids with their severity expected on the claim, rule ids that must
# not appear). The "engine today" answers of the issue were wrong; these are the right ones.
TABLE = [
    (
        "aide-minutes-never-count",
        [_row("97530", 3, 25), _row("97530", 0, 13, "", "aide")],
        "medicare",
        {("doc-units-match-minutes", "error")},
        set(),
    ),
    (
        "pt-and-ot-separate-pools",
        [_row("97530", 2, 25, block="9:00-9:25"), _row("97535", 2, 25, "GO", "OT", "10:00-10:25")],
        "medicare",
        set(),
        {"doc-units-match-minutes"},
    ),
    (
        "pt-10-ot-10",
        [_row("97530", 1, 10), _row("97535", 1, 10, "GO", "OT")],
        "medicare",
        set(),
        {"doc-units-match-minutes"},
    ),
    (
        "co-treatment-span",
        [
            _row("97530", 2, 30, block="10:00-10:30"),
            _row("97530", 1, 30, "GO", "OT", "10:15-10:45"),
        ],
        "medicare",
        set(),
        {"co-treatment-once", "doc-units-match-minutes", "one-service-per-15-minutes"},
    ),
    (
        "pt-and-pta-one-service-no-cq",
        [_row("97110", 2, 10), _row("97110", 0, 20, "GP", "PTA")],
        "medicare",
        {("assistant-per-unit", "error")},
        set(),
    ),
    (
        "97014-medicare",
        [_row("97014", 1, 15)],
        "medicare",
        {("medicare-97014-g0283", "error")},
        set(),
    ),
    (
        "g0283-commercial",
        [_row("G0283", 1, 15)],
        "commercial",
        {("estim-one-code", "warning")},
        set(),
    ),
    (
        "both-estim-codes",
        [_row("97014", 1, 15), _row("G0283", 1, 15)],
        "commercial",
        {("estim-one-code", "error")},
        set(),
    ),
]


def _found(check):
    return {(f.rule_id, f.severity) for f in check.findings}


@pytest.mark.parametrize("name, lines, payer, wanted, absent", TABLE, ids=[t[0] for t in TABLE])
def test_each_row_of_the_issue_through_check_claim(name, lines, payer, wanted, absent):
    check = check_claim(lines, payer=payer)
    assert wanted <= _found(check), (name, check.findings)
    assert not absent & check.rule_ids, (name, check.findings)


def test_the_rows_read_as_the_issue_says():
    aide = check_claim(TABLE[0][1])
    [units] = [f for f in aide.findings if f.rule_id == "doc-units-match-minutes"]
    assert "billed 3 units" in units.message and "support 2" in units.message
    assert aide.expected_units == {"97530": 2}  # the aide's 13 minutes count nowhere
    assert check_claim(TABLE[1][1]).expected_units == {"97530 GP": 2, "97535 GO": 2}
    assert check_claim(TABLE[2][1]).expected_units == {"97530 GP": 1, "97535 GO": 1}
    cotreated = check_claim(TABLE[3][1])
    assert cotreated.expected_units == {"97530": 3}  # 45 minutes: the blocks' combined span
    assert check_claim([*TABLE[3][1][:1], {**TABLE[3][1][1], "units": 2}]).rule_ids >= {
        "co-treatment-once"
    }  # 4 units for 45 minutes is too many
    cq = check_claim(TABLE[4][1])
    [finding] = [f for f in cq.findings if f.rule_id == "assistant-per-unit"]
    assert finding.line == 1 and "CQ" in finding.message and "86 FR 64996" in finding.source


def test_the_same_rows_through_the_command_line(tmp_path):
    for name, lines, payer, wanted, absent in TABLE:
        path = tmp_path / f"{name}.csv"
        with path.open("w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=["payer", *lines[0]])
            writer.writeheader()
            for row in lines:
                writer.writerow(
                    {"payer": payer, **{k: "" if v is None else v for k, v in row.items()}}
                )
        done = subprocess.run(
            [sys.executable, "-m", "toolkit", "check", str(path), "--json"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        found = {(f["rule"], f["severity"]) for f in json.loads(done.stdout)["findings"]}
        assert wanted <= found and not absent & {r for r, _ in found}, (name, found)


@pytest.mark.parametrize("name, lines, payer, wanted, absent", TABLE, ids=[t[0] for t in TABLE])
def test_the_audit_finds_what_check_claim_finds_on_each_row(name, lines, payer, wanted, absent):
    if any(row["time_block"] for row in lines) and name == "co-treatment-span":
        pytest.skip("a visit log has no time blocks: co-treatment is a claim-only check")
    log = pd.DataFrame(
        {
            "visit_id": "V",
            "date": "2026-03-02",
            "payer": payer,
            "code": [r["code"] for r in lines],
            "minutes": [r["minutes"] for r in lines],
            "billed_units": [r["units"] for r in lines],
            "modifiers": [r["modifiers"] for r in lines],
            "furnished_by": [r["furnished_by"] for r in lines],
        }
    )
    result = audit_visits(log, method=None)
    audit = set(zip(result.findings["rule"], result.findings["severity"]))
    plain = [{**r, "time_block": None} for r in lines]
    assert audit == _found(check_claim(plain, payer=payer))
    assert wanted <= audit


@settings(max_examples=200, deadline=None)
@given(
    pt=st.integers(0, 90),
    ot=st.integers(0, 90),
    slp=st.integers(0, 90),
)
def test_disciplines_never_mix(pt, ot, slp):
    # Each pool's units are the 8-minute table of its own minutes, whatever the others hold.
    result = bill_units({"97530 GP": pt, "97535 GO": ot, "97112 GN": slp})
    alone = [bill_units({c: m}).units[c] for c, m in (("97530", pt), ("97535", ot), ("97112", slp))]
    assert list(result.units.values()) == alone
    check = check_claim(
        [gp("97530", alone[0], pt), gp("97535", alone[1], ot, modifiers="GO", who="OT")]
    )
    assert "doc-units-match-minutes" not in check.rule_ids


@pytest.mark.parametrize(
    "assistant, therapist, units, year, needed",
    [
        (20, 10, 2, 2026, True),  # a full unit the PTA furnished alone
        (10, 5, 1, 2026, True),  # CMS: PTA 10 + PT 5 = one unit with CQ
        (2, 30, 2, 2026, False),  # the PTA's 2 minutes fall in no unit left to bill
        (1, 14, 1, 2026, False),  # 1 of 15 minutes is not more than 10%
        (2, 14, 1, 2026, False),  # 2 of 16 is, but the PT's 14 carry the unit alone (CY2022)
        (2, 7, 1, 2026, True),  # 2 of 9 is more than 10%, and the PT's 7 do not carry it
        (3, 30, 2, 2021, False),  # 2020-2021: 10% of the whole service (3 of 33)
        (4, 30, 2, 2021, True),
    ],
)
def test_the_per_unit_de_minimis_test(assistant, therapist, units, year, needed):
    from toolkit.rules.assistant_share import needs_modifier

    assert needs_modifier(assistant, therapist, units, year) == needed


def test_a_shared_service_billed_right_has_no_per_unit_finding():
    lines = [_row("97110", 1, 10), _row("97110", 1, 20, "GP CQ", "PTA")]
    assert "assistant-per-unit" not in check_claim(lines).rule_ids
    lines = [_row("97110", 2, 30), _row("97110", 0, 2, "GP", "PTA")]  # de minimis
    assert "assistant-per-unit" not in check_claim(lines).rule_ids


@pytest.mark.parametrize(
    "assistant, therapist, units, with_cq",
    [
        (10, 5, 1, 1),  # CMS: PTA 10 + PT 5 of 97110 = 1 unit, with CQ
        (2, 30, 2, 0),  # the PT's two full units; the PTA's 2 minutes fall in no unit
        (23, 13, 2, 1),  # a full PTA unit (CQ); the PT's 13 of the last 21 minutes: no CQ
        (10, 20, 2, 1),  # the PT's full unit without CQ; the last 15 minutes mostly the PTA's
        (12, 12, 2, 1),  # two remaining units, each furnished about half: one each
    ],
)
def test_how_many_units_take_the_assistant_modifier(assistant, therapist, units, with_cq):
    from toolkit.rules.assistant_share import assistant_units

    assert assistant_units(assistant, therapist, units) == with_cq


@pytest.mark.parametrize(
    "assistant, therapist, units, with_cq",
    [
        (5, 10, 1, 0),  # the PT's 10 minutes pass the midpoint of the one unit alone
        (7, 8, 1, 0),  # 8 is enough: the midpoint of 15 minutes
        (8, 7, 1, 1),  # the PT's 7 are not: the PTA's 8 are more than 10% of 15
        (14, 8, 1, 0),  # the PT's 8 alone meet the unit, however long the PTA's share
        (22, 8, 2, 1),  # a full PTA unit (CQ); the PT's 8 of the last 15 minutes: no CQ
    ],
)
def test_the_therapists_own_midpoint_keeps_the_last_unit_free_of_cq(
    assistant, therapist, units, with_cq
):
    # Review of issue 21: since CY2022 (86 FR 64996 area; CMS "Billing Examples Using CQ/CO
    # Modifiers") a final unit the PT/OT could bill on their own minutes (8 or more, past the
    # midpoint) is billed without CQ/CO, even when the assistant's minutes pass 10%. Before
    # this fix the engine asked for CQ on PT 10 + PTA 5 (one unit).
    from toolkit.rules.assistant_share import assistant_units, needs_modifier

    assert assistant_units(assistant, therapist, units) == with_cq
    assert needs_modifier(assistant, therapist, units, 2026) == bool(with_cq)


def test_a_pt_past_the_midpoint_needs_no_cq_on_the_claim_or_in_the_audit():
    lines = [_row("97110", 1, 10, block="9:00-9:10"), _row("97110", 0, 5, "GP", "PTA")]
    assert "assistant-per-unit" not in check_claim(lines).rule_ids
    lines = [_row("97110", 1, 7, block="9:00-9:07"), _row("97110", 0, 8, "GP", "PTA")]
    assert "assistant-per-unit" in check_claim(lines).rule_ids
    steps = bill_units({"97110:PT": 10, "97110:PTA": 5}).steps
    [step] = [s for s in steps if s.rule_id == "assistant-per-unit"]
    assert "no CQ" in step.text and "8 or more" in step.text
    for pt, pta, flagged in ((10, 5, False), (7, 8, True)):
        log = pd.DataFrame(
            {
                "visit_id": "V",
                "date": "2026-03-02",
                "payer": "medicare",
                "code": ["97110", "97110"],
                "minutes": [pt, pta],
                "billed_units": [1, 0],
                "modifiers": ["GP", "GP"],
                "furnished_by": ["PT", "PTA"],
            }
        )
        rules = set(audit_visits(log, method=None).findings["rule"])
        assert ("assistant-per-unit" in rules) == flagged


def test_one_service_split_between_pt_and_pta_in_the_calculator():
    # issue 21: minutes per role of one service count together in the PT pool, and the steps
    # say how many units take CQ.
    result = bill_units({"97110:PT": 5, "97110:PTA": 10, "97530:PT": 25})
    assert result.units == {"97110 GP": 1, "97530 GP": 2}
    [step] = [s for s in result.steps if s.rule_id == "assistant-per-unit"]
    assert "1 of its 1 unit takes CQ" in step.text and "86 FR 64996" in step.source
    with pytest.raises(Exception, match="listed twice"):
        bill_units({"97110:PT": 5, "97110:GP": 10})


def test_co_treatment_of_different_codes_says_the_blocks_real_minutes_on_the_command_line(
    tmp_path,
):
    # issue 21: the summary said "60 timed minutes" for one 30-minute block.
    path = tmp_path / "cotreated.csv"
    path.write_text(
        "code,units,modifiers,minutes,time_block,furnished_by\n"
        "97530,1,GP,30,10:00-10:30,PT\n"
        "97535,1,GO,30,10:00-10:30,OT\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "(30 timed minutes)" in done.stdout and "60 timed minutes" not in done.stdout
    assert "no findings" in done.stdout
