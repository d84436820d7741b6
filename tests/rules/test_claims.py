"""claims.py: reading claim lines, the Claim and ClaimCheck, and check_claim over every family.

Each rule family's own cases live in tests/rules/test_<family>.py."""

import pytest
from claim_cases import gp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import BillingInputError
from toolkit.reference import rules
from toolkit.rules.claims import Claim, ClaimLine, check_claim
from toolkit.rules.findings import SEVERITIES
from toolkit.rules.parsing import normalize_modifiers

# --- claim lines: normalization and bad input -------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("GP,59", ("GP", "59")),
        ("GP 59", ("GP", "59")),
        ("gp-59", ("GP", "59")),
        (" GP , CQ ", ("GP", "CQ")),
        (["gp", "KX"], ("GP", "KX")),
        (("GO",), ("GO",)),
        ("", ()),
        (None, ()),
    ],
)
def test_modifiers_are_normalized(raw, expected):
    assert normalize_modifiers(raw) == expected
    assert ClaimLine("97530", 1, raw).modifiers == expected


@pytest.mark.parametrize(
    "line, named",
    [
        (dict(code="97530", units=-1), "-1"),
        (dict(code="97530", units=1.5), "1.5"),
        (dict(code="97530", units=97), "97"),
        (dict(code="97530", units=True), "True"),
        (dict(code="97530", units="two"), "two"),
        (dict(code="99999", units=1), "99999"),
        (dict(code="97530", units=1, minutes=-5), "-5"),
        (dict(code="97530", units=1, minutes=12.5), "12.5"),
        (dict(code="97530", units=1, minutes=1441), "1441"),
        (dict(code="97530", units=1, modifiers="G"), "'G'"),
        (dict(code="97530", units=1, modifiers="GP,GPX"), "'GPX'"),
        (dict(code="97530", units=1, modifiers="GP,GP"), "GP"),
        (dict(code="97530", units=1, modifiers=[7]), "[7]"),
        (dict(code="97530", units=1, furnished_by="wizard"), "wizard"),
        (dict(code="97530", units=1, time_block="9:40-9:10"), "9:40-9:10"),
        (dict(code="97530", units=1, time_block="9:00"), "9:00"),
        (dict(code="97530", units=1, colour="red"), "colour"),
        (dict(units=1), "code"),
    ],
)
def test_bad_line_is_refused_naming_value_and_line(line, named):
    with pytest.raises(BillingInputError) as refused:
        check_claim([gp("97110", 1, 10), line])
    assert named in str(refused.value)
    assert str(refused.value).startswith("line 2:")
    assert refused.value.line == 2


@pytest.mark.parametrize(
    "kwargs, named",
    [
        (dict(lines=[]), "no lines"),
        (dict(lines="97530"), "list of lines"),
        (dict(lines=[42]), "42"),
        (dict(payer="medicaid"), "medicaid"),
        (dict(year=1989), "1989"),
        (dict(year=2101), "2101"),
        (dict(year=2026.0), "2026.0"),
        (dict(method="fast"), "fast"),
        (dict(therapy_spend={"PT": -1}), "-1"),
        (dict(therapy_spend={"chiro": 10}), "chiro"),
        (dict(therapy_spend=500), "500"),
    ],
)
def test_bad_claim_arguments_are_refused(kwargs, named):
    kwargs.setdefault("lines", [gp("97530", 1, 10)])
    with pytest.raises(BillingInputError) as refused:
        check_claim(**kwargs)
    assert named in str(refused.value)


def test_minutes_over_a_day_in_total_are_refused():
    with pytest.raises(BillingInputError, match="1440"):
        check_claim([gp("97530", 40, 800), gp("97110", 40, 700)])


def test_dict_lines_accept_text_numbers_like_a_csv_row():
    check = check_claim(
        [
            {
                "code": " 97530 ",
                "units": "2",
                "modifiers": "gp",
                "minutes": "38",
                "time_block": "",
                "furnished_by": "physical therapist",
            }
        ]
    )
    assert check.lines[0] == ClaimLine("97530", 2, ("GP",), 38, None, "PT")
    assert check.ok and check.expected_units == {"97530": 3}


def test_payer_and_default_method():
    assert check_claim([gp("97530", 1, 10)], payer=" Medicare ").method == "cms"
    assert check_claim([gp("97530", 1, 10)], payer="COMMERCIAL").method == "ama"
    assert check_claim([gp("97530", 1, 10)], payer="commercial", method="CMS").method == "cms"


# --- clean claims -------------------------------------------------------------------------

CLEAN_CLAIMS = [
    [gp("97530", 4, 60)],
    [gp("97112", 2, 24), gp("97110", 1, 23)],
    [gp("97110", 1, 18), gp("97140", 1, 13), gp("97116", 1, 10), gp("97035", 0, 8)],
    [gp("97530", 2, 30, "9:00-9:30", "GP XU"), gp("97140", 1, 10, "9:30-9:40")],
    [
        gp("97530", 2, 25, modifiers="GO", who="OT"),
        gp("97535", 1, 15, modifiers="GO CO", who="OTA"),
        gp("97165", 1, 45, modifiers="GO", who="OT"),
    ],
    [gp("97530", 1, 15), gp("97530", 1, 15, modifiers="GP CQ", who="PTA")],
    [gp("97012", 1, 10), gp("97530", 2, 30)],  # 97010 would be a Medicare warning now
]


@pytest.mark.parametrize("lines", CLEAN_CLAIMS)
def test_clean_claims_have_no_error_or_warning(lines):
    check = check_claim(lines)
    assert check.ok
    assert [f for f in check.findings if f.severity != "info"] == [], check.findings


def test_claim_check_reports_itself():
    check = check_claim([gp("97530", 3, 38), gp("97110", 1, 10, modifiers="")])
    data = check.as_dict()
    assert set(data) >= {"payer", "year", "method", "ok", "expected_units", "findings"}
    assert data["ok"] is False and data["expected_units"] == {"97530": 2, "97110": 1}
    assert "therapy-modifier-required" in check.rule_ids
    assert check.unit_result.timed_minutes == 48
    assert all(f["source"] for f in data["findings"])


def test_the_claim_numbers_its_lines_and_bills_only_lines_with_units():
    evaluation, documented = gp("97161", 1, 30), gp("97035", 0, 8)
    claim = Claim.read([evaluation, documented], payer="Commercial", year="2025")
    assert claim.numbered == ((1, evaluation), (2, documented))
    assert claim.billed == ((1, evaluation),)  # 0 units: documented, not billed
    assert (claim.payer, claim.year, claim.method) == ("commercial", 2025, "ama")


def in_report_order(check) -> bool:
    keys = [(SEVERITIES.index(f.severity), f.line or 0) for f in check.findings]
    return keys == sorted(keys)


def test_findings_come_errors_first_then_by_line():
    # The families report line 1's warning (same_minutes) before line 4's error (evaluations):
    # check_claim puts the error first. Line 1: 30 minutes in a 20-minute block (warning);
    # line 2: 97010 for Medicare (warning); line 4: a second PT evaluation (error).
    lines = [gp("97530", 2, 30, "9:00-9:20"), gp("97010", 1, 10)]
    check = check_claim([*lines, gp("97161", 1, 30), gp("97163", 1, 20)])
    assert [(f.rule_id, f.line) for f in check.findings] == [
        ("one-evaluation-per-day", 4),
        ("direct-time-only", 1),
        ("medicare-97010-bundled", 2),
    ]
    assert in_report_order(check)


def test_every_finding_has_a_known_rule_and_unverified_reads_unverified():
    check = check_claim([gp("97530", 2, 30, modifiers="")])
    for finding in check.findings:
        assert finding.rule_id in rules()
        if finding.unverified:
            assert "UNVERIFIED" in finding.message


# --- properties -----------------------------------------------------------------------------

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "97530",
            "97110",
            "GP",
            "GP,59",
            "9:00-9:23",
            "A",
            "PTA",
            "chiropractor",
            "",
            "97150",
            "9:00-8:00",
            "XU",
            "2",
        ]
    ),
    st.lists(st.text(max_size=3), max_size=3),
)
junk_line = st.one_of(
    st.dictionaries(
        st.sampled_from(
            ["code", "units", "modifiers", "minutes", "time_block", "furnished_by", "other"]
        ),
        junk,
        max_size=6,
    ),
    junk,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.one_of(junk, st.lists(junk_line, max_size=4)),
    payer=junk,
    year=junk,
    method=junk,
    spend=st.one_of(
        st.none(),
        junk,
        st.dictionaries(
            st.one_of(st.text(max_size=6), st.integers(), st.sampled_from(["PT/SLP", "OT", "pt"])),
            junk,
            max_size=2,
        ),
    ),
)
def test_junk_only_ever_raises_billing_input_error(lines, payer, year, method, spend):
    try:
        check_claim(lines, payer=payer, year=year, method=method, therapy_spend=spend)
    except BillingInputError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.fixed_dictionaries(
            {
                "code": st.sampled_from(
                    ["97530", "97110", "97140", "97112", "97116", "97150", "97161", "97010"]
                ),
                "units": st.integers(0, 8),
                "modifiers": st.sampled_from(["GP", "", "GP CQ", "GO", "GP 59", "KX"]),
                "minutes": st.integers(0, 90),
                "furnished_by": st.sampled_from(["PT", "PTA", "OT", "SLP", "chiropractor"]),
            }
        ),
        min_size=1,
        max_size=5,
    ),
    payer=st.sampled_from(["medicare", "commercial"]),
    year=st.integers(1990, 2100),
    spend=st.one_of(st.none(), st.fixed_dictionaries({"PT/SLP": st.integers(0, 5000)})),
)
def test_valid_claims_always_get_a_check(lines, payer, year, spend):
    check = check_claim(lines, payer=payer, year=year, therapy_spend=spend)
    assert check.ok == (not check.by_severity("error"))
    assert all(f.line is None or 1 <= f.line <= len(lines) for f in check.findings)
    assert in_report_order(check) and len(set(check.findings)) == len(check.findings)
