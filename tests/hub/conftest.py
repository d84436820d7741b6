"""Fixtures for the tests against a real classroom hub: one hub for the module, one Chromium.

Chromium is Debian's (/usr/bin/chromium); CPT97530_SKIP_BROWSER=1 skips these tests as it
skips tests/browser (loudly, there).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "browser"))

from hub_server import start_hub, stop_hub, throwaway_state  # noqa: E402
from servers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if os.environ.get("CPT97530_SKIP_BROWSER") == "1":
                item.add_marker(pytest.mark.skip(reason="CPT97530_SKIP_BROWSER=1 was set"))


@pytest.fixture(scope="module")
def hub(request):
    state = throwaway_state()
    class_list = state / "class-list.txt"
    class_list.write_text(
        "# the workshop's names\nAlice Arden\nBob Baker\nCarol Cruz\n", encoding="utf-8"
    )
    # Two instructors; only Ina's password is set in advance (Ivo's name stays closed).
    started = start_hub(
        state,
        instructors="Ina Teach, Ivo Admin",
        passwords={"Ina Teach": "teacher-secret-3"},
        # Instructors may open learners' servers here: a learner's page then tries the
        # dashboard (test_a_page_from_a_learners_server_cannot_drive_the_dashboard).
        extra_env={
            "CPT97530_CLASS_LIST": str(class_list),
            "CPT97530_INSTRUCTORS_OPEN_SERVERS": "1",
        },
    )
    yield started
    stop_hub(started)
    if request.session.testsfailed:  # keep the hub's log for the failure report
        print(
            f"\nhub log (last 60 lines), {started.log}:\n"
            + "\n".join(started.log.read_text().splitlines()[-60:])
        )
    else:
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="module")
def chromium(playwright_driver):
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make browser-deps`.", pytrace=False
        )
    import course_ui
    from playwright.sync_api import expect

    expect.set_options(timeout=course_ui.WIDGET_TIMEOUT)
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
