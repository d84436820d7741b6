"""The CMS-1500's boxes, checked one by one; the lines through check_claim itself."""

import copy

import pytest

from toolkit.course.lessons.sample_claims import CASE, EXAMPLE_NPIS
from toolkit.errors import BillingInputError
from toolkit.rules import claim_form
from toolkit.rules.claim_form import check_form, luhn_ok
from toolkit.rules.claims import check_claim

BOX_KEYS = ("17 qualifier", "17 name", "17b", "21", "31", "33", "33a")


def filled(**changes):
    """The case's right answers as typed into the form, with `changes` applied."""
    boxes = {k: copy.deepcopy(CASE[k]) for k in BOX_KEYS}
    lines = [
        {k: v for k, v in line.items() if k != "24E"} | {"24E": pointers}
        for line, pointers in zip(copy.deepcopy(CASE["lines"]), ("AC", "BC"))
    ]
    for key, value in changes.items():
        if key.startswith("line"):
            n, box = key[4], key[6:]
            lines[int(n) - 1][box] = value
        else:
            boxes[key] = value
    return boxes, lines


def run(**changes):
    boxes, lines = filled(**changes)
    return check_form(boxes, lines=lines, minutes=CASE["minutes"], case=CASE)


def test_the_case_filled_right_is_clean():
    result = run()
    assert result.problems == {} and result.findings == () and result.ok


def test_box_21_without_the_point_is_the_same_code():
    # Medicare's item 21 instructions leave the point out on the form (R262, M1711)
    result = run(**{"21": {"A": "R262", "B": "M6281", "C": "M17.11"}})
    assert result.problems == {} and result.findings == () and result.ok


def test_npi_check_digit_is_the_published_example():
    assert luhn_ok("1234567893")  # the check-digit annex's worked example
    assert not luhn_ok("1234567890")
    assert all(luhn_ok(n) for n in EXAMPLE_NPIS.values())


@pytest.mark.parametrize(
    ("change", "box", "rule"),
    [
        ({"17b": "1234567890"}, "17b", "form-npi"),
        ({"33a": ""}, "33a", "form-npi"),
        ({"line1_24J": "1999999985"}, "24J", "form-npi"),
        ({"line1_24E": "AD"}, "24E", "form-diagnosis-pointer"),
        ({"line2_24E": "CB"}, "24E", "form-diagnosis-pointer"),
        ({"line1_24F": "0"}, "24F", "form-charges"),
        ({"line1_24A": "03/05/2026"}, "24A", "form-date-of-service"),
        ({"line1_24B": "22"}, "24B", "form-place-of-service"),
        ({"31": " "}, "31", "form-signature-billing"),
        ({"21": {"A": "R26.2", "B": "M62.81"}}, "21", "form-diagnosis-codes"),
        ({"17 qualifier": ""}, "17", "form-referring-provider"),
    ],
)
def test_a_wrong_box_is_a_finding_on_that_box_with_its_rule(change, box, rule):
    result = run(**change)
    assert (box, rule) in {(f.element, f.rule_id) for f in result.findings}, result.findings
    assert not result.ok


def test_sequencing_is_a_warning_citing_the_unverified_rule():
    result = run(
        **{"21": {"A": "M17.11", "B": "M62.81", "C": "R26.2"}, "line1_24E": "CA", "line2_24E": "BA"}
    )
    warnings = [f for f in result.findings if f.rule_id == "form-treating-diagnosis"]
    assert warnings and warnings[0].severity == "warning" and warnings[0].unverified


@pytest.mark.parametrize(
    ("change", "key", "said"),
    [
        ({"17b": "12345"}, "17b", "an NPI is 10 digits"),
        ({"17 qualifier": "XX"}, "17", "DN, DK or DQ"),
        ({"21": {"A": "R262!", "B": "M62.81", "C": "M17.11"}}, "21A", "ICD-10-CM"),
        ({"line1_24A": "March 4"}, "line 1 24A", "month/day/year"),
        ({"line1_24A": "02/30/2026"}, "line 1 24A", "month/day/year"),
        ({"line1_24B": "office"}, "line 1 24B", "two digits"),
        ({"line1_24E": "R26.2"}, "line 1 24E", "letters from A to L"),
        ({"line1_24E": "AA"}, "line 1 24E", "twice"),
        ({"line1_24F": "12,50"}, "line 1 24F", "24F"),
        ({"line2_24G": "one"}, "line 2 24G", "units"),
        ({"line1_24D code": "97999"}, "line 1 24D", "not a code this course knows"),
    ],
)
def test_a_value_of_the_wrong_kind_is_a_problem_beside_its_box(change, key, said):
    result = run(**change)
    assert said in result.problems.get(key, ""), result.problems
    assert all("\n" not in m for m in result.problems.values())


def test_the_lines_get_check_claims_own_findings():
    """Same rule ids and words as the claim checker (called, not copied)."""
    result = run(**{"line1_24G": "3", "line1_24D modifiers": ""})
    direct = check_claim(
        [
            {"code": "97530", "units": "3", "modifiers": "", "minutes": 38},
            {"code": "97110", "units": "1", "modifiers": "GP", "minutes": 12},
        ]
    )
    on_lines = {
        (f.rule_id, f.message.split(": ", 1)[1])
        for f in result.findings
        if f.element in ("24D", "24G")
    }
    assert on_lines == {(f.rule_id, f.message) for f in direct.findings}
    assert {f.element for f in result.findings if f.rule_id == "therapy-modifier-required"} == {
        "24D"
    }


@pytest.mark.parametrize("junk", [None, "boxes", [1, 2]])
def test_a_lessons_mistake_is_a_billing_input_error(junk):
    with pytest.raises(BillingInputError):
        check_form(junk, lines=[{}])
    with pytest.raises(BillingInputError):
        check_form({}, lines=junk if junk != [1, 2] else [1, 2])


def test_blank_boxes_are_findings_and_a_blank_line_is_left_off():
    boxes, lines = filled(**{"line1_24F": "", "line1_24J": " "})
    lines.append({"24A": "", "24G": ""})
    result = check_form(boxes, lines=lines, minutes=CASE["minutes"], case=CASE)
    assert result.problems == {}
    empty = {(f.element, f.line) for f in result.findings if "is empty" in f.message}
    assert empty == {("24F", 1), ("24J", 1)}
    assert not check_form(boxes, lines=[], minutes=CASE["minutes"]).ok


def test_the_family_face_gives_the_form_findings():
    boxes, lines = filled(**{"17b": "1234567890"})
    found = claim_form.findings({"boxes": boxes, "lines": lines, "minutes": CASE["minutes"]})
    assert "form-npi" in {f.rule_id for f in found}


# --- whatever is typed into a box: a problem beside it or a finding; never an exception -----

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TYPED = st.one_of(
    st.text(max_size=15),
    st.sampled_from(["", " ", "0", "9" * 40, "AB", "R26.2", "02/30/2026", "1e5", "-1", "١٢"]),
)
KEYS = ["17 qualifier", "17 name", "17b", "31", "33", "33a"]
LINE_KEYS = ["24A", "24B", "24D code", "24D modifiers", "24E", "24F", "24G", "24J"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from(KEYS), TYPED),
    st.dictionaries(st.sampled_from(list("ABCDEFGHIJKL")), TYPED),
    st.lists(st.dictionaries(st.sampled_from(LINE_KEYS), TYPED), max_size=3),
)
def test_anything_typed_is_a_problem_or_a_finding_never_an_exception(boxes, slots, lines):
    result = check_form({**boxes, "21": slots}, lines=lines, minutes=CASE["minutes"], case=CASE)
    assert all("\n" not in m for m in result.problems.values())
