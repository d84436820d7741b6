"""Practice: seeded problems, checked by the rules engine, score kept across restarts."""

import pytest

from toolkit.course import learner_store as progress
from toolkit.rules.units import bill_units, is_valid_allocation
from toolkit.widgets.practice import Practice, make_problem


@pytest.fixture(autouse=True)
def learner_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path))


def right_answer(practice):
    result = bill_units(practice.problem.minutes, method=practice.problem.method)
    return {code: str(n) for code, n in result.units.items()}


def test_problems_are_reproducible_and_valid():
    assert make_problem("s", 7) == make_problem("s", 7)
    problems = [make_problem("s", n) for n in range(1, 200)]
    assert len({tuple(p.minutes.items()) for p in problems}) > 150
    assert {p.method for p in problems} == {"cms", "ama"}
    assert sum("97530" in p.minutes for p in problems) > 80
    for p in problems:
        bill_units(p.minutes, method=p.method)  # every generated problem is valid input


def test_right_answer_scores_and_explains_with_sources():
    practice = Practice("04_time_and_units")
    practice.answer(right_answer(practice))
    practice.check_button.click()
    assert "Right." in practice.feedback.value and "Source:" in practice.feedback.value
    assert "1 right out of 1" in practice.score.value


def test_wrong_answer_explains_and_only_first_try_counts():
    practice = Practice("04_time_and_units")
    wrong = {code: str(int(n) + 1) for code, n in right_answer(practice).items()}
    practice.answer(wrong)
    practice.check_button.click()
    assert "Not quite" in practice.feedback.value
    practice.answer(right_answer(practice))
    practice.check_button.click()
    assert "Right." in practice.feedback.value
    assert "0 right out of 1" in practice.score.value


def test_bad_entry_shows_message_and_is_not_scored():
    practice = Practice("04_time_and_units")
    code = next(iter(practice.inputs))
    practice.answer({code: "two"})
    assert practice.check() is None
    assert "got &#x27;two&#x27;" in practice.inputs[code][1].value
    assert "0 right out of 0" in practice.score.value


def test_score_and_problem_survive_a_restart():
    first = Practice("04_time_and_units")
    first.answer(right_answer(first))
    first.check_button.click()
    first.next_button.click()
    number, minutes = first.number, first.problem.minutes
    again = Practice("04_time_and_units")  # as after a kernel restart
    assert again.number == number == 2 and again.problem.minutes == minutes
    assert "1 right out of 1" in again.score.value
    assert progress.practice_state("04_time_and_units")["problem"] == 2


def test_a_tie_accepts_either_choice():
    practice = Practice("04_time_and_units")
    practice.problem = type(practice.problem)(
        1, {"97530": 10, "97110": 10}, "cms"
    )  # 20 min: 1 unit, tie
    practice.inputs = {}
    practice.answers_box.children = ()
    from toolkit.widgets import common

    for code in practice.problem.minutes:
        practice.inputs[code] = (common.text_input(code), common.field_message())
    practice.answer({"97530": "0", "97110": "1"})
    assert practice.check() is True
    assert is_valid_allocation({"97530": 10, "97110": 10}, units_by_code={"97530": 1, "97110": 0})


def test_feedback_follows_a_value_that_arrives_after_check():
    """A box's edit delivered after the click still gets feedback; only the first try scores."""
    practice = Practice("04_time_and_units")
    right = right_answer(practice)
    practice.answer({code: str(int(n) + 1) for code, n in right.items()})
    practice.check_button.click()
    assert "Not quite" in practice.feedback.value
    practice.answer(right)  # arrives late: no second click
    assert "Right." in practice.feedback.value
    assert "0 right out of 1" in practice.score.value


def test_a_box_that_was_empty_at_the_click_is_checked_when_its_value_arrives():
    """Kernel busy: the click came before the last box's value. The answer still gets checked."""
    practice = Practice("04_time_and_units")
    right = right_answer(practice)
    last = list(right)[-1]
    practice.answer({code: n for code, n in right.items() if code != last})
    practice.check_button.click()
    assert "Fix the box" in practice.feedback.value
    practice.answer({last: right[last]})  # arrives after the click
    assert "Right." in practice.feedback.value and "1 right out of 1" in practice.score.value


def test_a_save_that_fails_is_said_beside_the_score(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"  # a home under a regular file cannot be written, even by root
    blocker.write_text("")
    monkeypatch.setenv("CPT97530_HOME", str(blocker / "home"))
    practice = Practice("04_time_and_units")
    practice.answer(right_answer(practice))
    practice.check_button.click()  # must not raise
    assert "Not saved: cannot save in" in practice.save_status.value
    assert "1 right out of 1" in practice.score.value
    assert "Saved for next time" not in practice.score.value
    assert "Right." in practice.feedback.value
    practice.next_button.click()
    assert "Not saved" in practice.save_status.value and practice.number == 2


def test_score_and_problem_are_traits_and_the_score_line_follows_them():
    practice = Practice("04_time_and_units")
    seen = []
    practice.observe(
        lambda change: seen.append((change["name"], change["new"])), names=["tried", "right"]
    )
    assert practice.correct is None
    practice.answer(right_answer(practice))
    assert practice.check() is True and practice.correct is True
    assert seen == [("tried", 1), ("right", 1)] and practice.saved
    practice.set_trait("right", 0)  # the line is rendered from the traits
    assert "0 right out of 1" in practice.score.value


def test_a_box_to_fix_clears_the_verdict():
    practice = Practice("04_time_and_units")
    practice.answer(right_answer(practice))
    practice.check()
    code = next(iter(practice.problem.minutes))
    practice.answer({code: "two"})
    assert practice.correct is None and practice.tried == 1
