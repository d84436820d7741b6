"""An exercise's own questions (question 5): read from the bank, graded item by item with
reasons and sources, keys that pass the rules, no answer in the learner's file."""

import copy
import json
import re
from pathlib import Path

import pytest

from toolkit.course.exercises.bank import load_bank, parse_exercise
from toolkit.course.exercises.grading import clean_answers, grade, key_answers
from toolkit.course.exercises.learner_version import learner_data
from toolkit.errors import AnswerFormatError, ExerciseBankError
from toolkit.reference import places_of_service
from toolkit.rules.claim_form import ICD10, check_form, luhn_ok, read_pointers

BANK = load_bank()
WITH_QUESTIONS = [e for e in BANK.values() if e.questions]
NEW = [f"ex{n}" for n in range(28, 36)]


def test_the_eight_new_exercises_exist_and_each_has_its_own_questions():
    found = {e.id[:4] for e in WITH_QUESTIONS}
    assert set(NEW) <= found
    assert len(BANK) >= 31
    assert sum(len(e.questions) for e in WITH_QUESTIONS) >= 40


@pytest.mark.parametrize("ex", WITH_QUESTIONS, ids=[e.id for e in WITH_QUESTIONS])
def test_each_question_is_graded_on_its_own_with_its_reason_and_sources(ex):
    key = key_answers(ex)
    assert grade(ex, answers=key).score == 100
    for question in ex.questions:
        wrong = copy.copy(key)
        items = dict(key.items)
        items[question.id] = "certainly not this"
        result = grade(ex, answers=clean_answers({**key.as_dict(), "items": items}))
        [item] = [i for i in result.items if i.item_id == f"item:{question.id}"]
        assert item.status == "wrong" and item.expected == question.answers[0]
        assert item.explanation.text and item.explanation.citations
        others = [i for i in result.items if i.item_id != item.item_id]
        assert all(i.status == "correct" for i in others), wrong
        assert result.score < 100


@pytest.mark.parametrize("ex", WITH_QUESTIONS, ids=[e.id for e in WITH_QUESTIONS])
def test_keys_pass_the_rules_that_check_such_a_box(ex):
    """A typed key that is an NPI, a diagnosis code, a pointer or a place of service is one
    the claim-form rules accept."""
    for q in ex.questions:
        if q.kind != "text":
            continue
        rules = set(q.explanation.rules)
        for answer in q.answers:
            if "form-npi" in rules and re.fullmatch(r"\d{10}", answer):
                assert luhn_ok(answer), (ex.id, q.id)
            if "form-diagnosis-codes" in rules:
                assert ICD10.fullmatch(answer), (ex.id, q.id)
            if "form-diagnosis-pointer" in rules:
                assert read_pointers(answer) == answer
            if "form-place-of-service" in rules:
                assert answer in places_of_service()


def test_the_cms1500_exercise_key_is_a_clean_claim_form():
    """ex28's boxes, put on the form the way the key says, pass every box rule and the claim
    checker with the note's minutes."""
    ex = BANK["ex28_cms1500_from_note"]
    key = {q.id: q.answers[0] for q in ex.questions}
    line = {
        "24A": key["box-24a"],
        "24B": key["box-24b"],
        "24D code": "97530",
        "24D modifiers": "GP",
        "24E": key["box-24e"],
        "24F": key["box-24f"],
        "24G": key["box-24g"],
        "24J": key["box-24j"],
    }
    boxes = {
        "17 qualifier": key["box-17-qualifier"],
        "17 name": "Omar Reyes",
        "17b": key["box-17b"],
        "21": {"A": key["box-21a"], "B": key["box-21b"]},
        "31": "Ana Lopes PT",
        "33": "Lakeside Physio",
        "33a": key["box-33a"],
    }
    second = {**line, "24D code": "97110", "24F": "50.00", "24G": "1"}  # the note's 97110 line
    result = check_form(boxes, lines=[line, second], minutes=ex.correct_claims[0].minutes)
    assert result.problems == {} and result.findings == ()


def test_typed_answers_are_compared_without_spaces_capitals_or_a_trailing_point():
    ex = BANK["ex28_cms1500_from_note"]
    items = {"box-21a": " r26.2 ", "box-24f": "$120", "box-24e": "a b"}
    result = grade(ex, answers={"items": items})
    status = {i.item_id: i.status for i in result.items if i.section == "items"}
    assert status["item:box-21a"] == status["item:box-24f"] == status["item:box-24e"] == "correct"
    assert status["item:box-17b"] == "unanswered"


@pytest.mark.parametrize(
    ("items", "said"),
    [
        ([], "items must be an object"),
        ({"box-17b": 1000000004}, "must be text"),
        ({"box-17b": "x" * 201}, "at most 200"),
        ({f"q{n}": "x" for n in range(41)}, "at most 40"),
    ],
)
def test_malformed_item_answers_are_refused_with_a_reason(items, said):
    with pytest.raises(AnswerFormatError, match=said):
        clean_answers({"items": items})


def test_an_answer_to_a_question_the_exercise_does_not_have_is_refused():
    with pytest.raises(AnswerFormatError, match="not a question of ex28"):
        grade(BANK["ex28_cms1500_from_note"], answers={"items": {"box-99": "x"}})
    with pytest.raises(AnswerFormatError, match="not a question of ex01"):
        grade(BANK["ex01_tidy_visit"], answers={"items": {"box-17b": "x"}})


def test_old_answers_without_items_keep_their_shape():
    """A submission of the four classic sections is written exactly as before."""
    assert "items" not in key_answers(BANK["ex01_tidy_visit"]).as_dict()
    assert "items" in key_answers(BANK["ex28_cms1500_from_note"]).as_dict()


@pytest.mark.parametrize("ex", WITH_QUESTIONS, ids=[e.id for e in WITH_QUESTIONS])
def test_the_learner_file_has_the_questions_but_no_answer_or_reason(ex):
    text = json.dumps(learner_data(ex)["questions"])
    for q in ex.questions:
        assert q.explanation.text not in text
        if q.kind == "text":
            assert all(f'"{a}"' not in text for a in q.answers), q.id
    assert '"answer' not in text and '"explain' not in text and '"rules' not in text


BAD_QUESTIONS = [
    ('id = "Box 17"', "id must be"),
    ('kind = "essay"', "kind must be"),
    ('answer = "DZ"', "the answer one"),
    ('rules = ["no-such-rule"]', "unknown rule id"),
    ('prompt = ""', "needs a prompt"),
]


@pytest.mark.parametrize(("change", "said"), BAD_QUESTIONS)
def test_a_malformed_question_in_a_solution_file_is_refused(tmp_path, change, said):
    source = Path(BANK["ex28_cms1500_from_note"].path).read_text(encoding="utf-8")
    first = source.index("[[questions]]")
    block_end = source.index("[[questions]]", first + 1)
    block = source[first:block_end]
    key = change.split(" = ")[0]
    changed = re.sub(rf"(?m)^{key} = .*$", change, block, count=1)
    path = tmp_path / "ex28_cms1500_from_note.toml"
    path.write_text(source[:first] + changed + source[block_end:], encoding="utf-8")
    with pytest.raises(ExerciseBankError, match=said):
        parse_exercise(path)


def test_a_typed_question_with_options_or_a_repeated_id_is_refused(tmp_path):
    source = Path(BANK["ex28_cms1500_from_note"].path).read_text(encoding="utf-8")
    path = tmp_path / "ex28_cms1500_from_note.toml"
    path.write_text(source.replace('id = "box-17b"', 'id = "box-17-qualifier"'), "utf-8")
    with pytest.raises(ExerciseBankError, match="id must be new"):
        parse_exercise(path)
    path.write_text(
        source.replace('answer = "1000000004"', 'answer = "1000000004"\noptions = ["a", "b"]'),
        "utf-8",
    )
    with pytest.raises(ExerciseBankError, match="no options"):
        parse_exercise(path)
