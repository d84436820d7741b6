"""Lesson 5 · Documentation: what its quick check says a note must show is what the note
checker asks for."""

import pytest

from toolkit.course.lessons.quick_checks import question
from toolkit.rules.treatment_note import check_note

NOTE = dict(
    date="2026-03-02",
    interventions={"97530": None, "97110": None},  # no minutes per intervention, no clock times
    activities="carried a 5 kg basket up 4 steps with cues for trunk control",
    total_timed_minutes=45,
    total_treatment_minutes=45,
    diagnosis_or_goal="goal: carry the laundry basket upstairs",
    signature="A. Smith",
    credentials="PT",
)
LEFT_OUT = {  # a right option -> the note's field that records it
    "The date of treatment": "date",
    "Total timed-code minutes": "total_timed_minutes",
    "Total treatment time, untimed minutes included": "total_treatment_minutes",
    "Signature and professional credentials": "credentials",
}


def errors(note):
    return [
        f for f in check_note(note, billed_units={"97530": 2, "97110": 1}) if f.severity == "error"
    ]


def test_a_note_without_the_options_marked_not_required_passes():
    """No clock times and no minutes per intervention: both marked 'not required', no error."""
    wrong = {o.text for o in question("doc-elements").options if o.correct is False}
    assert wrong == {
        "Start and end clock time of each 15-minute block",
        "Minutes of each intervention separately",
    }
    assert errors(NOTE) == []


@pytest.mark.parametrize("option", LEFT_OUT)
def test_leaving_out_a_required_element_is_an_error(option):
    assert next(o for o in question("doc-elements").options if o.text == option).correct is True
    note = dict(NOTE)
    del note[LEFT_OUT[option]]
    assert [f.rule_id for f in errors(note)] == ["doc-treatment-note"]


def test_every_required_element_of_the_question_is_checked_here():
    right = {o.text for o in question("doc-elements").options if o.correct is True}
    assert right == set(LEFT_OUT)
