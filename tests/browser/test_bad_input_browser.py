"""Bad input typed in the browser: the message appears beside the field that is wrong, the
page shows no traceback, and the widget keeps working when a good value follows.
"""

from __future__ import annotations

import json
import re

import course_ui as ui
import pytest
from course_map import notebook_with
from playwright.sync_api import Locator, expect

from toolkit.rules.units import bill_units

pytestmark = pytest.mark.browser


def open_lesson_with(page, server, css: str) -> Locator:
    ui.open_lesson(page, server.url, f"notebooks/{notebook_with(css)}.ipynb")
    ui.assert_no_errors(page)
    found = ui.widget(page, css)
    expect(found).to_be_visible()
    return found


def expect_message_beside(row: Locator, *fragments: str) -> None:
    """The row's own message box (next to the field, same row) says what is wrong."""
    message = row.locator(".cpt-field-message")
    for fragment in fragments:
        expect(message).to_contain_text(fragment)
    expect(message.locator("[role=alert]")).to_be_visible()


BAD_MINUTES = [  # (typed, what the message must quote)
    ("abc", "'abc'"),
    ("-5", "-5"),
    ("12.5", "'12.5'"),
    ("2000", "2000"),
    ("", "enter the minutes"),
]


def test_calculator_minutes_bad_then_good(page, lab_server):
    """Letters, a negative, a decimal, too many, nothing: each is named beside the box; the
    calculator keeps working after every one of them."""
    calc = open_lesson_with(page, lab_server, "cpt-unit-calculator")
    calc.locator(".cpt-method button", has_text="CMS").click()
    row = calc.locator(".cpt-code-row").first
    message = row.locator(".cpt-field-message")
    code = row.locator(".cpt-code-input input").input_value().strip()
    minutes = ui.minutes_field(row)
    others = {}
    for other in calc.locator(".cpt-code-row").all()[1:]:
        other_code = other.locator(".cpt-code-input input").input_value().strip()
        other_minutes = ui.minutes_field(other).input_value().strip()
        if other_code and other_minutes:
            others[other_code] = int(other_minutes)

    for good, (typed, named) in zip((23, 8, 40, 15, 52), BAD_MINUTES):
        ui.type_into(minutes, typed)
        minutes.press("Tab")
        expect_message_beside(row, named, "whole number")
        expect(calc.locator(".cpt-units-result")).to_contain_text("Fix the entry")
        expect(calc.locator(".cpt-units-result table")).to_have_count(0)  # no stale answer
        ui.assert_no_errors(page)

        # The same box, now a good value: the message goes, the answer comes back.
        ui.type_into(minutes, str(good))
        minutes.press("Enter")
        expect(message).to_have_text("")
        answer = bill_units({code: good, **others}, method="cms")
        expect(calc.locator(".cpt-units-result")).to_contain_text(
            f"Total: {answer.total_units} unit"
        )
    ui.assert_no_errors(page)


def test_calculator_unknown_code_and_bad_clock_time(page, lab_server):
    calc = open_lesson_with(page, lab_server, "cpt-unit-calculator")
    while calc.locator(".cpt-code-row").count() > 1:  # keep one row, as a learner would
        rows = calc.locator(".cpt-code-row").count()
        calc.locator(".cpt-code-row").last.locator("button.cpt-remove-row").click()
        expect(calc.locator(".cpt-code-row")).to_have_count(rows - 1)
    row = calc.locator(".cpt-code-row").first
    code_box = row.locator(".cpt-code-input input")
    ui.type_into(code_box, "97999x")
    code_box.press("Tab")
    expect_message_beside(row, "97999X")
    ui.type_into(code_box, "97530")
    code_box.press("Tab")
    expect(row.locator(".cpt-field-message")).to_have_text("")

    # Clock times: "9:75" is not a time; a real pair of times then computes.
    calc.locator(".cpt-time-mode button", has_text="clock").click()
    start = row.locator(".cpt-start-input input")
    end = row.locator(".cpt-end-input input")
    ui.type_into(start, "9:75 AM")
    start.press("Tab")
    expect(end).to_be_focused()
    end.press("Control+a")
    end.press_sequentially("10:00 AM")
    end.press("Tab")
    expect_message_beside(row, "9:75")
    ui.type_into(start, "9:05 AM")
    start.press("Enter")
    expect(row.locator(".cpt-field-message")).to_have_text("")
    expect(calc.locator(".cpt-units-result")).to_contain_text("Total:")
    expect(calc.locator(".cpt-units-result table")).to_contain_text("55")
    ui.assert_no_errors(page)


def test_practice_units_box_letters_then_number(page, lab_server):
    practice = open_lesson_with(page, lab_server, "cpt-practice")
    score_before = practice.locator(".cpt-score").inner_text()
    text = practice.locator(".cpt-problem").inner_text()
    minutes = {c: int(m) for c, m in re.findall(r"(\w{5}) for (\d+) minutes", text)}
    method = "cms" if "Medicare" in text else "ama"
    first_code = next(iter(minutes))

    box = practice.get_by_label(f"Units for {first_code}")
    ui.type_into(box, "two")
    box.press("Tab")
    practice.locator("button.cpt-check").first.click()
    row = practice.locator(".cpt-units-input").first.locator("xpath=..")
    expect_message_beside(row, "'two'", "whole number")
    expect(practice.locator(".cpt-feedback")).to_contain_text("Fix the box marked in red")
    expect(practice.locator(".cpt-score")).to_have_text(score_before)  # not counted
    ui.assert_no_errors(page)

    answer = bill_units(minutes, method=method).units
    for code in minutes:
        ui.type_into(practice.get_by_label(f"Units for {code}"), str(answer[code]))
        practice.get_by_label(f"Units for {code}").press("Tab")
    practice.locator("button.cpt-check").first.click()
    expect(row.locator(".cpt-field-message")).to_have_text("")
    expect(practice.locator(".cpt-feedback")).to_contain_text("Right.")
    ui.assert_no_errors(page)


def test_exercise_bad_entries_are_named_and_nothing_is_saved(page, lab_server, course):
    """No name, letters for units, an unknown modifier, 'None' ticked with a problem: each
    message sits beside its field, no submission file appears; fixed, it saves."""
    stem = "ex01_tidy_visit"
    ui.open_lesson(page, lab_server.url, f"exercises/{stem}.ipynb")
    found = ui.widget(page, "cpt-exercise")
    expect(found).to_be_visible()
    code = found.locator(".cpt-units-input label").first.inner_text().split()[0]
    before = sorted(course.submissions.glob(f"*__{stem}__*.json"))

    ui.type_into(found.get_by_label("Your name"), "")
    units = found.get_by_label(f"{code} units")
    ui.type_into(units, "abc")
    units.press("Tab")
    page.keyboard.type("ZZ")
    found.locator(".cpt-problem").first.locator("input").check()
    found.locator(".cpt-problem-none input").check()
    found.locator("button.cpt-submit").click()

    expect(found.locator(".cpt-status")).to_contain_text("Fix the marked fields")
    name_row = found.locator(".cpt-learner-name").locator("xpath=..")
    expect(name_row.locator(".cpt-field-message")).to_contain_text("type your name")
    units_row = found.locator(".cpt-units-input").first.locator("xpath=..")
    expect(units_row.locator(".cpt-field-message").nth(0)).to_contain_text("'abc'")
    expect(units_row.locator(".cpt-field-message").nth(1)).to_contain_text("ZZ")
    expect(found.locator(".cpt-field-message").filter(has_text="'None'")).to_be_visible()
    assert sorted(course.submissions.glob(f"*__{stem}__*.json")) == before  # nothing saved
    ui.assert_no_errors(page)

    # Fixed: it saves, and the messages are gone.
    ui.type_into(found.get_by_label("Your name"), "Bad Input Learner")
    ui.type_into(units, "1")
    units.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("GP")
    found.locator(".cpt-problem").first.locator("input").uncheck()
    found.locator("button.cpt-submit").click()
    expect(found.locator(".cpt-status")).to_contain_text("Saved: attempt")
    expect(found.locator(".cpt-field-message [role=alert]")).to_have_count(0)
    after = sorted(course.submissions.glob(f"*__{stem}__*.json"))
    assert len(after) == len(before) + 1
    assert json.loads(after[-1].read_text())["learner"] == "Bad Input Learner"
    ui.assert_no_errors(page)


# ----------------------------------------------------------------- lessons 12 and 13 widgets


def test_claim_form_box_of_the_wrong_kind_is_named_beside_it_and_kept(page, lab_server):
    """Letters in an NPI box and a code in the pointer box: each named beside its own box,
    what was typed stays, and a right value clears the message."""
    form = open_lesson_with(page, lab_server, "cpt-claim-form")
    npi = form.locator(".cpt-form-box", has_text="Box 17b NPI")
    pointer = form.locator(".cpt-form-box", has_text="Line 1 24E pointer")
    ui.type_into(npi.locator("input"), "12345")
    ui.type_into(pointer.locator("input"), "R26.2")
    page.keyboard.press("Tab")
    form.locator("button.cpt-check-form").click()
    expect_message_beside(npi.locator("xpath=.."), "an NPI is 10 digits")
    expect_message_beside(pointer.locator("xpath=.."), "letters from A to L")
    assert npi.locator("input").input_value() == "12345"
    assert pointer.locator("input").input_value() == "R26.2"
    ui.type_into(npi.locator("input"), "1234567893")
    page.keyboard.press("Tab")
    form.locator("button.cpt-check-form").click()
    expect(npi.locator("xpath=..").locator(".cpt-field-message")).to_have_text("")
    ui.assert_no_errors(page)


def test_remittance_text_that_is_not_an_835_is_named_beside_it_and_kept(page, lab_server):
    remit = open_lesson_with(page, lab_server, "cpt-remittance")
    box = remit.locator(".cpt-remit-text textarea")
    box.fill("Dear provider, your claim was paid.")
    page.keyboard.press("Tab")
    remit.locator("button.cpt-read-835").click()
    expect(remit.locator(".cpt-field-message")).to_contain_text("not an X12 file")
    expect(remit.locator(".cpt-field-message [role=alert]")).to_be_visible()
    assert box.input_value() == "Dear provider, your claim was paid."
    # Picking a sample reads it; going back to "your own" brings the pasted text back.
    remit.locator(".cpt-remit-picker select").select_option(label="Too many units (CO-151)")
    expect(remit.locator(".cpt-feedback")).to_contain_text("CO-151")
    remit.locator(".cpt-remit-picker select").select_option(index=6)  # "Your own 835"
    expect(box).to_have_value("Dear provider, your claim was paid.")
    ui.assert_no_errors(page)
