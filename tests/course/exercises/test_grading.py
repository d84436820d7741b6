"""Grading: the key scores 100, blanks 0, guessing never beats an honest answer."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.course.exercises.bank import PROBLEM_OPTIONS, load_bank
from toolkit.course.exercises.grading import (
    Answers,
    clean_answers,
    grade,
    key_answers,
    multi_select_score,
)
from toolkit.errors import AnswerFormatError
from toolkit.reference import modifiers

BANK = load_bank()
EXERCISES = list(BANK.values())
IDS = [e.id for e in EXERCISES]
OPTIONS = sorted(PROBLEM_OPTIONS)


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_every_accepted_key_scores_100(ex):
    for index in range(len(ex.correct_claims)):
        result = grade(ex, answers=key_answers(ex, index))
        assert result.score == 100
        assert all(item.status == "correct" for item in result.items)


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_empty_submission_scores_0(ex):
    for empty in (Answers(), {}, {"problems": [], "units": {}, "modifiers": {}, "decision": None}):
        result = grade(ex, answers=empty)
        assert result.score == 0
        assert {item.status for item in result.items} == {"unanswered"}


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_select_all_scores_no_better_than_an_honest_wrong_answer(ex):
    key = key_answers(ex)
    wrong_option = next(o for o in OPTIONS if o not in ex.problems)
    honest_wrong = grade(ex, answers=Answers(problems=(wrong_option,)))
    select_all = grade(ex, answers=Answers(problems=tuple(OPTIONS)))
    assert select_all.score <= honest_wrong.score == 0
    # Inside a full answer too: select-all problems <= one wrong tick; all modifiers <= none right
    everything = Answers(
        tuple(OPTIONS), key.units, {c: tuple(modifiers()) for c in key.modifiers}, key.decision
    )
    one_wrong = Answers(
        (wrong_option,), key.units, {c: ("GN",) for c in key.modifiers}, key.decision
    )
    assert grade(ex, answers=everything).score <= grade(ex, answers=one_wrong).score


@given(st.sets(st.sampled_from(OPTIONS), min_size=1, max_size=4), st.sets(st.sampled_from(OPTIONS)))
def test_multi_select_properties(right, picked):
    score = multi_select_score(picked, right, len(OPTIONS))
    assert 0 <= score <= 1
    assert multi_select_score(set(OPTIONS), right, len(OPTIONS)) == 0
    assert (score == 1) == (picked == right)
    for extra in set(OPTIONS) - right - picked:  # a wrong tick never helps
        assert multi_select_score(picked | {extra}, right, len(OPTIONS)) <= score
    for missing in right - picked:  # a right tick never hurts
        assert multi_select_score(picked | {missing}, right, len(OPTIONS)) >= score


def test_partial_credit_per_item_with_feedback_and_sources():
    ex = BANK["ex07_pta_session"]
    answers = Answers(
        ("none",),
        {"97530": 2, "97110": 2},
        {"97530": ("GP",), "97110": ("GP", "CQ")},
        "bill_as_documented",
    )
    result = grade(ex, answers=answers)
    by_id = {item.item_id: item for item in result.items}
    assert by_id["problems"].score == 1
    assert by_id["units:97530"].score == 1 and by_id["units:97110"].score == 0
    assert by_id["modifiers:97530"].score == 0.5 and by_id["modifiers:97530"].status == "partial"
    assert by_id["decision"].status == "wrong"
    # sections weigh the same: problems 1, units 1/2, modifiers 3/4, decision 0
    assert result.score == pytest.approx(100 * (1 + 0.5 + 0.75 + 0) / 4)
    for item in result.items:
        assert item.explanation.text and item.explanation.citations
    assert by_id["modifiers:97530"].expected == "GP, CQ"


def test_either_code_accepted_when_the_clinician_chooses():
    ex = BANK["ex08_manual_same_block"]
    manual = Answers(ex.problems, {"97530": 0, "97140": 2}, {"97140": ("GP",)}, ex.decision)
    both = Answers(
        ex.problems,
        {"97530": 2, "97140": 2},
        {"97530": ("GP", "59"), "97140": ("GP",)},
        ex.decision,
    )
    assert grade(ex, answers=manual).score == 100
    assert grade(ex, answers=both).score < 100


def test_grading_is_deterministic():
    ex = BANK["ex01_tidy_visit"]
    answers = {
        "problems": ["date", "none"],
        "units": {"97530": 3},
        "modifiers": {"97530": ["gp"]},
        "decision": "query_clinician",
    }
    assert grade(ex, answers=answers).as_dict() == grade(ex, answers=answers).as_dict()


@pytest.mark.parametrize(
    "bad",
    [
        [],
        "x",
        {"problems": "date"},
        {"units": {"97530": "2"}},
        {"units": {"97530": -1}},
        {"modifiers": {"97530": "GP"}},
        {"decision": 3},
        {"surprise": 1},
        {"units": {"97530": True}},
    ],
)
def test_malformed_answers_are_refused_with_a_reason(bad):
    with pytest.raises(AnswerFormatError):
        clean_answers(bad)


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"problems": ["<script>"]}, "'<script>' is not one of the options offered"),
        ({"problems": [""]}, "'' is not one of the options offered"),
        ({"decision": "pay double"}, "not one of the decisions offered"),
        ({"decision": ""}, "not one of the decisions offered"),
        ({"decision": ["query_clinician"]}, "not one of the decisions offered"),
    ],
)
def test_choices_that_were_never_offered_are_refused_with_a_reason(bad, reason):
    """A file can only hold what the exercise offered; anything else was written by hand."""
    with pytest.raises(AnswerFormatError, match=reason):
        clean_answers(bad)
    assert clean_answers({"problems": [" date "], "decision": "query_clinician"}) == Answers(
        ("date",), {}, {}, "query_clinician"
    )


@pytest.mark.parametrize(
    "section, value",
    [
        ("units", []),
        ("units", False),
        ("units", 0),
        ("units", ""),
        ("modifiers", []),
        ("modifiers", 0),
        ("modifiers", False),
        ("modifiers", ""),
        ("problems", ""),
        ("problems", 0),
        ("problems", False),
        ("problems", {}),
    ],
)
def test_a_wrong_type_is_refused_not_taken_as_blank(section, value):
    with pytest.raises(AnswerFormatError, match=f"{section} must be"):
        clean_answers({section: value})
    assert clean_answers({section: None}) == Answers(None, {}, {}, None)  # null is blank


@pytest.mark.parametrize(
    "bad, reason",
    [
        ({"problems": ["date"] * (len(PROBLEM_OPTIONS) + 1)}, "only 9 options are offered"),
        ({"problems": [f"{n:06d}" + "x" * 190 for n in range(1200)]}, "1200 picks"),
        ({"units": {str(n): 1 for n in range(13)}}, "13 codes; at most 12"),
        ({"modifiers": {"97530": ["GP"] * 16}}, "lists 16; the course knows 15"),
        ({"modifiers": {"97530": ["GP", "gp"]}}, "GP is written twice"),
        ({"modifiers": {"97530": ["G" * 200]}}, "is not valid"),
        ({"units": {"97530": 1, "97530 ": 2}}, "one code twice"),
    ],
)
def test_lists_are_capped_so_a_crafted_file_cannot_grow_the_outputs(bad, reason):
    with pytest.raises(AnswerFormatError, match=reason):
        clean_answers(bad)


def test_the_longest_answer_a_file_can_hold_stays_small_once_graded():
    ex = BANK["ex01_tidy_visit"]
    widest = {
        "problems": list(PROBLEM_OPTIONS),
        "units": {c: 999_999_999 for c in ex.codes},
        "modifiers": {c: list(modifiers()) for c in ex.codes},
        "decision": "query_clinician",
    }
    result = grade(ex, answers=widest)
    assert max(len(i.given) for i in result.items) <= 1000
    assert sum(len(i.given) for i in result.items) < 2000


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_ANSWERS = st.fixed_dictionaries(
    {}, optional={k: _JSON for k in ("problems", "units", "modifiers", "decision")}
)


@given(_ANSWERS)
def test_any_json_answers_are_graded_or_refused_with_a_reason(raw):
    """A crafted submission's answers either grade (0-100) or raise AnswerFormatError, nothing else."""
    try:
        result = grade(BANK["ex01_tidy_visit"], answers=raw)
    except AnswerFormatError as reason:
        assert str(reason)
    else:
        assert 0 <= result.score <= 100


def test_ex02_accepts_gp_alone_or_gp_with_cq_while_the_signer_is_unknown():
    ex = BANK["ex02_unsigned_note"]
    key = key_answers(ex)
    for mods in (("GP",), ("GP", "CQ")):
        answer = Answers(
            key.problems, key.units, {code: mods for code in key.modifiers}, key.decision
        )
        assert grade(ex, answers=answer).score == 100, mods
    wrong = Answers(
        key.problems, key.units, {code: ("GP", "CO") for code in key.modifiers}, key.decision
    )
    assert grade(ex, answers=wrong).score < 100
