"""The workshop on a real JupyterHub: two learners and an instructor sign in through the
hub's login form in Chromium; each learner runs a lesson and submits an exercise; the
learners cannot reach each other's servers or answers; the instructor's dashboard shows
both, and a learner gets 403 there.
"""

from __future__ import annotations

import csv
import io
import json
import re

import course_ui as ui
import pytest
from hub_server import run_in_kernel, wait_for_server
from playwright.sync_api import Page, expect
from test_exercises_browser import fill_in

from toolkit.classroom.names import hub_name
from toolkit.course import class_folder
from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.grading import grade, key_answers
from toolkit.course.lessons.quick_checks import question
from toolkit.settings import solutions_dir

LEARNERS = {"alice": ("Alice Arden", "alice-secret-1"), "bob": ("Bob Baker", "bob-secret-22")}
INSTRUCTOR = ("Ina Teach", "teacher-secret-3")
LESSON = "02_what_is_97530"
EXERCISE = "ex02_unsigned_note"
SPAWN_TIMEOUT = 120_000


def sign_in(chromium, hub, typed_name: str, password: str, next_path: str = "") -> Page:
    """Through the hub's real login form, as a person would."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login" + (f"?next={next_path}" if next_path else ""))
    page.fill("#username_input", typed_name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    return page


def server_url(hub, key: str) -> str:
    return f"{hub.url}/user/{hub_name(LEARNERS[key][0])}"


@pytest.fixture(scope="module")
def room(hub, chromium):
    """Both learners signed in (their servers started), and the instructor."""
    pages = {key: sign_in(chromium, hub, *LEARNERS[key]) for key in LEARNERS}
    for key, page in pages.items():  # each lands in their own JupyterLab at lesson 1
        expect(page).to_have_url(
            re.compile(rf"/user/{hub_name(LEARNERS[key][0])}/lab"), timeout=SPAWN_TIMEOUT
        )
    pages["instructor"] = sign_in(chromium, hub, *INSTRUCTOR)  # lands on the dashboard
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture(scope="module")
def bank():
    folder = solutions_dir()
    assert folder is not None, "the exercise bank (solutions/) is needed to check scores"
    return load_bank(folder)


def answer_quick_check(page: Page, base: str) -> None:
    ui.open_lesson(page, base, f"notebooks/{LESSON}.ipynb")
    ui.assert_no_errors(page)
    item = question("what-descriptor")
    found = page.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    right = next(o for o in item.options if o.correct is True)
    found.get_by_role("radio", name=right.text, exact=True).check()
    found.locator("button.cpt-check").click()
    expect(found.locator(".cpt-feedback")).not_to_be_empty()


def submit_exercise(page: Page, base: str, answers: dict) -> None:
    from course_map import REPO

    data = json.loads((REPO / "exercises" / f"{EXERCISE}.json").read_text())
    ui.open_lesson(page, base, f"exercises/{EXERCISE}.ipynb")
    ui.assert_no_errors(page)
    found = ui.widget(page, "cpt-exercise")
    expect(found.get_by_label("Your name")).to_have_count(0)  # the hub says who this is
    expect(found.locator(".cpt-signed-in")).to_contain_text(
        page.url.split("/user/")[1].split("/")[0]
    )
    fill_in(found, data, answers, name=None)
    found.locator("button.cpt-submit").click()
    expect(found.locator(".cpt-status")).to_contain_text("Saved: attempt")
    expect(found.locator(".cpt-feedback .cpt-score")).to_be_visible()


@pytest.fixture(scope="module")
def worked(room, hub, bank):
    """Alice answers a quick check and submits the key's answers; Bob submits a wrong decision."""
    from course_map import REPO

    data = json.loads((REPO / "exercises" / f"{EXERCISE}.json").read_text())
    key = key_answers(bank[EXERCISE]).as_dict()
    wrong = dict(
        key, decision=next(d["id"] for d in data["decisions"] if d["id"] != key["decision"])
    )
    alice = room["alice"]
    answer_quick_check(alice, server_url(hub, "alice"))
    submit_exercise(alice, server_url(hub, "alice"), key)
    submit_exercise(room["bob"], server_url(hub, "bob"), wrong)
    return {
        "alice": grade(bank[EXERCISE], answers=key).score,
        "bob": grade(bank[EXERCISE], answers=wrong).score,
    }


def test_an_instructor_signs_in_to_the_dashboard_with_a_link_to_their_own_course(room, hub):
    """Issue 22: the instructor landed on their own lesson 1 and found the dashboard only
    under Home -> Services, with no way back."""
    page = room["instructor"]
    expect(page).to_have_url(re.compile(r"/services/class-dashboard/$"), timeout=SPAWN_TIMEOUT)
    expect(page.locator("h1")).to_have_text("Class dashboard")
    page.locator("#own-course").click()
    expect(page).to_have_url(
        re.compile(rf"/user/{hub_name(INSTRUCTOR[0])}/lab"), timeout=SPAWN_TIMEOUT
    )


def test_an_instructor_gets_all_of_jupyterlab_and_a_learner_only_the_course(room, hub):
    """Issue 22: instructors on a hub were locked in the learner's course mode (no Kernel or
    Run menu, no Terminal). Course mode is set per user as each server starts."""
    teacher = room["instructor"].context.new_page()
    teacher.goto(hub.dashboard)
    teacher.locator("#own-course").click()  # their own server, started for them
    expect(teacher).to_have_url(
        re.compile(rf"/user/{hub_name(INSTRUCTOR[0])}/lab"), timeout=SPAWN_TIMEOUT
    )
    lesson_1 = "lab/tree/notebooks/01_start_here.ipynb"
    teacher.goto(f"{hub.url}/user/{hub_name(INSTRUCTOR[0])}/{lesson_1}")
    learner = room["alice"].context.new_page()
    learner.goto(f"{server_url(hub, 'alice')}/{lesson_1}")
    for page in (teacher, learner):  # a course notebook open: course mode applies to it
        ui.wait_for_course_run(page)
    expect(teacher.locator(".lm-MenuBar-item", has_text="Kernel")).to_be_visible()
    expect(teacher.locator(f"{ui.PANEL} .jp-NotebookPanel-toolbar")).to_be_visible()
    expect(learner.locator(".lm-MenuBar-item", has_text="File")).to_be_visible()
    expect(learner.locator(".lm-MenuBar-item", has_text="Kernel")).to_be_hidden()
    for page in (teacher, learner):
        page.close()


def test_a_learners_server_is_started_before_they_sign_in_and_they_are_not_counted_yet(hub):
    """Issue 22: sign-in -> lesson 1 waited for the learner's server to start (14-15 s). The
    hub starts each class-list learner's server ahead (Carol never signs in here); the
    dashboard's "signed in" still comes from a sign-in only."""
    wait_for_server(hub, hub_name("Carol Cruz"), timeout=300)
    assert not class_folder.summary_path(hub.class_dir, hub_name("Carol Cruz")).exists()


def test_each_submission_is_recorded_by_the_service_for_the_signed_in_learner(worked, hub):
    """On a hub, answers go to the grading service: it records them under the name the
    learner signed in with; nothing is written in the learners' own class folders."""
    from toolkit.course.exercises.records import Records, sqlite_url

    records = Records(sqlite_url(hub.state / "grading" / "records.sqlite"), read_only=True)
    try:
        for typed, _ in LEARNERS.values():
            name = hub_name(typed)
            mine = records.learner_attempts(name)
            assert [r.exercise for r in mine] == [EXERCISE], name
            assert not list((hub.class_dir / "submissions" / name).glob("*.json"))
    finally:
        records.close()
    assert worked["alice"] == 100 and worked["bob"] < 100


def test_a_learner_cannot_open_another_learners_server_or_answers(worked, room, hub):
    bob = room["bob"]
    answer = bob.goto(f"{server_url(hub, 'alice')}/lab/tree/notebooks/{LESSON}.ipynb")
    assert answer is not None and answer.status == 403
    answer = bob.goto(f"{server_url(hub, 'alice')}/api/contents/notebooks")
    assert answer is not None and answer.status == 403
    # Bob's own lesson: Alice's saved quick-check answer is not there.
    ui.open_lesson(bob, server_url(hub, "bob"), f"notebooks/{LESSON}.ipynb")
    item = question("what-descriptor")
    found = bob.locator(".cpt-quick-check").filter(has_text=item.prompt[:60]).first
    expect(found).to_be_visible()
    expect(found.locator("input[type=radio]:checked")).to_have_count(0)
    expect(found.locator(".cpt-feedback")).to_be_empty()
    # Each learner has their own home and progress file; the class folder has one each.
    homes = hub.state / "homes"
    assert (homes / "alice-arden" / ".cpt97530" / "learner.db").is_file()
    assert not (homes / "bob-baker" / ".cpt97530" / "learner.db").exists()


def test_dashboard_shows_both_learners_to_the_instructor_and_403_to_a_learner(worked, room, hub):
    page = room["instructor"]
    page.goto(f"{hub.url}/services/class-dashboard/")
    table = page.locator("#scores")
    for key in LEARNERS:
        row = table.locator("tbody tr").filter(has_text=hub_name(LEARNERS[key][0]))
        expect(row).to_have_count(1)
        expect(row).to_contain_text(f"{worked[key]:.0f}")  # the exercise's score cell
    alice_row = table.locator("tbody tr").filter(has_text="alice-arden")
    expect(alice_row.locator("td").nth(2)).to_have_text("1/1")  # quick checks right/answered
    expect(page.locator("#not-started")).to_contain_text(
        "carol-cruz (not signed in yet)"
    )  # class list
    csv_text = page.request.get(f"{hub.url}/services/class-dashboard/gradebook.csv").text()
    rows = {r["learner"]: r for r in csv.DictReader(io.StringIO(csv_text))}
    assert float(rows["alice-arden"][EXERCISE]) == worked["alice"]
    assert float(rows["bob-baker"][EXERCISE]) == worked["bob"]
    report = page.request.get(f"{hub.url}/services/class-dashboard/report.html")
    assert report.status == 200 and "bob-baker" in report.text()
    answer = room["alice"].goto(f"{hub.url}/services/class-dashboard/")
    assert answer is not None and answer.status == 403
    answer = room["alice"].request.get(f"{hub.url}/services/class-dashboard/api/class")
    assert answer.status == 403


def test_only_the_class_list_may_sign_in_and_look_alikes_are_one_user(hub, chromium):
    page = sign_in(chromium, hub, "Mallory Mole", "mallory-secret")
    expect(page.locator("#login-main")).to_contain_text(
        re.compile("Invalid username or password", re.I)
    )
    assert "mallory-mole" not in {u["name"] for u in hub.api("/users")}
    # Alice typed differently is still Alice: her password works, another password does not.
    page.context.close()
    page = sign_in(chromium, hub, "  ALICE   arden ", LEARNERS["alice"][1], next_path="/hub/home")
    expect(page).to_have_url(re.compile("/hub/home"))
    expect(page.locator("body")).to_contain_text("alice-arden")
    page.context.close()
    page = sign_in(chromium, hub, "alice arden", "not-her-password")
    expect(page.locator("#login-main")).to_contain_text(
        re.compile("Invalid username or password", re.I)
    )
    page.context.close()
    # The hub knows the class list's names (folded) and the instructor; no variant, no Mallory.
    assert sorted(u["name"] for u in hub.api("/users")) == [
        "alice-arden",
        "bob-baker",
        "carol-cruz",
        "ina-teach",
        "ivo-admin",
    ]


def test_an_instructors_name_is_not_open_to_first_use(hub, chromium):
    """Whoever signs in first as an instructor's name would be admin: refused until the
    educator set that name's password in advance (Ivo's is not; Ina's is)."""
    page = sign_in(chromium, hub, "IVO admin", "squatter-pass-1")
    expect(page.locator("#login-main")).to_contain_text("password is set in advance")
    page.context.close()
    page = sign_in(chromium, hub, "Ina Teach", "squatter-pass-1", next_path="/hub/home")
    expect(page.locator("#login-main")).to_contain_text(
        re.compile("Invalid username or password", re.I)
    )
    page.context.close()
    from toolkit.classroom.passwords import has_password

    assert not has_password(
        hub.state / "passwords.dbm", "ivo-admin"
    )  # the squatter's password was not kept
    assert not hub.api("/users/ivo-admin").get("last_activity")  # never signed in


def test_the_instructor_switches_the_class_to_assessment_on_the_dashboard(worked, room, hub):
    page = room["instructor"]
    page.goto(f"{hub.url}/services/class-dashboard/")
    expect(page.locator("#scores tbody tr")).to_have_count(3)  # alice, bob, carol (not started)
    page.select_option("#mode", "assessment")
    page.select_option("#count-by", "first")
    page.click("#mode-form button[type=submit]")
    expect(page.locator("#mode-saved")).to_have_text("Saved.")
    saved = json.loads(class_folder.settings_path(hub.class_dir).read_text())
    assert saved == {"mode": "assessment", "answers_released": False, "count": "first"}
    page.reload()
    expect(page.locator("#mode")).to_have_value("assessment")
    # A learner cannot change it: the dashboard's addresses are the instructors' only.
    answer = room["bob"].request.post(
        f"{hub.url}/services/class-dashboard/api/mode", form={"mode": "practice", "count": "latest"}
    )
    assert answer.status == 403
    assert json.loads(class_folder.settings_path(hub.class_dir).read_text())["mode"] == "assessment"


def test_a_learners_code_runs_as_their_own_account_and_reaches_nothing_of_the_hub(worked, hub):
    """Code typed in Alice's notebook: not root, not the hub's account; the hub's cookie
    secret and database, Bob's home and the class's mode file are out of its reach."""
    state = str(hub.state)
    passwords = [str(p) for p in hub.state.glob("passwords.dbm*")]
    assert passwords, "the hub keeps its password file in the state folder"
    code = f"""
import os
print('uid', os.getuid(), os.geteuid())
def tried(what, action):
    try:
        action(); print(what, 'ALLOWED')
    except OSError as error:
        print(what, 'refused', type(error).__name__)
tried('cookie', lambda: open({state!r} + '/jupyterhub_cookie_secret', 'rb').read())
tried('hubdb', lambda: open({state!r} + '/jupyterhub.sqlite', 'rb').read())
for path in {passwords!r}:
    tried('passwords', lambda: open(path, 'rb').read())
tried('bobhome', lambda: os.listdir({state!r} + '/homes/bob-baker'))
tried('settings', lambda: open({state!r} + '/class/settings/class-settings.json', 'a').close())
tried('settings-replace', lambda: open({state!r} + '/class/settings/new-settings.json', 'w').close())
tried('bobsubmissions', lambda: open({state!r} + '/class/submissions/bob-baker/x.json', 'w').close())
"""
    token = hub.api("/users/alice-arden/tokens", "POST", {"note": "test", "expires_in": 600})[
        "token"
    ]
    out = run_in_kernel(hub, "alice-arden", token, [code])[0]
    uid = int(re.search(r"uid (\d+) (\d+)", out).group(1))
    assert uid != 0 and uid != hub.state.stat().st_uid, out  # neither root nor the hub's owner
    for what in (
        "cookie",
        "hubdb",
        "passwords",
        "bobhome",
        "settings",
        "settings-replace",
    ):
        assert f"{what} refused PermissionError" in out, out
    # On a hub no learner has a submissions folder (the grading service keeps the records).
    assert re.search(r"bobsubmissions refused (PermissionError|FileNotFoundError)", out), out
    assert "ALLOWED" not in out


ATTACK = """
(async () => {{
  const said = [];
  // 1. Through the hub's address, on the learner server's own origin: read the dashboard
  //    (and its XSRF token), then switch the class to practice with answers released.
  const drive = async (page, how) => {{
    const xsrf = JSON.parse(page.match(/const XSRF=("[^"]*")/)[1]);
    const answer = await fetch('/services/class-dashboard/api/mode', {{
      method: 'POST', credentials: 'include', headers: {{'X-XSRFToken': xsrf}},
      body: new URLSearchParams({{mode: 'practice', answers_released: 'yes', count: 'latest'}})}});
    said.push(how + ' posted ' + answer.status);
  }};
  try {{
    const got = await fetch('/services/class-dashboard/', {{credentials: 'include'}});
    said.push('same-origin read ' + got.status);
    await drive(await got.text(), 'same-origin');
  }} catch (e) {{ said.push('same-origin refused ' + e); }}
  // 2. To the dashboard's own origin, with the XSRF cookie this host's pages can read.
  try {{
    const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [, ''])[1];
    await fetch({dashboard!r} + 'api/mode', {{
      method: 'POST', mode: 'no-cors', credentials: 'include',
      body: new URLSearchParams({{mode: 'practice', answers_released: 'yes', count: 'latest',
                                   _xsrf: decodeURIComponent(xsrf)}})}});
    said.push('cross-origin sent');
  }} catch (e) {{ said.push('cross-origin refused ' + e); }}
  // 3. In a hidden frame, through the hub's address (as the red team did), and on its own.
  for (const src of ['/services/class-dashboard/', {dashboard!r}]) {{
    const frame = document.createElement('iframe');
    frame.style.display = 'none';
    frame.src = src;
    document.body.appendChild(frame);
    await new Promise(done => setTimeout(done, 4000));
    try {{ await drive(frame.contentDocument.documentElement.innerHTML, 'frame'); }}
    catch (e) {{ said.push('frame refused'); }}
  }}
  const out = document.createElement('div');
  out.id = 'attack-result';
  out.textContent = said.join(' | ');
  document.body.appendChild(out);
}})();
"""


def test_a_page_from_a_learners_server_cannot_drive_the_dashboard(worked, room, hub):
    """Alice's notebook, rendered by Voila in her server and opened by the instructor, tries
    to switch the class to practice with the answers released, three ways: the dashboard
    lives on its own origin, refuses changes from elsewhere and is never framed."""
    page = room["instructor"]
    page.goto(f"{hub.url}/services/class-dashboard/")  # signed in to the dashboard
    expect(page.locator("#scores")).to_be_visible()
    before = json.loads(class_folder.settings_path(hub.class_dir).read_text())
    code = (
        "import nbformat\n"
        "book = nbformat.v4.new_notebook()\n"
        "book.cells = [nbformat.v4.new_code_cell("
        "'from IPython.display import HTML, display\\n'"
        f" + 'display(HTML(' + repr('<script>' + {ATTACK.format(dashboard=hub.dashboard)!r}"
        " + '</script>') + '))')]\n"
        "nbformat.write(book, 'attack.ipynb')\n"
        "print('WROTE')\n"
    )
    token = hub.api("/users/alice-arden/tokens", "POST", {"note": "t", "expires_in": 600})["token"]
    assert "WROTE" in run_in_kernel(hub, "alice-arden", token, [code])[0]
    page.goto(f"{hub.url}/user/alice-arden/voila/render/attack.ipynb")
    if page.get_by_role("heading", name="Authorize access").count():  # the hub asks once
        page.locator("form [type=submit]").first.click()
    result = page.locator("#attack-result")
    expect(result).to_be_attached(timeout=SPAWN_TIMEOUT)
    said = result.text_content()
    assert json.loads(class_folder.settings_path(hub.class_dir).read_text()) == before, said
    assert "posted 200" not in said, said
    page.goto(f"{hub.url}/services/class-dashboard/")  # the hub's address leads to its own
    expect(page).to_have_url(re.compile(re.escape(hub.dashboard)))
