"""Lessons 12 ("The claim form") and 13 ("After the claim") and two of their exercises on a
real hub, as a learner meets them (issue 24): signed in through the hub's login form, each
page opened by its address and left to run by itself, the widgets used with the keyboard
and the mouse, the feedback read with its sources, and axe-core run on the page once the
widgets have answered. Every cell is rendered before axe runs (JupyterLab skips painting
off-screen cells, which would hide their contrast from axe).
"""

from __future__ import annotations

import json
import re

import course_ui as ui
import pytest
from accessibility import course_violations, show_to_axe, unnamed_or_repeated_inputs
from course_map import REPO
from playwright.sync_api import Locator, Page, expect
from test_classroom_hub import sign_in
from test_exercises_browser import fill_in

from toolkit.classroom.names import hub_name
from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.grading import key_answers
from toolkit.course.lessons.sample_claims import CASE, CASE_NOTE, SAMPLE_835
from toolkit.rules import remittance as remittance_rules
from toolkit.rules.claim_form import check_form
from toolkit.rules.x12_835 import read_835
from toolkit.settings import solutions_dir
from toolkit.widgets.claim_form import ClaimFormWidget

LEARNER = ("Carol Cruz", "carol-secret-33")
SPAWN_TIMEOUT = 120_000
COURSE_CONTENT = f"{ui.PANEL} :is(.jp-OutputArea-output, .jp-MarkdownOutput)"
TEN_DIGITS = re.compile(r"(?<!\d)\d{10}(?!\d)")
MBI_LETTER = "AC-HJKMNP-RT-Y"  # the letters CMS's MBI format uses (no S, L, O, I, B, Z)
MBI = re.compile(  # CMS, "Understanding the Medicare Beneficiary Identifier (MBI) Format"
    rf"(?<![0-9A-Z])[1-9][{MBI_LETTER}][{MBI_LETTER}0-9][0-9][{MBI_LETTER}][{MBI_LETTER}0-9]"
    rf"[0-9][{MBI_LETTER}]{{2}}[0-9]{{2}}(?![0-9A-Z])"
)


@pytest.fixture(scope="module")
def learner(hub, chromium):
    """(the learner's page, their server's address), signed in as a person would."""
    page = sign_in(chromium, hub, *LEARNER)
    name = hub_name(LEARNER[0])
    expect(page).to_have_url(re.compile(rf"/user/{name}/lab"), timeout=SPAWN_TIMEOUT)
    yield page, f"{hub.url}/user/{name}"
    page.context.close()


def npi_check_digit_ok(digits: str) -> bool:
    """The NPI check digit (Luhn over 80840 + the ten digits): a number that passes it could
    be a real provider's, so the course may show only its labelled examples."""
    total = 0
    for i, ch in enumerate(reversed("80840" + digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def labelled_example(token: str, seen: str) -> bool:
    """`token` is followed on the page, once at least, by "(example)", "(an example" or
    "(the example"."""
    return re.search(rf"{re.escape(token)}\W{{0,3}}\((an |the )?example", seen) is not None


def assert_synthetic_and_sourced(page: Page, must_say: tuple[str, ...]) -> None:
    """What the learner sees: the synthetic labels `must_say`; every number that could be a
    real provider's NPI (it passes the check digit) or a real patient's Medicare number (it
    has the MBI's shape) said to be an example on the page; a source on every rule and
    finding shown."""
    show_to_axe(page)  # inner_text is empty for a cell JupyterLab has not painted
    boxes = page.locator(f"{COURSE_CONTENT} :is(input[type=text], textarea)")
    typed = [box.input_value() for box in boxes.all()]  # a box's text is not inner text
    seen = "\n".join([*page.locator(COURSE_CONTENT).all_inner_texts(), *typed])
    for words in must_say:
        assert words in seen, f"the page does not say {words!r}"
    real_looking = {n for n in TEN_DIGITS.findall(seen) if npi_check_digit_ok(n)}
    real_looking |= set(MBI.findall(seen))
    unlabelled = sorted(n for n in real_looking if not labelled_example(n, seen))
    assert not unlabelled, f"shown without saying they are examples: {unlabelled}"
    for shown in page.locator(f"{ui.PANEL} :is(.cpt-finding, .cpt-rule)").all():
        text = shown.inner_text()
        assert re.search(r"Source: \S", text), f"a rule shown without its source: {text[:200]}"


def assert_axe_clean(page: Page) -> None:
    assert course_violations(page) == []  # axe-core: JupyterLab's own are listed as known
    assert unnamed_or_repeated_inputs(page, ui.PANEL) == []


# ----------------------------------------------------------------------------- lesson 12


def case_values() -> dict[str, str]:
    """What a learner reading the case note types in each box (the widget's keys)."""
    letter = {code: slot for slot, code in CASE["21"].items()}
    values = {k: CASE[k] for k in ("17 qualifier", "17 name", "17b", "31", "33", "33a")}
    values |= {f"21{slot}": CASE["21"].get(slot, "") for slot in "ABCD"}
    for n, line in enumerate(CASE["lines"], 1):
        for box, value in line.items():
            typed = "".join(letter[c] for c in value) if box == "24E" else value
            values[f"line {n} {box}"] = typed
    return values


def checked(values: dict[str, str]):
    """What `check_form` finds in these boxes: what the page must show."""
    form = ClaimFormWidget(CASE, note=CASE_NOTE, values=values)
    boxes, lines = form.boxes()
    return check_form(boxes, lines=lines, minutes=CASE["minutes"], case=CASE)


def focused_label(page: Page) -> str:
    return page.evaluate("(document.activeElement.labels || [])[0]?.textContent || ''").strip()


def test_lesson_12_claim_form_filled_from_the_note_with_the_keyboard(learner):
    page, base = learner
    ui.open_lesson(page, base, "notebooks/12_the_claim_form.ipynb")
    ui.assert_no_errors(page)
    form = ui.widget(page, "cpt-claim-form")
    expect(form.locator(".cpt-feedback")).to_contain_text("Some boxes")  # the draft, checked
    note = form.locator("pre.cpt-note").text_content()

    # Every box is reached with Tab, in the form's order, and filled from the note.
    order = [
        (key, field.input.description)
        for key, field in ClaimFormWidget(CASE, note=CASE_NOTE).fields.items()
    ]
    values = case_values()
    form.get_by_label(order[0][1], exact=True).click()
    for key, label in order:
        assert focused_label(page) == label, f"Tab reached {focused_label(page)!r}, not {label}"
        page.keyboard.press("Control+a")
        page.keyboard.press("Backspace")
        page.keyboard.type(values[key])
        page.keyboard.press("Tab")
    for value in (CASE["17b"], CASE["33a"], *CASE["21"].values(), CASE["lines"][0]["24A"]):
        assert value in note, f"{value} is not in the case note the learner reads"
    assert checked(values).ok
    form.locator("button.cpt-check-form").click()
    feedback = form.locator(".cpt-feedback")
    expect(feedback).to_contain_text("Every box agrees with the note and the rules.")

    # One unit too many on the 97530 line: the rules' own findings, each with its source.
    wrong = dict(values, **{"line 1 24G": "3"})
    found = checked(wrong).findings
    assert found, "3 units for 38 minutes must be a finding"
    ui.type_into(form.get_by_label("Line 1 24G units", exact=True), "3")
    page.keyboard.press("Tab")
    form.locator("button.cpt-check-form").click()
    expect(feedback).to_contain_text("Some boxes need changing")
    for finding in found:
        expect(feedback).to_contain_text(finding.message[:60])
    expect(feedback.locator(".cpt-finding")).to_have_count(len(found))
    ui.assert_no_errors(page)
    assert_synthetic_and_sourced(page, ("synthetic", "not real providers"))
    assert_axe_clean(page)


# ----------------------------------------------------------------------------- lesson 13


def expect_explained(remit: Locator, text: str) -> None:
    """Each adjustment of the 835 explained on the page as the rules explain it."""
    found = remittance_rules.findings(read_835(text))
    assert found, "a sample with adjustments must have findings"
    feedback = remit.locator(".cpt-feedback")
    for finding in found:
        expect(feedback).to_contain_text(finding.message[:60])
    expect(feedback.locator(".cpt-finding")).to_have_count(len(found))


def test_lesson_13_remittance_picked_and_pasted(learner):
    page, base = learner
    ui.open_lesson(page, base, "notebooks/13_after_the_claim.ipynb")
    ui.assert_no_errors(page)
    remit = ui.widget(page, "cpt-remittance")
    expect_explained(remit, SAMPLE_835["Bundled with manual therapy (CO-97)"])

    picker = remit.get_by_label("Remittance to read")
    picker.focus()
    picker.select_option(label="Too many units (CO-151)")
    expect_explained(remit, SAMPLE_835["Too many units (CO-151)"])

    # A learner pastes a (synthetic) 835 of their own and reads it.
    pasted = SAMPLE_835["Plan limit and not covered (CO-119, PR-204)"]
    box = remit.get_by_label("835 text")
    box.fill(pasted)
    box.press("Tab")
    expect(picker).to_have_value(re.compile("Your own"))
    remit.locator("button.cpt-read-835").click()
    expect_explained(remit, pasted)
    paid = read_835(pasted).payment
    expect(remit).to_contain_text(f"{remittance_rules.dollars(paid)}")
    ui.assert_no_errors(page)
    assert_synthetic_and_sourced(page, ("synthetic", "SYNTHETIC MEDICARE CONTRACTOR"))
    assert_axe_clean(page)


# ----------------------------------------------------------------------------- exercises


def answer_questions(found: Locator, data: dict, items: dict) -> None:
    """Question 5 as a learner answers it: a radio button per choice, a typed box per value."""
    choices = found.locator(".cpt-question-choice")
    for n, q in enumerate(x for x in data["questions"] if x["kind"] == "choice"):
        choices.nth(n).get_by_role("radio", name=items[q["id"]], exact=True).check()
    for q in data["questions"]:
        if q["kind"] == "text":
            box = found.get_by_label(q["prompt"], exact=True)
            ui.type_into(box, items[q["id"]])
            box.press("Tab")


@pytest.mark.parametrize("stem", ["ex28_cms1500_from_note", "ex30_denial_to_fix"])
def test_claim_exercise_answered_and_graded_with_sources_on_the_hub(learner, stem):
    page, base = learner
    folder = solutions_dir()
    assert folder is not None, "the exercise bank (solutions/) is needed to check the score"
    key = key_answers(load_bank(folder)[stem]).as_dict()
    data = json.loads((REPO / "exercises" / f"{stem}.json").read_text())
    ui.open_lesson(page, base, f"exercises/{stem}.ipynb")
    ui.assert_no_errors(page)
    found = ui.widget(page, "cpt-exercise")
    fill_in(found, data, key, name=None)  # the hub says who this is
    answer_questions(found, data, key["items"])
    found.locator("button.cpt-submit").click()
    expect(found.locator(".cpt-status")).to_contain_text("Saved: attempt")
    feedback = found.locator(".cpt-feedback")
    expect(feedback.locator(".cpt-score")).to_contain_text("Score: 100%")
    items = feedback.locator(".cpt-box")
    expect(items.first).to_be_visible()
    for item in items.all():
        assert item.locator(".cpt-source").count(), f"no source: {item.inner_text()[:200]}"
    for q in data["questions"]:  # every claim-form item is graded on its own, with a reason
        expect(feedback).to_contain_text(q["prompt"][:50])
    ui.assert_no_errors(page)
    assert_synthetic_and_sourced(page, ("training case, synthetic",))
    assert_axe_clean(page)
