"""The dashboard page in a real Chromium at 1,280 px: 30 learners x 14 exercises fit with the
learner and the overall score on screen together; it refreshes itself without a reload; and
learner text is shown as text, never run as HTML. The page and its data are the service's
own (page_html, class_view), served to the browser through Playwright's request routing."""

import json
import re
import sys
from pathlib import Path

import pytest

from toolkit.classroom.dashboard.class_view import ClassGrader, class_view
from toolkit.classroom.dashboard.page import page_html
from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.grading import key_answers
from toolkit.course.exercises.submission import new_submission, write_submission

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from servers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from synthetic_room import make_room  # noqa: E402

pytestmark = pytest.mark.browser
BASE = "http://dashboard.test/services/class-dashboard/"
BANK = load_bank()


@pytest.fixture
def dashboard(tmp_path, playwright_driver):
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make browser-deps`.", pytrace=False
        )
    class_dir = tmp_path / "class"
    make_room(class_dir, BANK, learners=30)
    crafted = class_dir / "progress" / '<img src=x onerror="window.__pwned=1">' / "summary.json"
    crafted.parent.mkdir(parents=True)
    crafted.write_text((class_dir / "progress" / "learner-01" / "summary.json").read_text())
    grader = ClassGrader(class_dir, BANK)
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route(
        BASE,
        lambda route: route.fulfill(body=page_html("Ina Teach", "token"), content_type="text/html"),
    )
    page.route(
        BASE + "api/class",
        lambda route: route.fulfill(
            body=json.dumps(class_view(class_dir, grader)), content_type="application/json"
        ),
    )
    yield page, class_dir
    browser.close()


def test_thirty_learners_by_fourteen_exercises_fit_a_laptop_screen(dashboard):
    from playwright.sync_api import expect

    page, _ = dashboard
    page.goto(BASE)
    rows = page.locator("#scores tbody tr")
    expect(rows).to_have_count(31)
    # Learner, Lessons, Quick checks, Practice, Submitted, one per exercise, Overall.
    assert page.locator("#scores thead th").count() == 5 + len(BANK) + 1
    assert page.locator("#scores thead th").nth(3).inner_text() == "Practice"
    from toolkit.course.lessons import LESSONS  # the synthetic room: 1 of 1 tried per lesson

    expect(rows.first.locator("td").nth(3)).to_have_text(f"{len(LESSONS)}/{len(LESSONS)}")
    expect(page.locator("#trust-note")).to_contain_text("self-reported")
    table = page.locator("#scores").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= 1280, table
    learner = page.locator("#scores tbody tr").first.locator("td").first.bounding_box()
    overall = page.locator("#scores tbody tr").first.locator("td").last.bounding_box()
    assert learner["x"] >= 0 and overall["x"] + overall["width"] <= 1280  # both on screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_learner_text_is_shown_as_text_never_run(dashboard):
    from playwright.sync_api import expect

    page, _ = dashboard
    page.goto(BASE)
    expect(page.locator("#scores")).to_contain_text('<img src=x onerror="window.__pwned=1">')
    assert page.locator("#scores img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_the_page_refreshes_itself_without_a_reload(dashboard):
    from playwright.sync_api import expect

    page, class_dir = dashboard
    page.goto(BASE)
    expect(page.locator("#scores tbody tr")).to_have_count(31)
    page.evaluate("window.__sameDocument = true")
    (class_dir / "submissions" / "newcomer").mkdir()
    exercise_id = next(iter(BANK))
    write_submission(
        new_submission(
            "newcomer", exercise_id=exercise_id, answers=key_answers(BANK[exercise_id]).as_dict()
        ),
        folder=class_dir / "submissions" / "newcomer",
    )
    row = page.locator("#scores tbody tr").filter(has_text="newcomer")
    expect(row).to_have_count(1, timeout=15_000)
    expect(row.locator("td").nth(5)).to_have_text("100")  # after Submitted
    assert page.evaluate("window.__sameDocument") is True


def test_choosing_assessment_counts_first_attempts_and_latest_is_warned_about(dashboard):
    from playwright.sync_api import expect

    from toolkit.course import class_folder
    from toolkit.course.class_folder import ClassMode

    page, class_dir = dashboard
    page.goto(BASE)
    expect(page.locator("#mode")).to_have_value("practice")
    expect(page.locator("#count-warning")).to_be_empty()
    page.select_option("#mode", "assessment")
    expect(page.locator("#count-by")).to_have_value("first")  # the default for assessment
    expect(page.locator("#count-warning")).to_be_empty()
    page.select_option("#count-by", "latest")
    expect(page.locator("#count-warning")).to_contain_text("counts the latest attempt")
    # Also when the class already runs so (saved earlier, or set in the file): shown on load.
    class_folder.write_mode(class_dir, mode=ClassMode("assessment", False, "latest"))
    page.reload()
    expect(page.locator("#count-warning")).to_contain_text("Count the first attempt")


def test_unreadable_files_are_counted_with_the_first_few_listed(dashboard):
    import os

    from playwright.sync_api import expect

    page, class_dir = dashboard
    summary = class_dir / "progress" / "learner-02" / "summary.json"
    summary.unlink()
    os.mkfifo(summary)
    page.goto(BASE)
    expect(page.locator("#problems")).to_contain_text(
        "1 progress summary file(s) could not be read"
    )
    expect(page.locator("#problem-list")).to_contain_text(
        "progress/learner-02/summary.json: not a progress summary"
    )


def test_overall_and_the_rule_table_are_explained_in_one_line_each(dashboard):
    """Issue 22: "Overall" 4.3 for one exercise at 100 and "50% of 2" were unexplained."""
    from playwright.sync_api import expect

    page, _ = dashboard
    page.goto(BASE)
    total = len(BANK)
    expect(page.locator("#overall-note")).to_have_text(
        f"Overall: the mean score over all {total} exercises, an exercise not yet submitted "
        f"counting 0 (100 on one of {total} is {100 / total:.1f})."
    )
    rules_note = page.locator("#rules + p")
    expect(rules_note).to_contain_text("counts once, under the first rule")
    first_rule = page.locator("#rules tbody tr").first.locator("td").last
    expect(first_rule).to_have_text(re.compile(r"^\d+ of \d+ \(\d+%\)$"))
