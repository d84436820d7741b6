"""The exercise widget: answers, Submit, a saved attempt, score and feedback at once."""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from toolkit.course.exercises.attempts import find_learner_data
from toolkit.course.exercises.bank import load_bank
from toolkit.widgets.exercise import ExerciseWidget, exercise

BANK = load_bank()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CPT97530_SUBMISSIONS", raising=False)
    return tmp_path / "home"


def _fill_key(widget, ex):
    widget.name.value = "Dana Lee"
    for problem in ex.problems:
        widget.problem_boxes[problem].value = True
    claim = ex.correct_claims[0]
    for code in ex.codes:
        widget.units[code].value = str(claim.units.get(code, 0))
        widget.mods[code].value = ", ".join(claim.modifiers.get(code, ()))
    widget.decision.value = ex.decision
    for q in ex.questions:  # question 5, when the exercise has its own questions
        widget.questions[q.id].value = q.answers[0]


def test_widget_has_the_documented_css_classes(home):
    widget = exercise("ex01_tidy_visit")
    assert "cpt-exercise" in widget._dom_classes
    assert "cpt-submit" in widget.submit_button._dom_classes
    assert "cpt-feedback" in widget.feedback._dom_classes


@pytest.mark.parametrize("exercise_id", list(BANK))
def test_submitting_the_right_answers_saves_and_scores_100(home, exercise_id):
    ex = BANK[exercise_id]
    widget = exercise(exercise_id)
    _fill_key(widget, ex)
    widget.submit()
    assert widget.last_path.parent == home / "submissions"
    saved = json.loads(widget.last_path.read_text())
    assert saved["learner"] == "Dana Lee" and saved["exercise"] == exercise_id
    assert "cpt-score" in widget.feedback.value and "Score: 100%" in widget.feedback.value
    assert "Source:" in widget.feedback.value


def test_resubmit_keeps_the_first_attempt_and_shows_feedback_per_item(home):
    widget = exercise("ex01_tidy_visit")
    widget.name.value = "Dana Lee"
    widget.units["97530"].value = "3"
    widget.submit()
    first = widget.last_path
    assert "Score: " in widget.feedback.value and "Not answered" in widget.feedback.value
    assert "UNVERIFIED" in widget.feedback.value  # ex01 cites an unverified rule
    widget.submit()
    assert first.exists() and widget.last_path != first
    assert "attempt 2" in widget.status.value


def test_bad_entries_get_a_message_beside_the_field_and_nothing_is_saved(home):
    widget = exercise("ex07_pta_session")
    widget.units["97530"].value = "two"
    widget.mods["97110"].value = "GP, ZZ"
    widget.problem_boxes["none"].value = True
    widget.problem_boxes["date"].value = True
    widget.submit()
    assert "whole number" in widget.unit_msgs["97530"].value
    assert "ZZ" in widget.mod_msgs["97110"].value
    assert "None" in widget.problems_msg.value
    assert "type your name" in widget.name_msg.value
    assert not (home / "submissions").exists()
    assert widget.feedback.value == ""


@pytest.mark.parametrize("typed", ["\u00b2", "9" * 5_000, "+2", "\u0662"])
def test_a_units_box_that_is_no_whole_number_gets_a_message_not_a_traceback(home, typed):
    # "²" passes str.isdigit() but not int(), 5,000 digits pass neither: both once raised
    # ValueError out of Submit. "+2" and Arabic-Indic 2 are refused as the rules refuse them.
    widget = exercise("ex07_pta_session")
    widget.name.value = "Dana Lee"
    widget.units["97530"].value = typed
    widget.submit()
    assert "whole number from 0 to 96" in widget.unit_msgs["97530"].value
    assert len(widget.unit_msgs["97530"].value) < 500
    assert not (home / "submissions").exists()


def test_learner_text_is_escaped_in_feedback(home):
    widget = exercise("ex01_tidy_visit")
    widget.name.value = "<b>Dana</b>"
    widget.submit()
    assert "<b>Dana</b>" not in widget.status.value + widget.feedback.value


def test_without_a_bank_the_submission_is_saved_for_the_instructor(home, tmp_path):
    data = find_learner_data("ex01_tidy_visit")
    widget = ExerciseWidget(data, bank_folder=None)
    widget.bank_folder = tmp_path / "empty"  # a folder with no exercises in it
    widget.name.value = "Dana Lee"
    widget.submit()
    assert widget.last_path.exists()
    assert "instructor will grade" in widget.feedback.value


def test_name_is_remembered_after_a_restart(home):
    widget = exercise("ex02_unsigned_note")
    widget.name.value = "Sam Berg"
    widget.submit()
    assert exercise("ex03_totals_missing").name.value == "Sam Berg"
    reopened = exercise("ex02_unsigned_note")  # a kernel restart: the attempt is still there
    assert "1 saved attempt," in reopened.status.value


def _answer_ex02(widget) -> None:
    first, *rest = widget.data["codes"]
    widget.name.value = "Sam Berg"
    widget.problem_boxes[widget.data["problem_options"][0]["id"]].value = True
    widget.units[first].value = "2"
    widget.mods[first].value = "GP, 59"
    widget.decision.value = widget.data["decisions"][1]["id"]


def test_latest_answers_and_score_come_back_after_a_restart(home):
    widget = exercise("ex02_unsigned_note")
    _answer_ex02(widget)
    widget.submit()
    score = widget.last_result.score
    widget.units[widget.data["codes"][0]].value = "3"
    widget.submit()  # the second attempt is the one that must come back
    second = widget.last_result.score
    reopened = exercise("ex02_unsigned_note")
    assert reopened._values() == widget._values()
    assert reopened.units[widget.data["codes"][0]].value == "3"
    assert reopened.mods[widget.data["codes"][0]].value == "GP, 59"
    assert f"Score: {second:.0f}%" in reopened.feedback.value
    assert (
        "2 saved attempts" in reopened.status.value and "not saved yet" not in reopened.status.value
    )
    assert reopened.last_result.score == second and score != second


def test_a_fresh_attempt_clears_the_boxes_and_keeps_the_saved_ones(home):
    widget = exercise("ex02_unsigned_note")
    _answer_ex02(widget)
    widget.submit()
    fresh = exercise("ex02_unsigned_note")
    fresh.start_fresh()
    assert not any(b.value for b in fresh.problem_boxes.values())
    assert all(not box.value for box in (*fresh.units.values(), *fresh.mods.values()))
    assert fresh.decision.value is None and fresh.feedback.value == ""
    assert fresh.name.value == "Sam Berg" and widget.last_path.exists()


def test_still_empty_names_every_required_answer_not_given(home):
    widget = exercise("ex02_unsigned_note")
    codes = widget.data["codes"]
    assert widget.empty_answers() == [
        "question 1 (tick None if none)",
        *[f"{c} units" for c in codes],
        "question 4",
    ]
    assert all(f"{c} units" in widget.still_empty.value for c in codes)
    _answer_ex02(widget)
    assert widget.empty_answers() == [f"{c} units" for c in codes[1:]]
    for code in codes:
        widget.units[code].value = "0"
    assert widget.empty_answers() == [] and widget.still_empty.value == ""


def test_answer_boxes_show_no_grey_value(home):
    """A grey "0" or "GP" looks like an answer: answer boxes have no placeholder at all."""
    widget = exercise("ex14_ota_modifier")
    for box in (*widget.units.values(), *widget.mods.values()):
        assert box.placeholder == "" and box.value == ""
    assert widget.name.placeholder.startswith("e.g. ")


def test_feedback_names_each_source_once(home):
    widget = exercise("ex02_unsigned_note")
    _answer_ex02(widget)
    widget.submit()
    assert widget.feedback.value.count("Source:") >= 4
    for box_html in widget.feedback.value.split('role="note"')[1:]:
        lines = [s for s in box_html.split("<br>") if "Source:" in s]
        assert len(lines) == len(set(lines)), box_html


def test_unknown_exercise_shows_a_message_not_a_traceback(home):
    shown = exercise("ex99_nothing")
    assert "cannot open" in shown.value


def test_a_change_after_submit_is_flagged_as_not_saved(tmp_path, monkeypatch):
    """An edit after Submit (or one the browser delivers late) must not pass for saved."""
    from toolkit.course.exercises.attempts import find_learner_data
    from toolkit.course.exercises.bank import load_bank
    from toolkit.widgets.exercise import ExerciseWidget

    monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "home"))
    bank = load_bank()
    exercise_id = sorted(bank)[0]
    widget = ExerciseWidget(find_learner_data(exercise_id), save_to=tmp_path / "subs")
    widget.name.value = "Ada Lovelace"
    first_code = widget.data["codes"][0]
    widget.units[first_code].value = "1"
    widget.decision.value = widget.data["decisions"][0]["id"]
    widget.submit()
    assert widget.last_path is not None and "cpt-saved" in widget.status.value
    widget.units[first_code].value = "2"
    assert "not saved yet" in widget.status.value
    widget.submit()
    assert "cpt-saved" in widget.status.value and len(list((tmp_path / "subs").glob("*.json"))) == 2


def test_modifier_boxes_are_labelled_with_their_code(tmp_path):
    from toolkit.course.exercises.attempts import find_learner_data
    from toolkit.course.exercises.bank import load_bank
    from toolkit.widgets.exercise import ExerciseWidget

    widget = ExerciseWidget(find_learner_data(sorted(load_bank())[0]), save_to=tmp_path)
    for code, box in widget.mods.items():
        assert box.description == f"{code} modifiers"


def test_a_name_that_cannot_be_remembered_does_not_undo_the_saved_submission(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"  # a home under a regular file cannot be written, even by root
    blocker.write_text("")
    monkeypatch.setenv("CPT97530_HOME", str(blocker / "home"))
    widget = ExerciseWidget(find_learner_data("ex01_tidy_visit"), save_to=tmp_path / "subs")
    _fill_key(widget, BANK["ex01_tidy_visit"])
    widget.submit()
    assert "Saved: attempt 1" in widget.status.value and widget.last_path.exists()
    assert "Your name was not saved for next time: Not a directory" in widget.status.value
    assert "NOT saved" not in widget.status.value


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")
def test_in_a_class_folder_trainees_cannot_list_the_attempt_count_still_counts(
    tmp_path, monkeypatch
):
    """chmod 3733 (README): a trainee writes but cannot list; a forked child drops to a
    throw-away uid, submits twice, and the widget counts its own attempts (and says so
    again after a restart)."""
    base = Path(tempfile.mkdtemp(prefix="cpt97530-widget-"))
    try:
        base.chmod(0o711)
        folder, home = base / "class", base / "home"
        folder.mkdir()
        os.chown(folder, 64001, 64001)
        folder.chmod(0o3733)
        home.mkdir(mode=0o700)
        os.chown(home, 64011, 64100)
        # The child cannot read Python's own files under /root once it is another uid: import
        # everything a submit and a restart use here first, as root, in a folder of our own.
        monkeypatch.setenv("CPT97530_HOME", str(tmp_path / "warm-home"))
        warm = ExerciseWidget(find_learner_data("ex01_tidy_visit"), save_to=tmp_path / "warm")
        warm.name.value = "Warm Up"
        warm.submit()
        ExerciseWidget(find_learner_data("ex01_tidy_visit"), save_to=tmp_path / "warm")
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read)
                os.setgroups([64100])
                os.setgid(64100)
                os.setuid(64011)
                os.environ["CPT97530_HOME"] = str(home)
                widget = ExerciseWidget(find_learner_data("ex01_tidy_visit"), save_to=folder)
                widget.name.value = "Ann One"
                widget.submit()
                widget.submit()
                later = ExerciseWidget(find_learner_data("ex01_tidy_visit"), save_to=folder)
                os.write(
                    write,
                    json.dumps(
                        [widget.status.value, later.status.value, os.access(folder, os.R_OK)]
                    ).encode(),
                )
            finally:
                os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            saved, restarted, could_list = json.loads(pipe.read())
        os.waitpid(pid, 0)
        assert not could_list
        assert "attempt 2 of this exercise" in saved and "cpt-not-readable" not in saved
        assert "2 saved attempts" in restarted and "cpt-restored" in restarted
        assert len(list(folder.iterdir())) == 2
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_answers_on_screen_and_the_last_attempt_are_traits_other_code_observes(home):
    widget = exercise("ex01_tidy_visit")
    seen = []
    widget.observe(lambda change: seen.append(change["name"]), names=["last_path", "last_result"])
    assert widget.last_path is None and widget.submitted_values is None
    widget.units["97530"].value = "3"
    assert widget.values == widget._values() and "3" in widget.values[2]
    _fill_key(widget, BANK["ex01_tidy_visit"])
    widget.submit()
    assert set(seen) == {"last_path", "last_result"} and widget.last_path.exists()
    assert widget.submitted_values == widget.values and widget.last_result.score == 100


def test_not_saved_yet_is_rendered_from_the_values_and_what_was_submitted(home):
    widget = exercise("ex01_tidy_visit")
    _fill_key(widget, BANK["ex01_tidy_visit"])
    widget.submit()
    widget.set_trait("submitted_values", ("someone else",))  # as if another attempt was saved
    widget.units["97530"].value = "1"
    assert "not saved yet" in widget.status.value


def test_the_widget_reads_and_writes_files_only_through_the_course(home, tmp_path):
    """Saving goes through toolkit.course.exercises.attempts: the same file it would write."""
    from toolkit.course.exercises.attempts import earlier_attempts

    widget = ExerciseWidget(find_learner_data("ex01_tidy_visit"), save_to=tmp_path / "subs")
    _fill_key(widget, BANK["ex01_tidy_visit"])
    widget.submit()
    found = earlier_attempts("Dana Lee", exercise_id="ex01_tidy_visit", folder=tmp_path / "subs")
    assert found.count == 1 and found.latest.path == widget.last_path


def test_options_are_keyword_only(home, tmp_path):
    with pytest.raises(TypeError):
        ExerciseWidget(find_learner_data("ex01_tidy_visit"), tmp_path)


# --- question 5: an exercise's own questions (claim-form boxes, denials, the UB-04...) -------


def test_question_5_is_shown_graded_item_by_item_and_restored(home):
    ex = BANK["ex28_cms1500_from_note"]
    widget = exercise(ex.id)
    assert set(widget.questions) == {q.id for q in ex.questions}
    widget.name.value = "Dana Lee"
    assert "question 5" in widget.still_empty.value  # the empty boxes are named
    _fill_key(widget, ex)
    assert widget.still_empty.value == ""
    widget.submit()
    saved = json.loads(widget.last_path.read_text())
    assert saved["answers"]["items"]["box-17b"] == "1000000004"
    assert "Score: 100%" in widget.feedback.value
    again = exercise(ex.id)  # the next day: the answers come back into the boxes
    assert (
        again.questions["box-24e"].value == "AB"
        and again.questions["box-17-qualifier"].value == "DN"
    )
    again.start_fresh()
    assert (
        again.questions["box-24e"].value == "" and again.questions["box-17-qualifier"].value is None
    )


def test_a_wrong_box_costs_that_item_only_and_says_why(home):
    ex = BANK["ex28_cms1500_from_note"]
    widget = exercise(ex.id)
    _fill_key(widget, ex)
    widget.questions["box-24e"].value = "R26.2"
    widget.submit()
    feedback = widget.feedback.value
    assert "Not right: Box 24E on the 97530 line" in feedback and "Letters, never codes" in feedback
    assert widget.last_result.score < 100


def test_a_typed_answer_that_is_far_too_long_is_named_beside_it_and_not_saved(home):
    ex = BANK["ex28_cms1500_from_note"]
    widget = exercise(ex.id)
    _fill_key(widget, ex)
    widget.questions["box-21a"].value = "R" * 300
    widget.submit()
    assert "at most 200 characters" in widget.question_msgs["box-21a"].value
    assert widget.last_path is None and widget.questions["box-21a"].value == "R" * 300
