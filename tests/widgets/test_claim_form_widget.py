"""The claim-form widget without a kernel: boxes in, findings per box out, bad values beside
their box, nothing typed lost, never a traceback."""

import pytest

from toolkit.course.lessons.sample_claims import CASE
from toolkit.widgets import claim_form
from toolkit.widgets.claim_form import LINE_BOXES


def _type_the_case(form):
    for key in ("17 qualifier", "17 name", "17b", "31", "33", "33a"):
        form.fields[key].input.value = CASE[key]
    for slot, code in CASE["21"].items():
        if f"21{slot}" in form.fields:
            form.fields[f"21{slot}"].input.value = code
    for n, line in enumerate(CASE["lines"], 1):
        for box, *_ in LINE_BOXES:
            form.fields[f"line {n} {box}"].input.value = (
                line[box] if box != "24E" else ("AC" if n == 1 else "BC")
            )


def test_the_case_typed_right_is_clean():
    form = claim_form.show()
    _type_the_case(form)
    form.check_button.click()
    assert form.check_result.ok and not form.needs_fixing
    assert "Every box agrees" in form.findings_html.value


def test_each_wrong_box_is_named_with_its_source():
    form = claim_form.show()
    _type_the_case(form)
    form.fields["17b"].input.value = "1234567890"
    form.fields["line 1 24G"].input.value = "3"
    form.check_button.click()
    html = form.findings_html.value
    assert "Box 17b" in html and "check digit" in html and "Box 24G" in html
    assert 'data-rule="form-npi"' in html and "Source:" in html


@pytest.mark.parametrize(
    ("key", "typed", "said"),
    [
        ("17b", "12345", "an NPI is 10 digits"),
        ("21A", "R26", "R26"),  # a valid three-character code: no message
        ("21A", "26.2", "ICD-10-CM"),
        ("line 1 24A", "yesterday", "month/day/year"),
        ("line 1 24E", "Z", "letters from A to L"),
        ("line 2 24G", "lots", "units"),
        ("line 1 24D code", "97999", "not a code this course knows"),
        ("line 1 24F", "$1,00", "24F"),
        ("17 qualifier", "ZZ", "DN, DK or DQ"),
    ],
)
def test_a_bad_value_is_one_line_beside_its_box_and_stays_typed(key, typed, said):
    form = claim_form.show()
    _type_the_case(form)
    form.fields[key].input.value = typed
    form.check_button.click()  # never raises
    message = form.fields[key].message.value
    if said == typed:  # R26 is a valid code: nothing beside the box
        assert message == ""
        return
    assert said in message and message.count('role="alert"') == 1
    assert form.fields[key].input.value == typed  # nothing the learner typed is lost
    assert form.needs_fixing


def test_a_fix_rechecks_and_clears_the_message():
    form = claim_form.show()
    _type_the_case(form)
    form.fields["17b"].input.value = "123"
    form.check_button.click()
    assert form.fields["17b"].message.value
    form.fields["17b"].input.value = CASE["17b"]  # checked again on change
    assert form.fields["17b"].message.value == "" and form.check_result.ok


def test_the_draft_shows_its_mistakes_at_once():
    form = claim_form.show(draft={"17b": "1234567890", "21A": "R26.2"}, check_now=True)
    assert "form-npi" in {f.rule_id for f in form.check_result.findings}


def test_the_boxes_table_cites_every_row():
    html = claim_form.boxes_table().value
    assert html.count("Source:") == html.count("<tr>") - 1 and "UNVERIFIED" in html
