"""Lesson 12 · The claim form: every box rule is shown with its source and asked about; the
lesson's draft form finds what it says it finds."""

from toolkit.course.lessons.l12_the_claim_form import LESSON
from toolkit.reference import rules
from toolkit.rules import claim_form


def _shown() -> str:
    return " ".join(text for kind, text in LESSON.cells if kind == "code")


def test_every_claim_form_rule_is_shown_with_its_source():
    shown = _shown()
    assert [r for r in claim_form.RULE_IDS if f'rule_box("{r}")' not in shown] == []
    assert 'rule_box("institutional-claims")' in shown


def test_the_quick_checks_ask_about_pointers_sequencing_npis_and_the_ub04():
    asked = {o.rule_id for q in LESSON.questions for o in q.options}
    assert {
        "form-diagnosis-pointer",
        "form-treating-diagnosis",
        "form-npi",
        "form-referring-provider",
        "form-place-of-service",
        "ub04-occurrence-codes",
        "ub04-type-of-bill",
        "institutional-claims",
    } <= asked


def test_what_is_not_the_same_everywhere_is_marked_unverified():
    for rule_id in ("form-treating-diagnosis", "ub04-type-of-bill"):
        assert rules()[rule_id].confidence == "unverified"
    prose = " ".join(text for kind, text in LESSON.cells if kind == "md")
    assert prose.count("UNVERIFIED") >= 2 and "synthetic" in prose.lower()
