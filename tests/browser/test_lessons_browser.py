"""Every lesson in a real JupyterLab: Run All, no errors, its widgets visible; and the
lesson widgets used the way a learner uses them (typing, Tab, clicking, picking answers).
"""

from __future__ import annotations

import re

import course_ui as ui
import pytest
from accessibility import course_violations, unnamed_or_repeated_inputs
from course_map import ANY_COURSE_WIDGET, REPO, expected, notebook_with
from playwright.sync_api import Locator, Page, expect

from toolkit.rules.units import bill_units

pytestmark = pytest.mark.browser

LESSONS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9]*.ipynb"))


def open_and_run(page: Page, server, stem: str, folder: str = "notebooks") -> None:
    ui.open_lesson(page, server.url, f"{folder}/{stem}.ipynb")
    ui.assert_no_errors(page)


def saved_progress(home) -> dict:
    """The learner's saved progress in `home`, read from the store as a new kernel would."""
    import os

    from toolkit.course import learner_store

    before = os.environ.get("CPT97530_HOME")
    os.environ["CPT97530_HOME"] = str(home)
    try:
        return learner_store.snapshot()
    finally:
        if before is None:
            del os.environ["CPT97530_HOME"]
        else:
            os.environ["CPT97530_HOME"] = before


def check_widgets_and_photograph(page: Page, stem: str, screenshot_dir) -> None:
    classes = expected(stem)
    for css in classes:
        expect(ui.widget(page, css), f"{stem} should show .{css}").to_be_visible()
    main = ui.widget(page, classes[0]) if classes else page.locator(ANY_COURSE_WIDGET).first
    expect(main, f"{stem} shows no course widget after Run All").to_be_visible()
    ui.photograph(page, main, str(screenshot_dir / f"{stem}.png"))


def test_every_lesson_of_the_course_is_on_disk_and_tested():
    """Guard: a missing lesson must not make the browser suite pass vacuously."""
    from toolkit.course.lessons import LESSONS as COURSE_LESSONS

    missing = sorted(set(COURSE_LESSONS) - set(LESSONS))
    assert not missing, f"lessons not found in notebooks/: {missing}"


@pytest.mark.parametrize("stem", LESSONS)
def test_lesson_runs_clean_and_shows_its_widgets(page, lab_server, stem, screenshot_dir):
    open_and_run(page, lab_server, stem)
    check_widgets_and_photograph(page, stem, screenshot_dir)
    ui.assert_no_errors(page)
    assert course_violations(page) == []  # axe-core: JupyterLab's own are listed as known
    assert unnamed_or_repeated_inputs(page, ui.PANEL) == []


def test_axe_checks_colours_everywhere_in_a_notebook(page, lab_server):
    """Guard for accessibility.scan_whole_notebook: pale text put at the end of the longest
    lesson (off screen, in an output) is found. Without it axe counted every cell of a
    JupyterLab notebook as off screen and checked no colour at all (this failed then)."""
    stem = max(LESSONS, key=lambda s: (REPO / "notebooks" / f"{s}.ipynb").stat().st_size)
    open_and_run(page, lab_server, stem)
    page.evaluate(
        """(panel) => {
            const outputs = document.querySelectorAll(`${panel} .jp-OutputArea-output`);
            const pale = document.createElement('p');
            pale.id = 'cpt-axe-probe';
            pale.style.cssText = 'color:#c8c8c8;background:#fff';
            pale.textContent = 'pale text a learner could not read';
            outputs[outputs.length - 1].appendChild(pale);
        }""",
        ui.PANEL,
    )
    found = course_violations(page)
    assert [f for f in found if f.startswith("color-contrast") and "cpt-axe-probe" in f], found


# ----------------------------------------------------------------------------- unit calculator


def units_shown(calculator: Locator) -> dict[str, int]:
    """Code -> units as the 'Units per code' table on the page shows them."""
    rows = calculator.locator(".cpt-units-result table tbody tr")
    shown = {}
    for cells in (row.locator("td").all_inner_texts() for row in rows.all()):
        shown[cells[0].strip()] = int(cells[3])
    return shown


def expect_units(calculator: Locator, minutes: dict[str, int], method: str) -> None:
    answer = bill_units(minutes, method=method)
    total = f"Total: {answer.total_units} unit"
    expect(calculator.locator(".cpt-units-result")).to_contain_text(total)
    assert units_shown(calculator) == answer.units


def rows_entered(calculator: Locator) -> dict[str, int]:
    """Code -> minutes as typed in the calculator's rows (what the learner sees)."""
    entered = {}
    for row in calculator.locator(".cpt-code-row").all():
        code = row.locator(".cpt-code-input input").input_value().strip()
        minutes = ui.minutes_field(row).input_value().strip()
        if code and minutes:
            entered[code] = int(minutes)
    return entered


def test_unit_calculator_typing_tab_and_switching_method(page, lab_server):
    open_and_run(page, lab_server, notebook_with("cpt-unit-calculator"))
    calc = ui.widget(page, "cpt-unit-calculator")
    calc.locator(".cpt-method button", has_text="CMS").click()
    first_row = calc.locator(".cpt-code-row").nth(0)

    # Row 1: replace the minutes with 23, leave the box with Tab -> the answer updates.
    minutes_1 = ui.minutes_field(first_row)
    ui.type_into(minutes_1, "23")
    minutes_1.press("Tab")
    entered = rows_entered(calc)
    assert list(entered.values())[0] == 23
    expect_units(calc, entered, "cms")
    steps = calc.locator(".cpt-steps")
    expect(steps).to_contain_text("23")
    expect(steps).to_contain_text("Source:")

    # Add a code: type it, Tab to its minutes box, type, Tab out.
    new_code = "97530" if "97530" not in entered else "97140"
    rows_before = calc.locator(".cpt-code-row").count()
    calc.locator(".cpt-add-row button, button.cpt-add-row").first.click()
    new_row = calc.locator(".cpt-code-row").nth(rows_before)
    code_box = new_row.locator(".cpt-code-input input")
    code_box.click()
    code_box.press_sequentially(new_code)
    code_box.press("Tab")
    minutes_box = ui.minutes_field(new_row)
    expect(minutes_box).to_be_focused()
    minutes_box.press_sequentially("10")
    minutes_box.press("Tab")
    entered[new_code] = 10
    expect_units(calc, entered, "cms")
    assert rows_entered(calc) == entered

    # The other counting method, one click away; the side-by-side table shows both.
    calc.locator(".cpt-method button", has_text="Per code").click()
    expect_units(calc, entered, "ama")
    compare = calc.locator(".cpt-compare")
    expect(compare).to_contain_text("CMS 8-minute rule")
    expect(compare).to_contain_text("Source:")
    ui.assert_no_errors(page)


# ----------------------------------------------------------------------------- practice


def problem_shown(practice: Locator) -> tuple[dict[str, int], str]:
    """Parse 'Problem n: ...: 97530 for 23 minutes, ... The payer is Medicare ...'."""
    text = practice.locator(".cpt-problem").inner_text()
    minutes = {code: int(m) for code, m in re.findall(r"(\w{5}) for (\d+) minutes", text)}
    method = "cms" if "Medicare" in text else "ama"
    assert minutes, f"could not read the practice problem: {text!r}"
    return minutes, method


def score_shown(practice: Locator) -> tuple[int, int]:
    text = practice.locator(".cpt-score").inner_text()
    right, tried = re.search(r"(\d+) right out of (\d+)", text).groups()
    return int(right), int(tried)


def answer_practice(practice: Locator, units: dict[str, int]) -> None:
    """Type units into each box, moving between boxes with Tab like a person."""
    boxes = practice.locator(".cpt-units-input input")
    boxes.first.click()
    for code in units:
        box = practice.get_by_label(f"Units for {code}")
        expect(box).to_be_focused()
        box.press("Control+a")
        box.press_sequentially(str(units[code]))
        box.press("Tab")  # move on, as a person does: the box's value goes to the kernel
    practice.locator(".cpt-check button, button.cpt-check").first.click()


def test_practice_right_then_wrong_answer_updates_feedback_and_score(page, lab_server, course):
    open_and_run(page, lab_server, notebook_with("cpt-practice"))
    practice = ui.widget(page, "cpt-practice")
    right_before, tried_before = score_shown(practice)

    minutes, method = problem_shown(practice)
    answer = bill_units(minutes, method=method).units
    answer_practice(practice, {c: answer[c] for c in minutes})
    feedback = practice.locator(".cpt-feedback")
    expect(feedback).to_contain_text("Right.")
    expect(feedback).to_contain_text("Source:")
    expect(practice.locator(".cpt-score")).to_contain_text(
        f"{right_before + 1} right out of {tried_before + 1}"
    )

    practice.locator(".cpt-next button, button.cpt-next").first.click()
    expect(feedback).to_have_text("")
    minutes, method = problem_shown(practice)
    wrong = {c: bill_units(minutes, method=method).units[c] + 5 for c in minutes}
    answer_practice(practice, wrong)
    expect(feedback).to_contain_text("Not quite")
    expect(practice.locator(".cpt-score")).to_contain_text(
        f"{right_before + 1} right out of {tried_before + 2}"
    )
    ui.assert_no_errors(page)
    # The score is in the learner's store (a real database, written by the widget's kernel).
    saved = saved_progress(course.home)
    scores = [(lesson.get("practice") or {}) for lesson in saved["lessons"].values()]
    assert {"tried": tried_before + 2, "right": right_before + 1} in [
        {"tried": s.get("tried"), "right": s.get("right")} for s in scores
    ]


# ----------------------------------------------------------------------------- quick checks


def quick_check(page: Page, key: str) -> tuple[Locator, object]:
    """The quick check showing question `key`, and the question (the answer key)."""
    from toolkit.course.lessons.quick_checks import question

    item = question(key)
    found = page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    expect(found).to_be_visible()
    return found, item


def test_quick_checks_pick_answers_get_why_and_keep_them(page, lab_server, course):
    """Single choice and tick-all: feedback with reasons and sources; answers survive a
    fresh start of the notebook (saved in the learner's progress file)."""
    lesson = "02_what_is_97530"
    open_and_run(page, lab_server, lesson)
    single, item = quick_check(page, "what-descriptor")

    single.locator("button.cpt-check").click()  # nothing picked yet
    expect(single.locator(".cpt-field-message")).to_contain_text("Choose an answer first")

    right = next(o for o in item.options if o.correct is True)
    single.get_by_role("radio", name=right.text, exact=True).check()
    single.locator("button.cpt-check").click()
    feedback = single.locator(".cpt-feedback")
    expect(feedback).to_contain_text("Correct.")
    expect(feedback).to_contain_text("Source:")
    expect(single.locator(".cpt-field-message")).to_have_text("")

    multi, item = quick_check(page, "what-functional")
    wrong = next(o for o in item.options if o.correct is not True)
    multi.get_by_role("checkbox", name=wrong.text, exact=True).check()
    multi.locator("button.cpt-check").click()
    expect(multi.locator(".cpt-feedback")).to_contain_text("Not quite")
    expect(multi.locator(".cpt-feedback")).to_contain_text(wrong.why[:40])
    for option in item.options:  # now tick exactly the right ones, by clicking
        box = multi.get_by_role("checkbox", name=option.text, exact=True)
        box.set_checked(option.correct is True)
    multi.locator("button.cpt-check").click()
    expect(multi.locator(".cpt-feedback")).to_contain_text("Correct.")
    ui.assert_no_errors(page)

    saved = saved_progress(course.home)["lessons"][lesson]["answers"]
    assert saved["what-descriptor"]["correct"] is True
    assert saved["what-functional"]["correct"] is True

    # Close and reopen (a new kernel): the answers and their feedback are back.
    page.goto("about:blank")
    open_and_run(page, lab_server, lesson)
    single, _ = quick_check(page, "what-descriptor")
    expect(single.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    expect(single.locator(".cpt-feedback")).to_contain_text("Correct.")


def test_sort_into_codes_with_dropdowns(page, lab_server):
    open_and_run(page, lab_server, notebook_with("cpt-quick-check-sort"))
    sort = page.locator(".cpt-quick-check-sort").first
    from toolkit.course.lessons.quick_checks import question

    prompt = sort.locator("p").first.inner_text()
    item = next(
        question(k)
        for k in ("when-sort", "which-code", "similar-slp")
        if question(k).prompt in prompt
    )
    menus = [sort.get_by_label(f"scenario {i} goes under") for i in range(1, len(item.options) + 1)]

    menus[0].select_option(item.options[0].correct)  # leave the rest open
    sort.locator("button.cpt-check").click()
    expect(sort.locator(".cpt-field-message")).to_contain_text("scenario 2 is open")

    for menu, option in zip(menus, item.options):
        menu.select_option(option.correct)
    sort.locator("button.cpt-check").click()
    expect(sort.locator(".cpt-feedback")).to_contain_text("Correct.")
    expect(sort.locator(".cpt-field-message")).to_have_text("")

    wrong = next(c for c in item.categories if c != item.options[0].correct)
    menus[0].select_option(wrong)
    sort.locator("button.cpt-check").click()
    expect(sort.locator(".cpt-feedback")).to_contain_text("Not quite")
    expect(sort.locator(".cpt-feedback")).to_contain_text(f"you chose {wrong}")
    ui.assert_no_errors(page)


# ----------------------------------------------------------------------------- claim checker


def test_claim_checker_lines_typed_and_checked(page, lab_server):
    from toolkit.rules.claims import check_claim

    open_and_run(page, lab_server, notebook_with("cpt-claim-checker"))
    checker = ui.widget(page, "cpt-claim-checker")
    checker.get_by_label("Payer").select_option("Medicare")
    while checker.locator(".cpt-claim-row").count():
        rows = checker.locator(".cpt-claim-row").count()
        checker.locator(".cpt-claim-row").last.locator("button.cpt-remove-row").click()
        expect(checker.locator(".cpt-claim-row")).to_have_count(rows - 1)

    checker.locator("button.cpt-add-row").click()
    row = checker.locator(".cpt-claim-row").first
    code = row.locator(".cpt-code-input input")
    code.click()
    for text in ("97530", "2", "GP", "30"):  # code, Tab, units, Tab, modifiers, Tab, minutes
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    assert ui.minutes_field(row).input_value() == "30"
    checker.locator("button.cpt-check").click()
    feedback = checker.locator(".cpt-feedback")
    line = {"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"}
    assert check_claim([line], payer="medicare", year=2026).ok
    expect(feedback).to_contain_text("No errors found on this claim.")

    # Drop the therapy modifier: the claim rules' own finding appears, with its source.
    ui.type_into(row.locator(".cpt-modifiers-input input"), "")
    page.keyboard.press("Tab")
    checker.locator("button.cpt-check").click()
    expect(feedback).to_contain_text("This claim has errors to fix.")
    found = check_claim([{**line, "modifiers": ""}], payer="medicare", year=2026)
    assert not found.ok
    for finding in found.findings:
        expect(feedback).to_contain_text(finding.message[:60])
    expect(feedback).to_contain_text("Source:")

    # Letters for units: named beside the line, then a good value checks again.
    ui.type_into(row.locator(".cpt-units-input input"), "two")
    page.keyboard.press("Tab")
    checker.locator("button.cpt-check").click()
    expect(row.locator(".cpt-field-message")).to_contain_text("two")
    ui.type_into(row.locator(".cpt-units-input input"), "2")
    ui.type_into(row.locator(".cpt-modifiers-input input"), "GP")
    page.keyboard.press("Tab")
    checker.locator("button.cpt-check").click()
    expect(row.locator(".cpt-field-message")).to_have_text("")
    expect(feedback).to_contain_text("No errors found on this claim.")
    ui.assert_no_errors(page)


# ----------------------------------------------------------------------------- note checker


def checklist_status(checker: Locator, part: str) -> str:
    row = checker.locator(".cpt-note-checklist tr").filter(has_text=part)
    return row.locator("td").nth(1).inner_text().strip()


def test_note_checker_fix_the_credentials_and_a_bad_total(page, lab_server):
    from toolkit.widgets.note_checker import ELEMENT_NAMES

    open_and_run(page, lab_server, notebook_with("cpt-note-checker"))
    checker = ui.widget(page, "cpt-note-checker")
    signature_row = ELEMENT_NAMES["signature_credentials"]
    expect(checker.locator(".cpt-note-checklist")).to_contain_text(signature_row)
    assert not checklist_status(checker, signature_row).endswith("OK")  # the sample lacks them

    # Type credentials after the signature (Tab from one box to the next), check again.
    signature = checker.locator(".cpt-signature-input input")
    signature.click()
    signature.press("Tab")
    credentials = checker.locator(".cpt-credentials-input input")
    expect(credentials).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("PT")
    checker.locator("button.cpt-check").click()
    expect(
        checker.locator(".cpt-note-checklist tr").filter(has_text=signature_row)
    ).to_contain_text("OK")
    expect(checker.locator(".cpt-feedback")).to_be_visible()

    # A total with letters: named beside that box, no checklist until it is fixed.
    total = checker.locator(".cpt-total-timed-input input")
    ui.type_into(total, "thirty")
    total.press("Tab")
    checker.locator("button.cpt-check").click()
    total_row = checker.locator(".cpt-total-timed-input").locator("xpath=..")
    expect(total_row.locator(".cpt-field-message")).to_contain_text("thirty")
    expect(checker.locator(".cpt-feedback")).to_contain_text("Fix the entry marked in red")
    expect(checker.locator(".cpt-note-checklist table")).to_have_count(0)
    ui.type_into(total, "35")
    total.press("Tab")
    checker.locator("button.cpt-check").click()
    expect(total_row.locator(".cpt-field-message")).to_have_text("")
    assert checklist_status(checker, signature_row).endswith("OK")
    ui.assert_no_errors(page)


# ----------------------------------------------------------------------------- audit view


def test_audit_view_switches_method_and_recounts(page, lab_server):
    from toolkit.audit.visit_log import read_visit_log
    from toolkit.audit.visits import audit_visits
    from toolkit.course.shipped import day_sheet

    open_and_run(page, lab_server, notebook_with("cpt-audit-view"))
    view = ui.widget(page, "cpt-audit-view")
    sheet = read_visit_log(day_sheet())
    for label, method in (("CMS", "cms"), ("Per code", "ama"), ("CMS", "cms")):
        view.locator(".widget-toggle-buttons button", has_text=label).click()
        counts = audit_visits(sheet, method=method).counts()
        summary = view.locator(".cpt-box").first
        expect(summary).to_contain_text(f"{counts['findings']} findings")
        expect(summary).to_contain_text(f"{counts['error findings']} errors")
    expect(view).to_contain_text("Source:")
    ui.assert_no_errors(page)


# ----------------------------------------------------------------------------- around the claim


def test_around_the_claim_refuses_kx_with_ga_and_warns_on_medicare_modalities(page, lab_server):
    from toolkit.rules.claims import check_claim

    open_and_run(page, lab_server, "11_around_the_claim")
    abn, packs = (page.locator(".cpt-claim-checker").nth(i) for i in (0, 1))
    line = {"code": "97530", "units": "2", "modifiers": "GP KX GA", "minutes": "30"}
    [refused] = [f for f in check_claim([line]).findings if f.rule_id == "kx-not-with-ga"]
    expect(abn.locator(".cpt-feedback")).to_contain_text(refused.message[:60])

    # The learner keeps GA (the ABN is on file) and drops KX: the contradiction is gone.
    row = abn.locator(".cpt-claim-row").first
    ui.type_into(row.locator(".cpt-modifiers-input input"), "GP GA")
    page.keyboard.press("Tab")
    abn.locator("button.cpt-check").click()
    assert check_claim([{**line, "modifiers": "GP GA"}]).ok
    expect(abn.locator(".cpt-feedback")).to_contain_text("No errors found on this claim.")
    expect(abn.locator(".cpt-feedback")).not_to_contain_text(refused.message[:60])

    for rule_id in ("medicare-97010-bundled", "medicare-97014-g0283"):
        [warning] = [
            f
            for f in check_claim(
                [
                    {"code": c, "units": "1", "modifiers": "GP", "minutes": "15"}
                    for c in ("97010", "97014")
                ]
            ).findings
            if f.rule_id == rule_id
        ]
        expect(packs.locator(".cpt-feedback")).to_contain_text(warning.message[:50])
    ui.assert_no_errors(page)
