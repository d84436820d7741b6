"""Every exercise in a real JupyterLab: Run All, no errors, the exercise visible; and one
exercise answered like a learner (typing, Tab, ticking, choosing, Submit), checking the
score on the page against the grader and the submission file the widget wrote.
"""

from __future__ import annotations

import json

import course_ui as ui
import pytest
from accessibility import course_violations, unnamed_or_repeated_inputs
from course_map import REPO, expected
from playwright.sync_api import Locator, Page, expect

from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.grading import grade, key_answers
from toolkit.course.exercises.submission import attempt_files
from toolkit.settings import solutions_dir

pytestmark = pytest.mark.browser

EXERCISES = sorted(p.stem for p in (REPO / "exercises").glob("ex*.ipynb"))
PHOTOGRAPHED = [*EXERCISES[:1], "ex28_cms1500_from_note"]  # the look, and question 5
LEARNER = "Browser Test Learner"


def open_exercise(page: Page, server, stem: str) -> Locator:
    ui.open_lesson(page, server.url, f"exercises/{stem}.ipynb")
    ui.assert_no_errors(page)
    found = ui.widget(page, "cpt-exercise")
    expect(found).to_be_visible()
    return found


def test_every_exercise_in_the_bank_has_a_notebook():
    """Guard: missing exercise notebooks must not make the browser suite pass vacuously."""
    assert EXERCISES, "no exercise notebooks found in exercises/"
    bank = solutions_dir()
    if bank is not None:
        missing = sorted(set(load_bank(bank)) - set(EXERCISES))
        assert not missing, f"exercises without a notebook in exercises/: {missing}"


@pytest.mark.parametrize("stem", EXERCISES)
def test_exercise_runs_clean_and_shows_its_controls(page, lab_server, stem, screenshot_dir):
    found = open_exercise(page, lab_server, stem)
    for css in ("cpt-exercise", *expected(stem)):
        expect(ui.widget(page, css)).to_be_visible()
    data = json.loads((REPO / "exercises" / f"{stem}.json").read_text())
    for code in data["codes"]:
        expect(found.get_by_label(f"{code} units")).to_be_visible()
    expect(found.locator(".cpt-decision input[type=radio]")).to_have_count(len(data["decisions"]))
    questions = data.get("questions", [])  # question 5: the exercise's own questions
    choices = [q for q in questions if q["kind"] == "choice"]
    expect(found.locator(".cpt-question-choice")).to_have_count(len(choices))
    for q in questions:
        if q["kind"] == "text":
            expect(found.get_by_label(q["prompt"], exact=True)).to_be_visible()
    assert course_violations(page) == []  # axe-core: JupyterLab's own are listed as known
    assert unnamed_or_repeated_inputs(page, ui.PANEL) == []
    expect(found.locator("button.cpt-submit")).to_be_visible()
    expect(found.locator(".cpt-note")).to_contain_text(data["note_text"].strip().splitlines()[0])
    if stem in PHOTOGRAPHED:
        ui.photograph(page, found, str(screenshot_dir / f"{stem}.png"))


# ----------------------------------------------------------------------------- answering


def fill_in(found: Locator, data: dict, answers: dict, name: str | None = LEARNER) -> None:
    """Answer like a learner: type the name (none in a hub: the hub says who it is), tick
    problems, type units and modifiers moving with Tab, click a decision."""
    if name is not None:
        ui.type_into(found.get_by_label("Your name"), name)
    labels = {o["id"]: o["label"] for o in data["problem_options"]}
    for problem_id, label in labels.items():
        found.get_by_role("checkbox", name=label, exact=True).set_checked(
            problem_id in (answers["problems"] or [])
        )
    for code in data["codes"]:
        units = found.get_by_label(f"{code} units")
        ui.type_into(units, str(answers["units"].get(code, 0)))
        units.press("Tab")  # on to this line's modifiers box
        page = found.page
        focused = page.evaluate("(document.activeElement.labels || [])[0]?.textContent || ''")
        assert focused.strip() == f"{code} modifiers", focused
        page.keyboard.press("Control+a")
        page.keyboard.press("Backspace")
        page.keyboard.type(", ".join(answers["modifiers"].get(code, [])))
        page.keyboard.press("Tab")
    decision = next(d["label"] for d in data["decisions"] if d["id"] == answers["decision"])
    found.locator(".cpt-decision").get_by_role("radio", name=decision, exact=True).check()


def submissions(course, stem: str) -> list:
    """This learner's attempts, oldest first (other tests of the session submit as others)."""
    return sorted(attempt_files(LEARNER, stem, course.submissions))


def test_exercise_answered_submitted_graded_and_saved(page, lab_server, course):
    stem = "ex02_unsigned_note" if "ex02_unsigned_note" in EXERCISES else EXERCISES[0]
    bank = solutions_dir()
    assert bank is not None, "the exercise bank (solutions/) is needed to check the score"
    exercise = load_bank(bank)[stem]
    data = json.loads((REPO / "exercises" / f"{stem}.json").read_text())
    before = submissions(course, stem)
    found = open_exercise(page, lab_server, stem)

    # 1. The key's answers: saved as a new attempt, scored 100%.
    right = key_answers(exercise).as_dict()
    fill_in(found, data, right)
    found.locator("button.cpt-submit").click()
    status = found.locator(".cpt-status")
    expect(status).to_contain_text("Saved: attempt")
    expect(found.locator(".cpt-feedback .cpt-score")).to_contain_text("Score: 100%")
    expect(found.locator(".cpt-feedback")).to_contain_text("Source:")
    files = submissions(course, stem)
    assert len(files) == len(before) + 1
    written = json.loads(files[-1].read_text())
    assert written["learner"] == LEARNER and written["exercise"] == stem
    assert written["answers"]["units"] == right["units"]
    assert written["answers"]["decision"] == right["decision"]
    assert sorted(written["answers"]["problems"]) == sorted(right["problems"])
    expect(status).to_contain_text(f"attempt {len(before) + 1} of this exercise")
    assert files[-1].name not in status.inner_text()  # no raw file name for the learner

    # 2. Change the decision and submit again: a second file, a lower score, and the score
    #    on the page is the grader's score for what the file holds.
    wrong = next(d for d in data["decisions"] if d["id"] != right["decision"])
    found.locator(".cpt-decision").get_by_role("radio", name=wrong["label"], exact=True).check()
    found.locator("button.cpt-submit").click()
    expect(status).to_contain_text(f"attempt {len(before) + 2}")
    files = submissions(course, stem)
    assert len(files) == len(before) + 2
    second = json.loads(files[-1].read_text())
    assert second["answers"]["decision"] == wrong["id"]
    score = grade(exercise, answers=second["answers"]).score
    assert score < 100
    expect(found.locator(".cpt-feedback .cpt-score")).to_contain_text(f"Score: {score:.0f}%")
    expect(found.locator(".cpt-feedback")).to_contain_text("Not right")
    ui.assert_no_errors(page)
