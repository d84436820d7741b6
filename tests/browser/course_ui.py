"""How a learner drives the course in a browser: open a notebook, Run All, find a widget.

Shared by the browser tests and scripts/bench_browser.py. Waits use Playwright's retrying
`expect` or `wait_for_function`, never fixed sleeps.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

KERNEL_START_TIMEOUT = 90_000  # ms; two shared cores and a cold kernel
RUN_ALL_TIMEOUT = 120_000  # ms; the slowest lesson, with room for a busy machine
WIDGET_TIMEOUT = 15_000  # ms; a widget answering a click

ERROR_OUTPUTS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    ".jp-OutputArea-output.jp-mod-error, .jupyter-widgets.jupyter-widget-error"
)
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
INDICATOR = f"{PANEL} .jp-Notebook-ExecutionIndicator"


def open_notebook(page: Page, base_url: str, relpath: str) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is connected and idle."""
    page.goto(f"{base_url}/lab/tree/{relpath}?reset")
    expect(page.locator(f"{PANEL} .jp-Cell").first).to_be_visible(timeout=KERNEL_START_TIMEOUT)
    status = page.locator(".jp-StatusBar-Widget").filter(has_text=re.compile(r"\| Idle"))
    expect(status.first).to_be_visible(timeout=KERNEL_START_TIMEOUT)


def run_all(page: Page) -> None:
    """Run menu -> Run All Cells, then wait until every cell has run.

    The execution indicator may go busy and back to idle faster than a poll, so a
    MutationObserver records that it went busy; done means "went busy, is idle now, and no
    cell shows [*]".
    """
    page.evaluate(
        """(sel) => {
            const el = document.querySelector(sel);
            window.__cptSawBusy = false;
            if (window.__cptObserver) window.__cptObserver.disconnect();
            window.__cptObserver = new MutationObserver(() => {
                if (el.dataset.status === 'busy') window.__cptSawBusy = true;
            });
            window.__cptObserver.observe(el, {attributes: true, attributeFilter: ['data-status']});
        }""",
        INDICATOR,
    )
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator("li[data-command='runmenu:run-all']").click()
    wait_until_idle(page)


def wait_for_course_run(page: Page, timeout: float = RUN_ALL_TIMEOUT) -> None:
    """Wait until the lab extension has run the open course notebook (no click needed)."""
    expect(page.locator(f"{PANEL}[data-cpt-run='done']")).to_have_count(1, timeout=timeout)


def open_lesson(page: Page, base_url: str, relpath: str) -> None:
    """Open a course notebook as a learner does: no click; it runs by itself."""
    page.goto(f"{base_url}/lab/tree/{relpath}?reset", timeout=KERNEL_START_TIMEOUT)
    wait_for_course_run(page)


def wait_until_idle(page: Page, timeout: float = RUN_ALL_TIMEOUT) -> None:
    page.wait_for_function(
        """(sel) => {
            const el = document.querySelector(sel);
            if (!el || !window.__cptSawBusy || el.dataset.status !== 'idle') return false;
            const prompts = document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt, '
                + '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputPrompt');
            return ![...prompts].some((p) => p.textContent.includes('*'));
        }""",
        arg=INDICATOR,
        timeout=timeout,
    )


def assert_no_errors(page: Page, scope: str = "body") -> None:
    """No traceback, stderr or broken widget anywhere on the page."""
    errors = page.locator(f"{scope} :is({ERROR_OUTPUTS})")
    texts = errors.all_inner_texts()
    assert not texts, "error output on the page:\n" + "\n---\n".join(t[:1500] for t in texts)
    broken = page.get_by_text(re.compile("Error displaying widget|Traceback \\(most recent"))
    assert broken.count() == 0, broken.all_inner_texts()


def widget(page: Page, css_class: str) -> Locator:
    """The first rendered widget carrying a cpt-* class."""
    return page.locator(f".{css_class}").first


def minutes_field(scope: Locator) -> Locator:
    """The minutes text box inside a widget (an <input> inside .cpt-minutes-input)."""
    return scope.locator(".cpt-minutes-input input, input.cpt-minutes-input").first


def type_into(field: Locator, text: str) -> None:
    """Click a box, replace what is there, and type like a person (one key at a time)."""
    field.click()
    field.press("Control+a")
    field.press("Backspace")
    if text:
        field.press_sequentially(text)


def photograph(page: Page, found: Locator, path: str, width: int = 1280) -> None:
    """A PNG of one widget, whole: the window is made tall enough to hold it, the widget is
    scrolled to the top of the notebook, and the window is put back afterwards."""
    before = page.viewport_size
    height = found.bounding_box()["height"]
    page.set_viewport_size({"width": width, "height": min(6000, int(height) + 320)})
    found.evaluate("e => e.scrollIntoView({block: 'start'})")
    found.screenshot(path=path, animations="disabled")
    if before:
        page.set_viewport_size(before)


MAIN_TABS = "#jp-main-dock-panel .lm-TabBar-tab"


def walk_next(page: Page, base_url: str, lessons: list[str]) -> None:
    """Open the first lesson, then follow each lesson's **Next** link to the last one,
    waiting every time until the new lesson is current and has run."""
    open_lesson(page, base_url, f"notebooks/{lessons[0]}")
    for number, lesson in enumerate(lessons[1:], start=2):
        link = page.locator(f"{PANEL} .jp-MarkdownCell a", has_text=f"Lesson {number} ·")
        link.last.click()
        expect(page.locator(f"{MAIN_TABS}.jp-mod-current")).to_contain_text(lesson[:-6])
        wait_for_course_run(page)


class HeldReplies:
    """Holds the kernel's messages to the page while `held`, then lets them through in order.

    A slow kernel, made certain: a value changed while an earlier change is still unanswered
    waits in ipywidgets' throttle, and a button click must not overtake it.
    """

    def __init__(self, page: Page):
        self.held = False
        self.waiting: list[tuple[object, str | bytes]] = []
        page.route_web_socket(re.compile(r"/api/kernels/[^/]+/channels"), self._route)

    def _route(self, ws) -> None:
        server = ws.connect_to_server()

        def to_page(message):
            if self.held:
                self.waiting.append((ws, message))
            else:
                ws.send(message)

        server.on_message(to_page)

    def release(self) -> None:
        self.held = False
        waiting, self.waiting = self.waiting, []
        for ws, message in waiting:
            ws.send(message)
