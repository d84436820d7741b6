"""The course as a static JupyterLite site (`make lite`), in Chromium, with nothing installed.

The site is built once per session (scripts/build_lite.py, into a throw-away folder; its
downloads are kept in build/lite-cache/ so a second run only rebuilds the site), served by
`python -m http.server` on loopback, and every request that leaves 127.0.0.1 is blocked: by
the page's routes, which record it (each test asserts there were none), and by Chromium's
resolver, which cannot resolve any other host. Each test gets a fresh browser profile.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import course_ui as ui
import pytest
from course_map import expected
from playwright.sync_api import expect
from servers import CHROMIUM, CHROMIUM_ARGS, REPO, free_port, stop, wait_for_status
from test_exercises_browser import fill_in

from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.grading import key_answers
from toolkit.course.lessons.quick_checks import for_lesson
from toolkit.rules.units import bill_units
from toolkit.widgets.audit_view import NO_AUDIT_HERE

SITE_LIMIT_BYTES = 60_000_000  # the ceiling for the whole site
LESSON_READY_TIMEOUT = 180_000  # ms: a cold Pyodide on two shared cores
NO_OTHER_HOST = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.fixture(scope="session")
def lite_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("lite") / "site"
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_lite.py"), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return output


@pytest.fixture(scope="session")
def lite_url(lite_site, tmp_path_factory, request) -> str:
    port = free_port()
    log = tmp_path_factory.mktemp("lite-server") / "http.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
            cwd=lite_site,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped by its id
        )
    request.addfinalizer(lambda: stop(proc))
    url = f"http://127.0.0.1:{port}"
    wait_for_status(f"{url}/jupyter-lite.json", proc, log)
    return url


@pytest.fixture(scope="session")
def lite_browser(playwright_driver):
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (make browser-deps)", pytrace=False)
    # Python in the page is slower than a desktop kernel: give a widget's answer time to arrive.
    expect.set_options(timeout=2 * ui.WIDGET_TIMEOUT)
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules={NO_OTHER_HOST}"],
    )
    yield browser
    browser.close()


# A readwrite transaction on the learner home's IndexedDB database (where an earlier version
# of the site wrote the home back in the background after each save), held open from another
# page of the site until `window.release()`: a write-back queued behind it cannot finish.
HOLD_INDEXEDDB = """async () => {
    const name = '/home/pyodide/.cpt97530';
    if (!(await indexedDB.databases()).some(db => db.name === name)) return false;
    const open = indexedDB.open(name);
    const db = await new Promise((ok, bad) => { open.onsuccess = () => ok(open.result);
                                                 open.onerror = () => bad(open.error); });
    if (!db.objectStoreNames.contains('FILE_DATA')) { db.close(); return false; }
    let held = true;
    window.release = () => { held = false; };
    const store = db.transaction('FILE_DATA', 'readwrite').objectStore('FILE_DATA');
    const keep = () => { if (held) store.count().onsuccess = keep; else db.close(); };
    keep();
    return true;
}"""


class Offline:
    """A fresh browser profile whose requests may go to the site only; others are recorded
    in `left` and aborted."""

    def __init__(self, browser, url: str):
        self.url, self.left = url, []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(30_000)
        self.context.route("**/*", self._only_the_site)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))

    def _only_the_site(self, route):
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1" or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.left.append(route.request.url)
            route.abort()

    def open(self, relpath: str, shows: str = "[class*='cpt-']") -> None:
        """Open a notebook of the site and wait until the course extension has run it: its
        panel (the one showing `shows`; Lab may also bring back the tab of a notebook opened
        earlier in this profile) is marked run."""
        self.page.goto(f"{self.url}/lab/index.html?path={relpath}")
        self.shows = shows
        self.wait_until_run()

    def wait_until_run(self) -> None:
        panel = self.page.locator(".jp-NotebookPanel[data-cpt-run='done']").filter(
            has=self.page.locator(self.shows)
        )
        expect(panel.first).to_be_visible(timeout=LESSON_READY_TIMEOUT)

    def reload(self) -> None:
        self.page.reload()
        self.wait_until_run()


@pytest.fixture
def offline(lite_browser, lite_url):
    session = Offline(lite_browser, lite_url)
    yield session
    session.context.close()
    assert session.left == [], f"requests left the site: {session.left[:5]}"


# ----------------------------------------------------------------------------- the site itself


def test_the_site_is_small_has_the_course_and_serves_every_wheel_itself(lite_site):
    files = [p for p in lite_site.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) <= SITE_LIMIT_BYTES
    assert not [p for p in files if p.suffix == ".map"], "sourcemaps in the site"
    lessons = sorted(p.name for p in (lite_site / "files" / "notebooks").glob("*.ipynb"))
    assert lessons == sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    exercises = lite_site / "files" / "exercises"
    assert {p.stem for p in exercises.glob("ex*.ipynb")} == {
        p.stem for p in (REPO / "solutions").glob("ex*.toml")
    }
    served = [p.relative_to(lite_site).as_posix() for p in files]
    assert not [
        p for p in served if p.startswith("files/") and ("solutions" in p or p.endswith(".toml"))
    ]
    # Every package of the Pyodide lock is a wheel beside it, with the sha256 it names.
    pyodide = lite_site / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    assert {"cpt97530-toolkit", "ipywidgets", "pyodide-kernel", "micropip"} <= set(lock["packages"])
    for package in lock["packages"].values():
        wheel = pyodide / package["file_name"]
        assert "/" not in package["file_name"] and wheel.suffix == ".whl"
        assert package["file_name"].endswith("-none-any.whl"), package["file_name"]  # pure Python
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == package["sha256"]
    kernel = json.loads((lite_site / "jupyter-lite.json").read_text())["jupyter-config-data"][
        "litePluginSettings"
    ]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"].startswith("./static/pyodide/")
    assert sorted(kernel["loadPyodideOptions"]["packages"]) == sorted(lock["packages"])


def test_the_kernel_starts_without_compiling_installing_or_asking_the_page_for_files(lite_site):
    """What makes the kernel's start short: bytecode made at build time (marked unchecked, so
    nothing is compared at import), piplite a stand-in (its micropip and unittest.mock are
    never imported), and no working directory (/drive, served by the page) on sys.path."""
    pyodide = lite_site / "static" / "pyodide"
    unchecked = (1).to_bytes(4, "little")  # PEP 552: hash-based, source not checked
    with zipfile.ZipFile(pyodide / "python_stdlib.zip") as stdlib:
        names = set(stdlib.namelist())
        assert {"json/__init__.py", "json/__init__.pyc", "inspect.py", "inspect.pyc"} <= names
        assert stdlib.read("inspect.pyc")[4:8] == unchecked
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    for name in ("ipython", "cpt97530-toolkit"):
        with zipfile.ZipFile(pyodide / lock["packages"][name]["file_name"]) as wheel:
            compiled = [n for n in wheel.namelist() if n.endswith(".cpython-314.pyc")]
            assert compiled and wheel.read(compiled[0])[4:8] == unchecked
            record = wheel.read(next(n for n in wheel.namelist() if n.endswith("RECORD")))
            assert compiled[0].encode() in record
    with zipfile.ZipFile(pyodide / lock["packages"]["piplite"]["file_name"]) as piplite:
        code = piplite.read("piplite/piplite.py").decode()
        assert "micropip" not in code and "installs nothing" in code
    assert 'sys.path.insert(0,"")' not in (pyodide / "pyodide.mjs").read_text()


# ----------------------------------------------------------------------------- in the browser


@pytest.mark.parametrize("stem", ["01_start_here", "04_time_and_units"])
def test_a_lesson_opens_ready_with_no_click_and_no_error(offline, stem):
    offline.open(f"notebooks/{stem}.ipynb")
    for css in expected(stem):
        expect(offline.page.locator(f".{css}").first).to_be_visible()
    ui.assert_no_errors(offline.page)


def entered(calculator) -> dict[str, int]:
    """Code -> minutes as the calculator's rows show them."""
    rows = {}
    for row in calculator.locator(".cpt-code-row").all():
        code = row.locator(".cpt-code-input input").input_value().strip()
        minutes = ui.minutes_field(row).input_value().strip()
        if code and minutes:
            rows[code] = int(minutes)
    return rows


def test_the_calculator_recomputes_after_typing(offline):
    offline.open("notebooks/04_time_and_units.ipynb")
    calculator = ui.widget(offline.page, "cpt-unit-calculator")
    calculator.locator(".cpt-method button", has_text="CMS").click()
    shown = entered(calculator)
    before = bill_units(shown, method="cms").total_units
    first = next(iter(shown))
    # A number of minutes that changes the total, so the page must have recomputed.
    typed = next(
        m
        for m in (53, 8, 38, 68)
        if bill_units({**shown, first: m}, method="cms").total_units != before
    )
    ui.type_into(ui.minutes_field(calculator.locator(".cpt-code-row").nth(0)), str(typed))
    offline.page.keyboard.press("Tab")
    assert entered(calculator)[first] == typed
    after = bill_units(entered(calculator), method="cms").total_units
    assert after != before
    expect(calculator.locator(".cpt-units-result")).to_contain_text(f"Total: {after} unit")
    ui.assert_no_errors(offline.page)


def test_a_quick_check_answer_survives_a_reload(offline):
    lesson = "04_time_and_units"
    item = for_lesson(lesson)[0]
    right = next(o for o in item.options if o.correct is True)
    offline.open(f"notebooks/{lesson}.ipynb")
    found = offline.page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    found.get_by_role("radio", name=right.text, exact=True).check()
    found.locator("button.cpt-check").click()
    expect(found.locator(".cpt-feedback")).to_contain_text("Correct.")
    expect(found.locator(".cpt-field-message")).to_have_text("")  # no "not saved: ..."

    offline.reload()  # at once, a new kernel: the answer comes back from the browser's disk
    found = offline.page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    expect(found.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    expect(found.locator(".cpt-feedback")).to_contain_text("Correct.")
    ui.assert_no_errors(offline.page)


def test_a_save_shown_to_the_learner_is_kept_by_a_reload_at_once_while_storage_is_busy(offline):
    """A save the widget reports is on disk when it is reported: the kernel's page is reloaded
    the moment the feedback shows, while another page of the site holds the browser's
    IndexedDB busy (the earlier site wrote the store back there in the background, after the
    widget had answered; the reload dropped that write and the answer was gone)."""
    lesson = "04_time_and_units"
    item = for_lesson(lesson)[0]
    right = next(o for o in item.options if o.correct is True)
    offline.open(f"notebooks/{lesson}.ipynb")
    holder = offline.context.new_page()
    holder.goto(f"{offline.url}/jupyter-lite.json")  # a page of the site's origin
    holder.evaluate(HOLD_INDEXEDDB)
    found = offline.page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    found.get_by_role("radio", name=right.text, exact=True).check()
    found.locator("button.cpt-check").click()
    expect(found.locator(".cpt-feedback")).to_contain_text("Correct.")
    expect(found.locator(".cpt-field-message")).to_have_text("")  # no "not saved: ..."

    offline.page.reload()  # the old kernel is gone when this returns
    holder.evaluate("() => window.release && window.release()")
    offline.wait_until_run()
    found = offline.page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    expect(found.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    expect(found.locator(".cpt-feedback")).to_contain_text("Correct.")
    ui.assert_no_errors(offline.page)
    holder.close()


# The learner home as an earlier version of the site left it in IndexedDB: Emscripten's IDBFS
# format (a database named after the mount point, records keyed by path in FILE_DATA, indexed
# by timestamp), each file given as [path, base64 of its bytes].
PUT_IN_IDBFS = """async (files) => {
    const open = indexedDB.open('/home/pyodide/.cpt97530', 21);
    open.onupgradeneeded = () => open.result.createObjectStore('FILE_DATA')
                                            .createIndex('timestamp', 'timestamp', {unique: false});
    const db = await new Promise((ok, bad) => { open.onsuccess = () => ok(open.result);
                                                 open.onerror = () => bad(open.error); });
    const tx = db.transaction('FILE_DATA', 'readwrite');
    const store = tx.objectStore('FILE_DATA');
    store.put({timestamp: new Date(), mode: 16877}, '/home/pyodide/.cpt97530');
    for (const [path, b64] of files) {
        const contents = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        store.put({timestamp: new Date(), mode: 33188, contents}, path);
    }
    await new Promise((ok, bad) => { tx.oncomplete = ok; tx.onerror = () => bad(tx.error); });
    db.close();
}"""


def test_progress_the_earlier_site_kept_in_indexeddb_is_brought_over(offline, tmp_path):
    lesson = "04_time_and_units"
    item = for_lesson(lesson)[0]
    right = next(o for o in item.options if o.correct is True)
    home = tmp_path / "home"
    saved = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from toolkit.course import learner_store as s; "
            "s.record_answer(sys.argv[1], item_id=sys.argv[2], answer=sys.argv[3], correct=True)",
            lesson,
            item.key,
            right.text,
        ],
        env={**os.environ, "CPT97530_HOME": str(home)},
        capture_output=True,
        text=True,
    )
    assert saved.returncode == 0, saved.stderr
    files = [
        [
            f"/home/pyodide/.cpt97530/{p.relative_to(home).as_posix()}",
            base64.b64encode(p.read_bytes()).decode(),
        ]
        for p in home.rglob("*")
        if p.is_file()
    ]
    offline.page.goto(f"{offline.url}/jupyter-lite.json")  # a page of the site's origin
    offline.page.evaluate(PUT_IN_IDBFS, files)

    offline.open(f"notebooks/{lesson}.ipynb")
    found = offline.page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    expect(found.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    offline.reload()  # now from the browser's file system (no second migration needed)
    found = offline.page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    expect(found.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    ui.assert_no_errors(offline.page)


def test_an_exercise_submits_shows_its_score_and_keeps_it_after_a_reload(offline):
    stem = "ex02_unsigned_note"
    exercise = load_bank(REPO / "solutions")[stem]
    data = json.loads((REPO / "exercises" / f"{stem}.json").read_text())
    offline.open(f"exercises/{stem}.ipynb", shows=".cpt-exercise")
    found = ui.widget(offline.page, "cpt-exercise")
    fill_in(found, data, key_answers(exercise).as_dict())
    found.locator("button.cpt-submit").click()
    expect(found.locator(".cpt-status")).to_contain_text("Saved: attempt 1")
    expect(found.locator(".cpt-feedback .cpt-score")).to_contain_text("Score: 100%")

    offline.reload()
    found = ui.widget(offline.page, "cpt-exercise")
    expect(found.locator(".cpt-status .cpt-restored")).to_contain_text("1 saved attempt")
    expect(found.locator(".cpt-feedback .cpt-score")).to_contain_text("Score: 100%")
    ui.assert_no_errors(offline.page)


def test_lesson_10_says_in_one_line_where_visit_logs_are_audited(offline):
    offline.open("notebooks/10_audit_a_day_sheet.ipynb", shows=".cpt-msg")
    message = offline.page.locator(".cpt-msg[role=alert]")
    expect(message.first).to_have_text(NO_AUDIT_HERE)
    ui.assert_no_errors(offline.page)
    expect(offline.page.locator(".cpt-quick-check").first).to_be_visible()


def test_progress_saved_as_a_file_comes_back_in_another_browser(
    offline, lite_browser, lite_url, tmp_path
):
    lesson = "04_time_and_units"
    item = for_lesson(lesson)[0]
    right = next(o for o in item.options if o.correct is True)
    offline.open(f"notebooks/{lesson}.ipynb")
    found = offline.page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    found.get_by_role("radio", name=right.text, exact=True).check()
    found.locator("button.cpt-check").click()
    expect(found.locator(".cpt-feedback")).to_contain_text("Correct.")

    offline.open("my_progress.ipynb", shows=".cpt-progress-file")
    offline.page.locator("button.cpt-export").click()
    link = offline.page.locator(".cpt-export-link a[download]")
    with offline.page.expect_download() as download:
        link.click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["store"]["lessons"][lesson]["answers"]

    other = Offline(lite_browser, lite_url)  # another browser profile: starts empty
    try:
        other.open("my_progress.ipynb", shows=".cpt-progress-file")
        with other.page.expect_file_chooser() as chooser:
            other.page.locator(".cpt-import").click()  # the upload button opens the chooser
        chooser.value.set_files(str(saved))
        expect(other.page.locator(".cpt-progress-file .cpt-status")).to_contain_text(
            "Brought back: 1 quick-check answer(s)"
        )
        other.open(f"notebooks/{lesson}.ipynb", shows=".cpt-unit-calculator")
        found = other.page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
        expect(found.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
        ui.assert_no_errors(other.page)
    finally:
        other.context.close()
    assert other.left == []
