"""axe-core (axe-playwright-python) on a course page: which findings are the course's own.

A finding is the course's when its element is course content: a widget or text a lesson or
exercise renders (in JupyterLab, inside a cell's output or rendered Markdown), or anything on a
Voila page (the page template is the course's: jupyter-config/voila/templates/cpt97530).
JupyterLab's own findings are allowed only for the rule ids listed in KNOWN_JUPYTERLAB, so a
new kind of finding anywhere still fails until someone looks at it. axe runs over the whole
notebook in a window tall enough to hold it (`scan_whole_notebook`): as the page stands, in
JupyterLab axe takes every cell for off screen, and in Voila every cell below the window, and
checks no colour there.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# JupyterLab 4.6's own interface, found by scanning every lesson here; not the course's to fix.
KNOWN_JUPYTERLAB = {
    "aria-allowed-attr": "toolbar jp-buttons (Upload Files, file filter, debugger, Voila preview)",
    "aria-prohibited-attr": "aria-label on the windowed notebook's cell containers",
    "aria-required-children": "the notebook's windowed viewport (role=feed/list without items)",
    "button-name": "the collapse-heading buttons JupyterLab adds to Markdown headings",
    "region": "the skip-link wrapper outside any landmark",
    "landmark-unique": "JupyterLab's side and main panels",
    "nested-interactive": "JupyterLab's tab bars",
}

COURSE_CONTENT = ".jp-OutputArea-output, .jp-MarkdownOutput"
NOT_COURSE = ".jp-collapseHeadingButton"  # JupyterLab's button inside rendered Markdown

_AXE = Axe()


def show_to_axe(page: Page) -> None:
    """Let axe see the notebook as a person scrolling through it does. JupyterLab's shell
    clips with `overflow: hidden` on the body and the shell, which makes axe count every
    cell as off screen and skip colour contrast (and link-in-text-block) altogether; and its
    default windowing gives off-screen cells `content-visibility: auto` (not painted, so
    their colours cannot be worked out). Neither changes what is shown."""
    page.add_style_tag(
        content="body, .jp-LabShell { overflow: visible !important; } "
        ".jp-Cell, .jp-WindowedPanel-viewport > * { content-visibility: visible !important; }"
    )


def scan(page: Page) -> list[dict]:
    return _AXE.run(page).response["violations"]


LAB_SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
VOILA_SCROLLER = "#rendered_cells"
TALLEST = 40_000  # px: a window this tall holds the longest notebook of the course


def scan_whole_notebook(page: Page, voila: bool = False) -> list[dict]:
    """axe over the open notebook in a window tall enough to hold all of it, so nothing is
    off screen or under the status bar (axe leaves colour and link checks undecided or
    unchecked there), then the window put back. In JupyterLab, `show_to_axe` first."""
    scroller = VOILA_SCROLLER if voila else LAB_SCROLLER
    if not voila:
        show_to_axe(page)
    before = page.viewport_size
    height = page.evaluate("(sel) => document.querySelector(sel)?.scrollHeight || 0", scroller)
    assert height < TALLEST, f"the notebook is {height}px tall: raise TALLEST"
    page.set_viewport_size({"width": before["width"], "height": height + 400})
    try:
        page.wait_for_function(  # the panel has grown to hold what was there before
            "([sel, h]) => { const o = document.querySelector(sel);"
            " return !o || o.clientHeight >= h; }",
            arg=[scroller, height],
        )
        return scan(page)
    finally:
        page.set_viewport_size(before)


def _is_course(page: Page, target: list) -> bool:
    selector = target[-1] if isinstance(target[-1], str) else None  # shadow DOM: JupyterLab's
    if selector is None:
        return False
    return bool(
        page.evaluate(
            """([sel, course, notCourse]) => {
            const el = document.querySelector(sel);
            return !!el && !el.closest(notCourse) && !!el.closest(course);
        }""",
            [selector, COURSE_CONTENT, NOT_COURSE],
        )
    )


def course_violations(page: Page, voila: bool = False) -> list[str]:
    """One line per finding the course must fix ("rule-id impact: selector ..."); JupyterLab's
    own findings of an unlisted rule are returned too, marked as such."""
    problems = []
    for found in scan_whole_notebook(page, voila=voila):
        for node in found["nodes"]:
            mine = voila or _is_course(page, node["target"])
            if mine:
                problems.append(
                    f"{found['id']} ({found['impact']}): {node['target']} "
                    f"{node.get('failureSummary', '')[:200]}"
                )
            elif found["id"] not in KNOWN_JUPYTERLAB:
                problems.append(
                    f"JupyterLab finding of an unlisted rule {found['id']}: "
                    f"{node['target']} (add it to KNOWN_JUPYTERLAB only if it is "
                    "JupyterLab's own)"
                )
    return problems


def unnamed_or_repeated_inputs(page: Page, scope: str) -> list[str]:
    """Visible text boxes and lists in `scope` with no accessible name, or the same name as
    another (a screen reader user could not tell "Minutes" from "Minutes")."""
    names = page.evaluate(
        """(scope) => [...document.querySelectorAll(
                `${scope} input[type=text], ${scope} textarea, ${scope} select`)]
            .filter((e) => e.offsetParent !== null)
            .map((e) => (e.getAttribute('aria-label')
                         || (e.labels && e.labels.length ? e.labels[0].textContent : '')
                         || e.title || '').trim())""",
        scope,
    )
    empty = ["(an input with no name)"] if "" in names else []
    return empty + sorted({n for n in names if n and names.count(n) > 1})
