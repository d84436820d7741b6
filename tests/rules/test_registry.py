"""One test over every rule family of the registry: who owns which rule, the audit twins,
junk input, and check_claim as the sum of the claim families.

Claim and audit giving the same findings per family is the random-log property of
tests/audit/test_audit.py (`_same_per_family`), run over this registry."""

import ast
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.audit import checks as checks_module
from toolkit.audit.checks import AUDIT_CHECKS, NO_AUDIT_CHECK
from toolkit.errors import BillingInputError
from toolkit.reference import codes, modifiers, providers, rules
from toolkit.rules import registry
from toolkit.rules.claims import FIELDS, Claim, check_claim
from toolkit.rules.findings import Finding
from toolkit.rules.treatment_note import TreatmentNote
from toolkit.rules.units import bill_units

FAMILIES = registry.FAMILIES
SUBJECTS = {"claim", "note", "minutes", "form", "remittance", None}


def test_the_families_own_every_rule_of_rules_csv_each_once():
    owned = Counter(rule_id for family in FAMILIES.values() for rule_id in family.RULE_IDS)
    assert set(owned) == set(rules())
    assert [rule_id for rule_id, n in owned.items() if n > 1] == []


def test_every_family_has_the_same_face():
    for name, family in FAMILIES.items():
        assert family.FAMILY == name == family.__name__.rsplit(".", 1)[1]
        assert family.SUBJECT in SUBJECTS, name
        assert family.RULE_IDS, name
        assert set(family.CITES) <= set(rules()) - set(family.RULE_IDS), name
        assert callable(getattr(family, "findings", None)) == (
            family.SUBJECT in ("claim", "note", "form", "remittance")
        )
    claim_families = {f.FAMILY for f in registry.CLAIM_FAMILIES}
    assert claim_families == {n for n, f in FAMILIES.items() if f.SUBJECT == "claim"}


def test_each_family_has_an_audit_twin_or_says_why_not():
    assert set(AUDIT_CHECKS) | set(NO_AUDIT_CHECK) == set(FAMILIES)
    assert set(AUDIT_CHECKS) & set(NO_AUDIT_CHECK) == set()
    assert set(AUDIT_CHECKS) <= {f.FAMILY for f in registry.CLAIM_FAMILIES}
    assert all(len(reason) > 20 for reason in NO_AUDIT_CHECK.values())


def test_the_roles_medicare_does_not_pay_name_rules_of_who_may_bill():
    by_role = {row["rule_id"] for row in providers().values() if row["rule_id"]}
    assert by_role <= set(FAMILIES["who_may_bill"].RULE_IDS)


def test_owner_names_the_family():
    assert registry.owner("kx-threshold") == "therapy_threshold"
    assert registry.owner("cms-unit-table") == "units"
    with pytest.raises(KeyError, match="no-such-rule"):
        registry.owner("no-such-rule")


# --- junk in, BillingInputError or findings out -------------------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", " ", "97530", "gp", "GP,59", "9:00-9:23", "A", "30", "PTA", "-1"]),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@st.composite
def junk_lines(draw):
    return [
        draw(st.dictionaries(st.sampled_from([*FIELDS, "other"]), JUNK, max_size=7))
        for _ in range(draw(st.integers(0, 4)))
    ]


def _allowed(family) -> set[str]:
    return set(family.RULE_IDS) | set(family.CITES)


def _claim_families_on(claim) -> list[Finding]:
    found = []
    for family in registry.CLAIM_FAMILIES:
        part = family.findings(claim)
        assert all(isinstance(f, Finding) for f in part), family.FAMILY
        assert {f.rule_id for f in part} <= _allowed(family), family.FAMILY
        found += part
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(junk_lines() | JUNK, JUNK, JUNK, JUNK, JUNK)
def test_junk_claims_raise_only_billing_input_error(lines, payer, year, method, spend):
    try:
        claim = Claim.read(lines, payer=payer, year=year, method=method, therapy_spend=spend)
    except BillingInputError:
        return
    _claim_families_on(claim)


CODES = ["97530", "97110", "97140", "97116", "97150", "97164", "97161", "97010", "97014"]
BLOCKS = [None, "A", "B", "9:00-9:23", "9:15-9:40", "10:00-10:30"]


@st.composite
def valid_claims(draw):
    lines = [
        {
            "code": draw(st.sampled_from(CODES)),
            "units": draw(st.integers(0, 4)),
            "modifiers": draw(st.lists(st.sampled_from(sorted(modifiers())), max_size=3)),
            "minutes": draw(st.none() | st.integers(0, 60)),
            "time_block": draw(st.sampled_from(BLOCKS)),
            "furnished_by": draw(st.sampled_from(sorted(providers()))),
        }
        for _ in range(draw(st.integers(1, 5)))
    ]
    for line in lines:
        line["modifiers"] = sorted(set(line["modifiers"]))
    spend = draw(
        st.none() | st.fixed_dictionaries({"PT/SLP": st.floats(0, 5000), "OT": st.floats(0, 5000)})
    )
    return {
        "lines": lines,
        "payer": draw(st.sampled_from(["medicare", "commercial"])),
        "year": draw(st.sampled_from([2019, 2020, 2023, 2026, 2030])),
        "method": draw(st.sampled_from([None, "cms", "ama"])),
        "therapy_spend": spend,
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_claims())
def test_on_a_valid_claim_every_family_answers_and_check_claim_is_their_sum(given_claim):
    claim = Claim.read(
        given_claim["lines"],
        payer=given_claim["payer"],
        year=given_claim["year"],
        method=given_claim["method"],
        therapy_spend=given_claim["therapy_spend"],
    )
    found = _claim_families_on(claim)
    check = check_claim(
        given_claim["lines"],
        payer=given_claim["payer"],
        year=given_claim["year"],
        method=given_claim["method"],
        therapy_spend=given_claim["therapy_spend"],
    )
    assert Counter(check.findings) == Counter(list(dict.fromkeys(found)))  # duplicates once


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["date", "interventions", "activities", "total_timed_minutes", "signature"]
        ),
        JUNK | st.dictionaries(st.sampled_from(CODES + ["x"]), JUNK, max_size=3),
        max_size=5,
    )
)
def test_junk_notes_raise_only_billing_input_error(parts):
    family = FAMILIES["treatment_note"]
    try:
        note = TreatmentNote(**parts)
    except BillingInputError:
        return
    assert {f.rule_id for f in family.findings(note)} <= _allowed(family)


@settings(max_examples=200, deadline=None)
@given(JUNK | st.dictionaries(st.sampled_from(CODES + ["x", ""]), JUNK, max_size=4), JUNK)
def test_junk_minutes_raise_only_billing_input_error(minutes, method):
    family = FAMILIES["units"]
    try:
        result = bill_units(minutes, method=method)
    except BillingInputError:
        return
    assert {step.rule_id for step in result.steps} <= _allowed(family)


def test_the_units_family_cites_its_rules_on_a_real_day():
    result = bill_units({"97530": 33, "97110": 7, "97010": 10}, method="cms")
    assert {step.rule_id for step in result.steps} <= _allowed(FAMILIES["units"])
    assert {step.rule_id for step in result.steps} & set(FAMILIES["units"].RULE_IDS)
    assert codes()["97010"].timed is False


# --- the words are written once: the audit's twins take them from the rule modules --------


def _phrases(path: Path) -> set[str]:
    """The literal pieces of text in a module (f-string parts too) long enough to be words."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value.strip())
    return {text for text in found if len(text) >= 25 and " " in text}


def test_the_audit_checks_write_no_finding_words_of_their_own():
    audit = _phrases(Path(checks_module.__file__))
    rules_text = "\n".join(
        Path(family.__file__).read_text(encoding="utf-8") for family in FAMILIES.values()
    )
    assert sorted(text for text in audit if text in rules_text) == []


def _rule_ids_a_lesson_shows() -> set[str]:
    """Rule ids a learner sees with their source: rule boxes and misconceptions in the lessons'
    cells, and the rules behind the quick-check options."""
    import re

    from toolkit.course.lessons import READING_ORDER
    from toolkit.course.lessons.misconceptions import MISCONCEPTIONS

    shown = set()
    for lesson in READING_ORDER:
        text = "\n".join(cell[1] for cell in lesson.cells)
        shown |= set(re.findall(r'rule_box\("([a-z0-9-]+)"\)', text))
        for key in re.findall(r'misconception\("([a-z0-9-]+)"\)', text):
            shown |= set(MISCONCEPTIONS[key].rule_ids)
        shown |= {o.rule_id for q in lesson.questions for o in q.options if o.rule_id}
    return shown


def test_every_rule_no_check_reports_is_shown_with_its_source_in_a_lesson():
    missing = set(registry.FAMILIES["taught"].RULE_IDS) - _rule_ids_a_lesson_shows()
    assert not missing, f"taught rules no lesson shows: {sorted(missing)}"


def test_every_claim_form_and_remittance_rule_is_shown_with_its_source_in_a_lesson():
    owned = set(FAMILIES["claim_form"].RULE_IDS) | set(FAMILIES["remittance"].RULE_IDS)
    missing = owned - _rule_ids_a_lesson_shows()
    assert not missing, f"rules of lessons 12 and 13 no lesson shows: {sorted(missing)}"
