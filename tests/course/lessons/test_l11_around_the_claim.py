"""Lesson 11 · Around the claim: it teaches every rule of the reference's section 10, with a
quick check on each."""

from toolkit.course.lessons.l11_around_the_claim import LESSON
from toolkit.course.lessons.quick_checks import question
from toolkit.reference import rules


def test_every_rule_and_topic_of_reference_section_10_is_taught_in_lesson_11_with_a_quick_check():
    shown = " ".join(text for kind, text in LESSON.cells if kind == "code")
    taught = {
        "plan-of-care-certification",
        "progress-report-10-days",
        "concurrent-part-b",
        "student-in-room",
        "aides-not-therapy",
        "abn-modifiers",
        "mppr-payment-not-units",
        "institutional-claims",
        "telehealth-check-current",
        "payer-contract-varies",
    }
    assert [r for r in taught if f'"{r}"' not in shown] == []
    asked = {o.rule_id for q in LESSON.questions for o in q.options}
    assert {
        "plan-of-care-certification",
        "co-treatment-once",
        "concurrent-part-b",
        "abn-modifiers",
        "kx-not-with-ga",
        "medicare-97010-bundled",
        "medicare-97014-g0283",
        "student-in-room",
        "aides-not-therapy",
        "npp-may-furnish",
        "institutional-claims",
        "mppr-payment-not-units",
        "progress-report-10-days",
        "telehealth-check-current",
        "payer-chooses-method",
        "payer-contract-varies",
    } <= asked
    assert rules()["telehealth-check-current"].confidence == "unverified"


def test_the_telehealth_quick_check_says_unverified_where_it_is():
    telehealth = question("around-telehealth")
    assert all(o.rule_id == "telehealth-check-current" for o in telehealth.options)
    assert "UNVERIFIED" in next(o.why for o in telehealth.options if o.correct is True)
