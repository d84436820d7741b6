"""Lesson 13 · After the claim: every remittance and after-the-claim rule is shown with its
source; the quick checks' right answers agree with the rules and the reference."""

from toolkit.course.lessons.l13_after_the_claim import LESSON
from toolkit.course.lessons.quick_checks import question
from toolkit.reference import thresholds
from toolkit.rules import remittance


def test_every_remittance_rule_is_shown_with_its_source():
    shown = " ".join(text for kind, text in LESSON.cells if kind == "code")
    assert [r for r in remittance.RULE_IDS if f'rule_box("{r}")' not in shown] == []
    assert 'rule_box("targeted-review-3000")' in shown and 'rule_box("mue-97530")' in shown


def test_the_denial_routes_are_sorted_by_the_rule_that_decides_them():
    sort = question("after-which-route")
    by_rule = {o.rule_id: o.correct for o in sort.options}
    assert by_rule == {
        "corrected-claim-unprocessable": "Correct and send a new claim",
        "reopening-clerical": "Ask for a reopening",
        "appeal-redetermination-120": "Request a redetermination",
    }


def test_the_kx_question_adds_both_providers_against_the_reference_threshold():
    kx = question("after-kx")
    threshold = int(thresholds()[2026]["kx_threshold"])
    assert f"${threshold:,}" in kx.prompt
    assert 900 + 1800 + 150 > threshold > 900 + 150  # right only when the other clinic counts
    right = next(o for o in kx.options if o.correct is True)
    assert right.rule_id == "kx-spending-all-providers"
