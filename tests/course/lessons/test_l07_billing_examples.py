"""Lesson 7 · The article's ten examples: who Medicare pays, as the claim rules decide."""

from toolkit.course.lessons.quick_checks import question
from toolkit.rules.claims import check_claim

WHO = {  # the option's person -> furnished_by and the plan-of-care modifier
    "Physical therapist": ("PT", "GP"),
    "Occupational therapist": ("OT", "GO"),
    "Chiropractor": ("chiropractor", "GP"),
    "Certified athletic trainer": ("athletic trainer", "GP"),
    "Speech-language pathologist": ("SLP", "GN"),
}


def test_the_people_medicare_pays_are_those_the_claim_rules_pass_without_a_finding():
    options = question("examples-medicare").options
    assert {o.text for o in options} == set(WHO)
    for option in options:
        furnished_by, modifier = WHO[option.text]
        check = check_claim(
            [dict(code="97530", units=2, minutes=30, modifiers=modifier, furnished_by=furnished_by)]
        )
        if option.correct is True:
            assert check.findings == (), option.text
        else:  # the rule the option cites is the one that stops it
            assert option.rule_id in check.rule_ids, option.text
