"""Quick checks: every kind answers with per-option reasons and sources, and is restored."""

import pytest

from toolkit.course.lessons.quick_checks import QUESTIONS
from toolkit.widgets.quick_check import QuickCheck, QuickChecks


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))


def right_answer(item):
    if item.kind == "single":
        return next(o.text for o in item.options if o.correct is True)
    if item.kind == "multi":
        return [o.text for o in item.options if o.correct is True]
    return [o.correct for o in item.options]


@pytest.mark.parametrize("item", QUESTIONS, ids=lambda q: q.key)
def test_right_answer_is_accepted_with_a_reason_per_option(item):
    check = QuickCheck(item)
    check.set_answer(right_answer(item))
    check.check_button.click()
    assert check.correct is True and "Correct." in check.feedback.value
    assert check.feedback.value.count("<li>") == len(item.options)
    for option in item.options:
        assert option.why.split("'")[0][:30] in check.feedback.value.replace("&#x27;", "'")


def test_wrong_single_choice_says_why_and_names_the_source():
    item = next(q for q in QUESTIONS if q.key == "modifier-pta")
    check = QuickCheck(item)
    check.radio.value = "GO and CO"
    check.check_button.click()
    assert check.correct is False
    assert "Not right (your choice):</strong> GO and CO" in check.feedback.value
    assert "Source: CMS Pub 100-04 Ch.5 §20.1 [CMS manual]" in check.feedback.value


def test_multi_select_must_match_exactly():
    item = next(q for q in QUESTIONS if q.key == "doc-elements")
    check = QuickCheck(item)
    check.set_answer(right_answer(item) + ["Start and end clock time of each 15-minute block"])
    check.check_button.click()
    assert check.correct is False and "(you ticked it)" in check.feedback.value


def test_unanswered_question_gives_a_message_not_a_score():
    item = next(q for q in QUESTIONS if q.kind == "sort")
    check = QuickCheck(item)
    assert check.check() is None
    assert "scenario 1 is open" in check.message.value and check.feedback.value == ""


def test_answers_survive_a_restart_and_unverified_is_labelled():
    first = QuickChecks("09_history_and_myths")
    first.checks[0].set_answer("As CMS facts")
    first.checks[0].check_button.click()
    again = QuickChecks("09_history_and_myths")
    assert again.checks[0].radio.value == "As CMS facts"
    assert again.checks[0].correct is False
    assert "UNVERIFIED" in again.checks[0].feedback.value
    assert "cpt-quick-check" in again.checks[0]._dom_classes


def test_a_save_that_fails_is_said_beside_the_check_and_the_answer_stays(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"  # a home under a regular file cannot be written, even by root
    blocker.write_text("")
    monkeypatch.setenv("CPT97530_HOME", str(blocker / "home"))
    item = QUESTIONS[0]
    check = QuickCheck(item)
    check.set_answer(right_answer(item))
    check.check_button.click()  # must not raise
    assert "Not saved: cannot save in" in check.save_status.value
    assert "Not a directory" in check.save_status.value
    assert check.answer() == right_answer(item) and "Correct." in check.feedback.value
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))  # saving works again
    check.check_button.click()
    assert check.save_status.value == ""
    assert QuickCheck(item).answer() == right_answer(item)  # restored from the store


def test_the_chosen_answer_is_a_trait_that_follows_the_controls():
    item = next(q for q in QUESTIONS if q.kind == "multi")
    check = QuickCheck(item)
    seen = []
    check.observe(lambda change: seen.append(change["new"]), names="chosen")
    assert check.chosen == [] and check.correct is None and not check.saved
    check.boxes[0].value = True
    assert check.chosen == [item.options[0].text] == seen[-1]
    check.set_answer(right_answer(item))
    assert check.chosen == right_answer(item)
    assert check.check() is True and check.correct is True and check.saved


def test_the_number_is_keyword_only():
    with pytest.raises(TypeError):
        QuickCheck(QUESTIONS[0], 2)
    assert "Question 2." in QuickCheck(QUESTIONS[0], number=2).children[0].value


def test_show_finds_a_question_by_its_key_and_names_a_wrong_one():
    from toolkit.widgets.quick_check import show

    assert show(QUESTIONS[0].key).question == QUESTIONS[0]
    with pytest.raises(KeyError, match="no quick check has the key"):
        show("no-such-question")
