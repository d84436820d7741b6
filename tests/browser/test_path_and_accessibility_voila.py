"""The whole path in Voila (the code-free workshop view), with axe-core on every page.

Starting at lesson 1 and following only its "Next" links reaches every lesson on disk, in
order, and the last one points to the exercises. Every lesson and exercise page has no
axe-core finding at all (the page template is the course's own), its content is inside a
`<main>` landmark with `lang` set, and every box has its own name.
"""

from __future__ import annotations

import course_ui as ui
import pytest
from accessibility import course_violations, unnamed_or_repeated_inputs
from course_map import ANY_COURSE_WIDGET, REPO
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

VOILA_TIMEOUT = 120_000  # ms: Voila runs the whole notebook before the widgets arrive
LESSONS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXERCISES = sorted(p.stem for p in (REPO / "exercises").glob("ex*.ipynb"))


def wait_for_page(page: Page) -> None:
    expect(page.locator(f"main {ANY_COURSE_WIDGET}").first).to_be_visible(timeout=VOILA_TIMEOUT)
    page.wait_for_function(
        "() => !document.querySelector('#loading') || "
        "getComputedStyle(document.querySelector('#loading')).display === 'none'"
        " || document.querySelector('#rendered_cells').style.display !== 'none'",
        timeout=VOILA_TIMEOUT,
    )


def accessibility_problems(page: Page) -> list[str]:
    problems = course_violations(page, voila=True)
    problems += [f"repeated or missing name: {n}" for n in unnamed_or_repeated_inputs(page, "main")]
    if page.locator("main[lang]").count() != 1:
        problems.append("the lesson is not in one <main> with lang set")
    return problems


def test_the_whole_path_from_lesson_1_to_the_last(page, voila_server):
    page.goto(f"{voila_server.url}/voila/render/notebooks/{LESSONS[0]}.ipynb")
    wait_for_page(page)
    listed = page.locator("main a[href$='.ipynb']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert [s for s in LESSONS if f"{s}.ipynb" not in listed] == [], "lesson 1's list misses some"
    visited, problems = [LESSONS[0]], {}
    while True:
        ui.assert_no_errors(page)
        found = accessibility_problems(page)
        if found:
            problems[visited[-1]] = found
        chart_labels = page.locator(".cpt-audit-chart text[data-rule]")
        for label in chart_labels.all():  # lesson 10: bars named by the rule's title, not its id
            shown = label.text_content() or ""  # an SVG <text>: its hover title and its label
            assert label.get_attribute("data-rule") not in shown and len(shown.strip()) > 10
        if visited[-1].startswith("10_"):
            assert chart_labels.count() >= 3
        following = page.locator("main p", has_text="Next:").locator("a")
        if following.count() == 0:
            break
        following.first.click()
        page.wait_for_url(
            lambda url, seen=len(visited): (  # noqa: B008 (binds the count now, on purpose)
                url.rstrip("/").split("/")[-1] != f"{visited[seen - 1]}.ipynb"
            ),
            timeout=VOILA_TIMEOUT,
        )
        wait_for_page(page)
        visited.append(page.url.split("/")[-1].removesuffix(".ipynb"))
    assert visited == LESSONS, "following Next from lesson 1 does not visit every lesson in order"
    end = page.locator("main").inner_text()
    assert "finished the lessons" in end and "Exercise 1" in end
    assert page.locator("main a[href*='exercises/ex01']").count() == 1
    assert problems == {}, problems


@pytest.mark.parametrize("stem", EXERCISES)
def test_every_exercise_page_has_no_accessibility_finding(page, voila_server, stem):
    page.goto(f"{voila_server.url}/voila/render/exercises/{stem}.ipynb")
    wait_for_page(page)
    expect(page.locator("main .cpt-exercise")).to_be_visible()
    assert accessibility_problems(page) == []


@pytest.mark.parametrize("stem", LESSONS)
def test_each_lesson_page_in_voila_runs_clean_with_no_accessibility_finding(
    page, voila_server, stem
):
    """One lesson at a time (the whole path above walks them all in one go)."""
    from course_map import expected

    page.goto(f"{voila_server.url}/voila/render/notebooks/{stem}.ipynb")
    wait_for_page(page)
    ui.assert_no_errors(page)
    main = expected(stem)[0] if expected(stem) else None
    if main:
        expect(page.locator(f"main .{main}").first).to_be_visible(timeout=VOILA_TIMEOUT)
    assert accessibility_problems(page) == []


def test_axe_checks_colours_below_the_window_in_voila(page, voila_server):
    """Guard for accessibility.scan_whole_notebook: pale text at the end of the longest
    lesson is found. Voila scrolls the cells inside a box of the window's height; axe
    checked no colour below it before (this failed then)."""
    stem = max(LESSONS, key=lambda s: (REPO / "notebooks" / f"{s}.ipynb").stat().st_size)
    page.goto(f"{voila_server.url}/voila/render/notebooks/{stem}.ipynb")
    wait_for_page(page)
    page.evaluate(
        """() => {
            const outputs = document.querySelectorAll('main .jp-OutputArea-output');
            const pale = document.createElement('p');
            pale.id = 'cpt-axe-probe';
            pale.style.cssText = 'color:#c8c8c8;background:#fff';
            pale.textContent = 'pale text a learner could not read';
            outputs[outputs.length - 1].appendChild(pale);
        }"""
    )
    found = course_violations(page, voila=True)
    assert [f for f in found if f.startswith("color-contrast") and "cpt-axe-probe" in f], found
