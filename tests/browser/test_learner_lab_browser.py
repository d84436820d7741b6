"""The learner's JupyterLab (issue 22), in a real JupyterLab and Chromium.

`make lab` lands on lesson 1 (first and later runs); a lesson that gets ready stays at the
top; course mode shows no programmer menus, toolbar, Terminal/Console cards or exercise
.json twins, and leaves no programmer command within reach (menu bar, File menu, command
palette, right-click), and CPT97530_COURSE_MODE=off brings them back; walking Next from lesson 1 to
11 keeps one lesson (and one kernel) open, and closing its tab shuts the kernel.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import course_ui as ui
import pytest
from course_map import REPO
from playwright.sync_api import Page, expect
from servers import free_port

pytestmark = pytest.mark.browser

PROGRAMMER_MENUS = ("Edit", "View", "Run", "Kernel", "Tabs", "Settings")
MAIN_TABS = ui.MAIN_TABS


# ----------------------------------------------------------------------------- make lab


def start_make_lab(tmp: Path, port: int, run: int) -> tuple[subprocess.Popen, Path]:
    """`make lab` with a BROWSER that only writes down the address it is given."""
    opened = tmp / f"opened-{run}"
    recorder = tmp / "record-browser"
    recorder.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{tmp}/opened-$CPT_RUN"\n')
    recorder.chmod(0o755)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp / "config"),  # kept between the two runs, as at home
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        CPT97530_HOME=str(tmp / "home"),
        BROWSER=f"{recorder} %s",
        CPT_RUN=str(run),
    )
    log = tmp / f"lab-{run}.log"
    with open(log, "w") as out:
        lab = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"PORT={port}"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while not opened.exists() and time.monotonic() < deadline and lab.poll() is None:
        time.sleep(0.3)
    assert opened.exists(), "make lab opened no browser:\n" + log.read_text()[-3000:]
    return lab, opened


def stop_make_lab(lab: subprocess.Popen) -> None:
    if lab.poll() is None:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)


def landing_address(opened: Path) -> str:
    """The browser is given a local page that forwards to the server: the address it opens."""
    given = opened.read_text().strip()
    if given.startswith("file://"):
        page = Path(urllib.request.url2pathname(given[len("file://") :])).read_text()
        given = re.search(r'url=([^"]+)"', page).group(1).replace("&amp;", "&")
    return given


def expect_lesson_1_alone(page: Page) -> None:
    expect(page.locator(f"{ui.PANEL}[data-cpt-run='done']")).to_have_count(
        1, timeout=ui.RUN_ALL_TIMEOUT
    )
    expect(page.locator(f"{MAIN_TABS}.jp-mod-current")).to_contain_text("01_start_here")
    expect(page.locator(ui.PANEL)).to_contain_text("Lesson 1")
    expect(page.locator(MAIN_TABS)).to_have_count(1)  # no Launcher, no restored old tabs
    expect(page.locator(".jp-Launcher")).to_have_count(0)


def test_make_lab_lands_on_lesson_1_first_and_later_runs(chromium, tmp_path):
    port = free_port()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        lab, opened = start_make_lab(tmp_path, port, run=1)
        try:
            page = context.new_page()
            page.goto(landing_address(opened), timeout=ui.KERNEL_START_TIMEOUT)
            expect_lesson_1_alone(page)
            # The learner opens another lesson; Lab saves that layout as its workspace.
            page.goto(page.url.split("/lab")[0] + "/lab/tree/notebooks/03_when_to_use_97530.ipynb")
            expect(page.locator(MAIN_TABS)).to_have_count(2, timeout=ui.KERNEL_START_TIMEOUT)
            workspaces = tmp_path / "config" / "lab" / "workspaces"
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any(
                "03_when_to_use" in f.read_text() for f in workspaces.glob("*")
            ):
                time.sleep(0.3)
            page.close()
        finally:
            stop_make_lab(lab)
        lab, opened = start_make_lab(tmp_path, port, run=2)
        try:
            page = context.new_page()
            page.goto(landing_address(opened), timeout=ui.KERNEL_START_TIMEOUT)
            expect_lesson_1_alone(page)
        finally:
            stop_make_lab(lab)
    finally:
        context.close()


# ----------------------------------------------------------------------------- no jump

# Every scroll of the notebook is written down from the first paint on.
RECORD_SCROLLS = """
window.__cptMaxScroll = 0;
document.addEventListener('scroll', (event) => {
  const el = event.target;
  if (el instanceof Element && el.closest('.jp-NotebookPanel')) {
    window.__cptMaxScroll = Math.max(window.__cptMaxScroll, el.scrollTop);
  }
}, true);
"""


def test_a_lesson_that_gets_ready_stays_at_the_top(page, lab_server):
    page.add_init_script(RECORD_SCROLLS)
    ui.open_lesson(page, lab_server.url, "notebooks/04_time_and_units.ipynb")
    expect(ui.widget(page, "cpt-quick-checks")).to_be_visible()  # the last widget is drawn
    # The jump came ~0.3 s after the run; give anything like it time to happen.
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__cptMaxScroll") == 0
    expect(page.locator(f"{ui.PANEL} h1").first).to_be_in_viewport()


# ----------------------------------------------------------------------------- course mode


def menu_bar(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".lm-MenuBar-item:visible").all_inner_texts()]


def file_names(page: Page, base_url: str, folder: str) -> list[str]:
    page.goto(f"{base_url}/lab/tree/{folder}?reset")
    items = page.locator(".jp-DirListing-content .jp-DirListing-itemText")
    expect(items.first).to_be_visible(timeout=ui.KERNEL_START_TIMEOUT)
    expect(items.filter(has_text="ex01_tidy_visit.ipynb")).to_have_count(1)
    return items.all_inner_texts()


def launcher_cards(page: Page, base_url: str) -> list[str]:
    page.goto(f"{base_url}/lab?reset")
    cards = page.locator(".jp-LauncherCard:visible")
    expect(cards.first).to_be_visible(timeout=ui.KERNEL_START_TIMEOUT)
    titles = page.locator(".jp-Launcher-section:visible .jp-Launcher-sectionTitle")
    return titles.all_inner_texts() + cards.all_inner_texts()


def new_menu_commands(page: Page) -> list[str]:
    """The commands File > New offers, as shown."""
    page.locator(".lm-MenuBar-item", has_text="File").first.click()
    page.locator(".lm-Menu-item[data-type='submenu']", has_text="New").first.click()
    expect(page.locator(".lm-Menu")).to_have_count(2)  # File, and its New submenu
    items = page.locator(".lm-Menu").last.locator(".lm-Menu-item[data-command]:visible")
    expect(items.filter(has_text="Text File")).to_have_count(1)  # the submenu is drawn
    commands = items.evaluate_all("els => els.map(e => e.dataset.command)")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    return commands


# What a learner's File menu keeps (hub:logout and hub:control-panel only show on a hub).
LEARNER_FILE_MENU = {"docmanager:save", "application:close", "application:close-all"}
LEARNER_FILE_MENU |= {"apputils:print", "hub:control-panel", "hub:logout"}
NOT_FOR_LEARNERS = {
    "filebrowser:download",
    "filebrowser:copy-download-link",
    "docmanager:download",
    "docmanager:rename",
    "docmanager:duplicate",
    "docmanager:clone",
    "filemenu:create-console",
    "terminal:create-new",
    "console:create",
    "filebrowser:delete",
    "filebrowser:rename",
    "filebrowser:cut",
    "filebrowser:paste",
    "filebrowser:duplicate",
}
PROGRAMMER_COMMANDS = re.compile(r"^(kernelmenu|runmenu|notebook|editmenu|console|terminal):")


def file_menu(page: Page) -> tuple[list[str], list[str]]:
    """The commands and the submenus the File menu offers, as shown."""
    page.locator(".lm-MenuBar-item", has_text="File").first.click()
    menu = page.locator(".lm-Menu").last
    expect(menu.locator(".lm-Menu-item[data-command='application:close']")).to_be_visible()
    commands = menu.locator(".lm-Menu-item[data-command]:visible").evaluate_all(
        "els => els.map(e => e.dataset.command)"
    )
    submenus = [t.strip() for t in menu.locator(".lm-Menu-item[data-type='submenu']:visible")
                .all_inner_texts()]  # fmt: skip
    page.keyboard.press("Escape")
    return commands, submenus


def test_no_programmer_command_is_within_a_learners_reach(page, lab_server):
    ui.open_lesson(page, lab_server.url, "notebooks/04_time_and_units.ipynb")
    # Out of the menu bar, not only out of sight: the arrow keys open a hidden menu.
    bar = [t.strip() for t in page.locator(".lm-MenuBar-item").all_inner_texts()]
    assert not set(PROGRAMMER_MENUS) & set(bar), bar
    page.locator(".lm-MenuBar-item", has_text="File").first.click()
    for _ in bar:
        page.keyboard.press("ArrowRight")
        shown = page.locator(".lm-Menu .lm-Menu-item[data-command]").evaluate_all(
            "els => els.map(e => e.dataset.command)"
        )
        assert not [c for c in shown if PROGRAMMER_COMMANDS.match(c)], shown
    page.keyboard.press("Escape")
    offered, submenus = file_menu(page)
    assert "docmanager:save" in offered
    assert set(offered) <= LEARNER_FILE_MENU, offered  # no Save As, Download, Shut Down...
    assert not submenus, submenus  # no New, Open Recent, Export, Workspaces
    # No key and no menu opens the command palette.
    for menu in ("File", "View", "Help"):
        for item in page.locator(".lm-MenuBar-item", has_text=menu).all():
            item.click()
            palette = page.locator(
                ".lm-Menu-item[data-command='apputils:activate-command-palette']"
            )
            expect(palette).to_have_count(0)
            page.keyboard.press("Escape")
    page.locator(f"{ui.PANEL} .jp-MarkdownCell").first.click()
    page.keyboard.press("Control+Shift+C")
    page.wait_for_timeout(500)  # the palette would be open by now
    expect(page.locator(".lm-CommandPalette:visible")).to_have_count(0)
    # Right-click on the lesson: the browser's menu, not Lab's (Run, Restart, Cut Cells).
    page.locator(f"{ui.PANEL} .jp-MarkdownCell").first.click(button="right")
    page.wait_for_timeout(300)
    expect(page.locator(".lm-Menu")).to_have_count(0)
    # A right-click on a lesson's tab or file offers no download, rename, console...
    for place in (f"{MAIN_TABS}.jp-mod-current", ".jp-DirListing-item"):
        if place == ".jp-DirListing-item":
            page.goto(f"{lab_server.url}/lab/tree/notebooks?reset")
        page.locator(place).first.click(button="right")
        items = page.locator(".lm-Menu .lm-Menu-item[data-command]")
        expect(items.first).to_be_visible()  # still Open, Close...
        offered = items.evaluate_all("els => els.map(e => e.dataset.command)")
        assert not set(offered) & NOT_FOR_LEARNERS, offered
        page.keyboard.press("Escape")
    # The file browser makes, uploads and launches nothing; Delete on a lesson deletes nothing.
    toolbar = page.locator(".jp-FileBrowser-toolbar")
    expect(toolbar.locator(".jp-Toolbar-item[data-jp-item-name='refresh']")).to_be_visible()
    for item in ("new-directory", "uploader", "new-launcher"):
        expect(toolbar.locator(f".jp-Toolbar-item[data-jp-item-name='{item}']")).to_be_hidden()
    expect(page.locator(".lm-TabBar-addButton:visible")).to_have_count(0)
    lesson = page.locator(".jp-DirListing-item").first
    lesson.click()
    page.keyboard.press("Delete")
    page.wait_for_timeout(500)  # a "Delete?" dialog would be open by now
    expect(page.locator(".jp-Dialog")).to_have_count(0)


def test_course_mode_shows_a_learner_only_the_course(page, lab_server, screenshot_dir):
    ui.open_lesson(page, lab_server.url, "notebooks/04_time_and_units.ipynb")
    expect(page.locator(".lm-MenuBar-item", has_text="File")).to_be_visible()
    shown = menu_bar(page)
    assert not set(PROGRAMMER_MENUS) & set(shown), shown
    expect(page.locator(f"{ui.PANEL} .jp-NotebookPanel-toolbar")).to_be_hidden()
    page.locator(f"{ui.PANEL} .jp-Cell").first.click()  # an active cell shows no cell toolbar
    expect(page.locator(f"{ui.PANEL} .jp-cell-toolbar:visible")).to_have_count(0)
    expect(page.locator(".lm-TabBar-tab[data-id='extensionmanager.main-view']")).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "lab_course_mode.png"), animations="disabled")
    offered, submenus = file_menu(page)
    assert "terminal:create-new" not in offered and "console:create" not in offered, offered
    assert "New" not in submenus, submenus
    names = file_names(page, lab_server.url, "exercises")
    assert not [n for n in names if n.endswith(".json")], names
    cards = " ".join(launcher_cards(page, lab_server.url))
    assert "Terminal" not in cards and "Console" not in cards, cards


def test_course_mode_off_brings_all_of_jupyterlab_back(page, developer_lab_server):
    ui.open_lesson(page, developer_lab_server.url, "notebooks/04_time_and_units.ipynb")
    expect(page.locator(".lm-MenuBar-item", has_text="Kernel")).to_be_visible()
    assert set(PROGRAMMER_MENUS) <= set(menu_bar(page)), menu_bar(page)
    expect(page.locator(f"{ui.PANEL} .jp-NotebookPanel-toolbar")).to_be_visible()
    page.locator(f"{ui.PANEL} .jp-Cell").first.click()
    expect(page.locator(f"{ui.PANEL} .jp-cell-toolbar:visible").first).to_be_visible()
    page.locator(f"{ui.PANEL} .jp-MarkdownCell").first.click()
    page.keyboard.press("Control+Shift+C")
    expect(page.locator(".lm-CommandPalette:visible")).to_have_count(1)
    page.keyboard.press("Escape")
    assert "terminal:create-new" in new_menu_commands(page)
    assert "ex01_tidy_visit.json" in file_names(page, developer_lab_server.url, "exercises")
    cards = " ".join(launcher_cards(page, developer_lab_server.url))
    assert "Terminal" in cards and "Console" in cards, cards


# ----------------------------------------------------------------------------- one lesson


def sessions(server) -> list[dict]:
    with urllib.request.urlopen(f"{server.url}/api/sessions", timeout=10) as answer:
        return json.load(answer)


def test_walking_next_from_lesson_1_to_the_last_keeps_one_lesson_running(page, lab_server, course):
    lessons = [p.name for p in course.notebooks()]
    assert lessons[0].startswith("01_") and len(lessons) >= 11
    ui.walk_next(page, lab_server.url, lessons)
    expect(page.locator(MAIN_TABS)).to_have_count(1)  # each in place of the last lesson
    deadline = time.monotonic() + 30
    while len(sessions(lab_server)) > 1 and time.monotonic() < deadline:
        time.sleep(0.3)
    running = sessions(lab_server)
    assert len(running) <= 3 and [s["path"] for s in running] == [f"notebooks/{lessons[-1]}"]
    # Closing the lesson's tab shuts its kernel.
    page.locator(f"{MAIN_TABS}.jp-mod-current .lm-TabBar-tabCloseIcon").click()
    deadline = time.monotonic() + 30
    while sessions(lab_server) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert sessions(lab_server) == []


# ----------------------------------------------------------------------------- live progress


def test_lesson_1s_progress_table_shows_an_answer_without_a_rerun(page, lab_server):
    ui.open_lesson(page, lab_server.url, "notebooks/01_start_here.ipynb")
    table = ui.widget(page, "cpt-progress-overview")
    first_row = table.locator("tbody tr").first
    expect(first_row).to_contain_text("0 of")
    checks = ui.widget(page, "cpt-quick-checks")
    checks.locator("input[type=radio]").first.check()
    checks.locator("button").first.click()
    expect(first_row).to_contain_text(re.compile(r"1 of \d+ answered"))
