"""Lesson 6 · Billing guidelines: its answers agree with the claim rules."""

from toolkit.course.lessons.quick_checks import question
from toolkit.rules.claims import check_claim


def right_answer(key):
    return next(o for o in question(key).options if o.correct is True)


def errors_and_warnings(lines):
    return {f.rule_id for f in check_claim(lines).findings if f.severity in ("error", "warning")}


def pta_line(modifiers):
    return [dict(code="97530", units=2, minutes=30, modifiers=modifiers, furnished_by="PTA")]


def test_the_assistant_answer_is_the_one_the_claim_rules_accept():
    assert right_answer("modifier-pta").text == "GP and CQ"
    assert errors_and_warnings(pta_line("GP CQ")) == set()
    assert "assistant-modifier-required" in errors_and_warnings(pta_line("GP"))
    assert "discipline-modifier-match" in errors_and_warnings(pta_line("GO CO"))


def test_the_code_pair_answer_is_the_one_the_claim_rules_accept():
    assert right_answer("pair-97140").text.startswith("Bill both; 59 or XU")

    def visit(modifiers):
        return [
            dict(code="97140", units=1, minutes=15, modifiers="GP", time_block="9:00-9:15"),
            dict(code="97530", units=2, minutes=25, modifiers=modifiers, time_block="9:15-9:40"),
        ]

    assert "code-pair-edit" in errors_and_warnings(visit("GP"))
    assert errors_and_warnings(visit("GP XU")) == errors_and_warnings(visit("GP 59")) == set()


def test_one_line_per_code_is_what_the_claim_rules_say():
    assert right_answer("one-line").text == "One line with 3 units"
    one = [dict(code="97530", units=3, minutes=45, modifiers="GP")]
    three = [dict(code="97530", units=1, minutes=15, modifiers="GP")] * 3
    assert errors_and_warnings(one) == set()
    assert "one-line-per-code" in errors_and_warnings(three)
