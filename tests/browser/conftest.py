"""Session fixtures for the real-browser tests: JupyterLab, Voila and Chromium.

One JupyterLab server and one Voila server serve a throw-away COPY of the course (notebooks/
and exercises/) with throw-away Jupyter config/runtime folders and throw-away learner folders
(CPT97530_HOME, CPT97530_SUBMISSIONS), so nothing a test does is ever saved into the repo.
Both servers are stopped in finalizers, also when tests fail. One Chromium is shared by the
session; every test gets a fresh page.

Chromium must be at /usr/bin/chromium (`make browser-deps` installs it). Without it the tests
fail with a message saying so; they are skipped only when CPT97530_SKIP_BROWSER=1 is set, and
then pytest prints a loud notice.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from servers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    Server,
    make_course,
    shut_down_kernels,
    start_lab,
    start_voila,
    stop,
)

SKIP_BROWSER = os.environ.get("CPT97530_SKIP_BROWSER") == "1"
SKIP_NOTICE = (
    "!!! CPT97530_SKIP_BROWSER=1: the real-browser tests (JupyterLab, Voila) were SKIPPED. "
    "Nothing shown to learners in a browser was checked. !!!"
)
BROWSER_DIR = Path(__file__).resolve().parent


# ----------------------------------------------------------------------------- markers, skip


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if SKIP_BROWSER:
                item.add_marker(pytest.mark.skip(reason="CPT97530_SKIP_BROWSER=1 was set"))


def pytest_report_header(config):
    return [SKIP_NOTICE] if SKIP_BROWSER else []


def pytest_terminal_summary(terminalreporter):
    if SKIP_BROWSER:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(SKIP_NOTICE, red=True, bold=True)


# ----------------------------------------------------------------------------- servers


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("cpt97530-browser"))


@pytest.fixture(scope="session")
def lab_server(course, request) -> Server:
    server = start_lab(course)
    request.addfinalizer(lambda: stop(server.proc))
    return server


@pytest.fixture(scope="session")
def developer_lab_server(course, request) -> Server:
    """JupyterLab with course mode off (CPT97530_COURSE_MODE=off): menus, toolbar, Terminal."""
    server = start_lab(course, course_mode="off")
    request.addfinalizer(lambda: stop(server.proc))
    return server


@pytest.fixture(scope="session")
def voila_server(course, request) -> Server:
    server = start_voila(course)
    request.addfinalizer(lambda: stop(server.proc))
    return server


# ----------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def chromium(playwright_driver):
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser tests cannot run. "
            "Run `make browser-deps` (installs Debian's chromium; needs apt-get as root), "
            "or set CPT97530_SKIP_BROWSER=1 to skip them knowingly.",
            pytrace=False,
        )
    import course_ui
    from playwright.sync_api import expect

    # Two cores shared with kernels and servers: give a widget's answer time to arrive.
    expect.set_options(timeout=course_ui.WIDGET_TIMEOUT)

    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(chromium, request, tmp_path_factory):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    console: list[str] = []
    pg.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    yield pg
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        print("\nbrowser console (last 30 lines):\n" + "\n".join(console[-30:]))
        shot = tmp_path_factory.getbasetemp() / "failures" / f"{request.node.name}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        try:
            pg.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot of the failed page: {shot}")
        except Exception:  # the page may already be gone; the test failure says why
            pass
    context.close()
    for name in ("lab_server", "developer_lab_server", "voila_server"):
        if name in request.fixturenames:
            shut_down_kernels(request.getfixturevalue(name))


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """docs/screenshots when CPT97530_SCREENSHOTS=1 (`make screenshots`), else a temp folder."""
    if os.environ.get("CPT97530_SCREENSHOTS") == "1":
        target = REPO / "docs" / "screenshots"
    else:
        target = tmp_path_factory.mktemp("screenshots")
    target.mkdir(parents=True, exist_ok=True)
    return target
