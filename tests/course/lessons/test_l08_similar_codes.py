"""Lesson 8 · Similar codes: its sorting questions ask about the codes the reference names."""

from toolkit.course.lessons.quick_checks import QUESTIONS, question
from toolkit.reference import codes


def test_similar_codes_quick_checks_ask_about_97533_92508_and_92526():
    asked = {o.rule_id for q in QUESTIONS if q.lesson == "08_similar_codes" for o in q.options}
    assert {"code:97533", "code:92508", "code:92526", "slp-not-97530"} <= asked
    which = question("which-code")
    assert "97533" in which.categories and all(o.correct in which.categories for o in which.options)


def test_every_code_a_scenario_is_sorted_under_is_in_the_code_table():
    which = question("which-code")
    assert set(which.categories) <= set(codes())
    for option in which.options:  # a descriptor cited is the descriptor of the right code
        if option.rule_id.startswith("code:"):
            assert option.rule_id == f"code:{option.correct}", option.text
