"""Every setting the toolkit takes from the environment, read here and nowhere else.

`SETTINGS` below is the one table of variables: name, default and meaning. It is appended
to this docstring (`help(toolkit.settings)`) and mirrored in the README ("Settings"; a
test keeps the two the same). Code reads a variable through `value(name)`, which accepts
only the names in the table, or through one of the functions below that give it a meaning
(`learner_home()`, `solutions_dir()`...). Values are read at each call, never cached at
import, so a test or a hub can set them before use. A test
(tests/test_settings.py) parses every module under toolkit/ and deploy/ and fails if any
other reads `os.environ` or `os.getenv`. Writing variables for a child process (the
spawner's `user_env`, a subprocess's `env=`) is allowed anywhere: that is passing values
on, not reading them; a value passed on that comes from this process's own environment
is read here first.

Adding a setting: one `Setting(...)` row in `SETTINGS`, a function here when it needs a
meaning (a path, a default), the README row (the test prints it), a test of its default
and override in tests/test_settings.py.

Where the course's files are found (`course_source()`; `CPT97530_COURSE_DIR` overrides):
in a source checkout (`make lab`, an editable install) the repository itself; in an
installed copy (`pip install .`) the lessons, exercises and examples shipped with it as
data files (`<prefix>/share/cpt97530/`). The exercise bank (`solutions/`, the answer keys)
is never shipped: a checkout has it, an installation is pointed at it with
`CPT97530_SOLUTIONS` (the hub images do), and without it exercises are saved for the
instructor to grade.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from toolkit.errors import BillingInputError

DISTRIBUTION = "cpt97530-toolkit"
SHARE = "share/cpt97530"  # where an installation keeps the course (pyproject's data-files)


@dataclass(frozen=True)
class Setting:
    name: str
    default: str  # in words
    meaning: str


SETTINGS = {
    s.name: s
    for s in (
        # -- a learner's files
        Setting(
            "CPT97530_HOME",
            "`~/.cpt97530`",
            "the learner's folder: `learner.db` (answers, scores), `submissions/`, `course/`",
        ),
        Setting(
            "CPT97530_SUBMISSIONS",
            "`$CPT97530_HOME/submissions`",
            "where exercise submissions are saved (e.g. a shared workshop folder)",
        ),
        Setting(
            "CPT97530_COURSE",
            "`$CPT97530_HOME/course`",
            "the learner's own copy of the course, what `make lab` opens",
        ),
        Setting(
            "CPT97530_COURSE_MODE",
            "`on`",
            "`off`: JupyterLab shows its menus, toolbar, Terminal and files (developers); "
            "`on`: learners see only the course. On a hub, instructors always get all of "
            "JupyterLab; `off` for the hub turns it off for learners too",
        ),
        # -- the course and its reference data
        Setting(
            "CPT97530_COURSE_DIR",
            "the checkout, or the installed copy's `share/cpt97530`",
            "where the course ships (`notebooks/`, `exercises/`, `examples/`): copies are made "
            "from it, reset-lesson restores from it",
        ),
        Setting(
            "CPT97530_SOLUTIONS",
            "the checkout's `solutions/`; none in an installed copy",
            "the exercise bank (answer keys): grading, `generate`, `release`, the dashboard",
        ),
        Setting(
            "CPT97530_CODE_PAIRS",
            "the pairs shipped with the toolkit",
            "a merged code-pairs file from `cpt97530 pairs` (read once per process)",
        ),
        Setting(
            "CPT97530_DEBUG",
            "unset",
            "`1`: the command line shows the traceback of an unexpected error",
        ),
        # -- the classroom hub (`make hub`, deploy/)
        Setting(
            "JUPYTERHUB_USER",
            "set by JupyterHub",
            "the signed-in hub user: in a hub server the learner's name",
        ),
        Setting(
            "CPT97530_CLASS_DIR",
            "`$CPT97530_HUB_STATE/class`",
            "the class folder shared by learners' servers and the dashboard",
        ),
        Setting(
            "CPT97530_HUB_STATE",
            "`hub-state/` in the checkout; required in an installed copy",
            "the hub's state: database, cookie secret, passwords, homes, class folder",
        ),
        Setting("CPT97530_HUB_UI", "`lab`", "`lab` or `voila`: what a learner's server opens"),
        Setting("HUB_IP", "`127.0.0.1`", "where the hub listens (`0.0.0.0` for a room)"),
        Setting("HUB_PORT", "`8000`", "the hub's port"),
        Setting("CPT97530_HUB_API_PORT", "`HUB_PORT` + 1", "the hub's own API (loopback)"),
        Setting("CPT97530_PROXY_API_PORT", "`HUB_PORT` + 2", "the proxy's API (loopback)"),
        Setting("CPT97530_DASHBOARD_PORT", "`8181`", "the class dashboard service's port"),
        Setting(
            "CPT97530_DASHBOARD_URL",
            "`http://HUB_IP:CPT97530_DASHBOARD_PORT` (127.0.0.1 for 0.0.0.0)",
            "where instructors open the dashboard: its own origin, never the hub's "
            "(e.g. `http://teacher-pc.local:8181`)",
        ),
        Setting(
            "CPT97530_INSTRUCTORS",
            "none",
            "comma-separated names: the only ones who see the dashboard",
        ),
        Setting(
            "CPT97530_CLASS_LIST", "none", "a file of names, one a line: only they may sign in"
        ),
        Setting(
            "CPT97530_INSTRUCTORS_OPEN_SERVERS",
            "unset",
            "`1`: instructors may open learners' servers (their pages then run in the "
            "instructor's browser)",
        ),
        Setting(
            "CPT97530_PRESTART",
            "`1`",
            "with a class list, each learner's server is started as the hub starts, so a "
            "sign-in opens lesson 1 at once; `0`: at sign-in (less memory while few come)",
        ),
        Setting("CPT97530_IDLE_SECONDS", "`3600`", "idle servers and kernels stop after this long"),
        Setting("CPT97530_MEM_LIMIT", "`1G`", "memory per learner (enforced on Kubernetes only)"),
        Setting(
            "CPT97530_UNSAFE_SHARED_ACCOUNT",
            "unset",
            "`1`: learners' servers run as the hub's own account (a one-person demo only)",
        ),
        Setting(
            "CPT97530_CHP",
            "`node_modules/.bin/configurable-http-proxy` in the checkout, else on PATH",
            "the configurable-http-proxy program",
        ),
        Setting(
            "KUBERNETES_SERVICE_HOST",
            "set by Kubernetes",
            "present: the hub runs on Kubernetes (Zero to JupyterHub)",
        ),
        # -- the class dashboard (a hub service; the hub sets these)
        Setting("JUPYTERHUB_SERVICE_URL", "set by JupyterHub", "where the dashboard listens"),
        Setting(
            "JUPYTERHUB_HOST",
            "set by the hub config",
            "the hub's origin, where the dashboard sends instructors to sign in",
        ),
        Setting(
            "JUPYTERHUB_SERVICE_PREFIX",
            "`/services/class-dashboard/`",
            "the dashboard's URL path",
        ),
        Setting(
            "CPT97530_DASHBOARD_BIND",
            "the service URL's host",
            "the address the dashboard binds (`0.0.0.0` on Kubernetes)",
        ),
        # -- the grading service (a hub service; issue 19)
        Setting(
            "CPT97530_GRADING_DB",
            "`grading/records.sqlite` in `CPT97530_HUB_STATE`",
            "the class records: a database URL (e.g. `postgresql+psycopg://user:pw@host/db`) "
            "or SQLite by default",
        ),
        Setting("CPT97530_GRADING_PORT", "`8182`", "the grading service's port"),
        Setting(
            "CPT97530_GRADING_URL",
            "set by the hub for learners' servers",
            "where a learner's server sends answers (the grading service)",
        ),
        Setting(
            "CPT97530_GRADING_UID",
            "set by the hub (one machine)",
            "the grading service's account: a learner's server sends its token to no other",
        ),
        Setting(
            "CPT97530_GRADING_HUB_ID",
            "set by the hub",
            "this hub's id: a records database belongs to one hub",
        ),
        Setting(
            "CPT97530_GRADING_ACCOUNT",
            "`cpt97530-grader`",
            "the grading service's own machine account (made by `make hub` when missing)",
        ),
        Setting(
            "CPT97530_GRADING_BIND",
            "the service URL's host",
            "the address the grading service binds (`0.0.0.0` on Kubernetes)",
        ),
        Setting(
            "JUPYTERHUB_API_TOKEN",
            "set by JupyterHub",
            "a learner's server's own hub token: it sends answers to the grading service",
        ),
        # -- `make voila` (read by the shell script scripts/voila-course, listed here so the
        # table is whole)
        Setting("CPT97530_VOILA_IP", "`127.0.0.1`", "where Voila listens (`0.0.0.0`: a demo)"),
        Setting(
            "CPT97530_VOILA_SOURCE",
            "the checkout",
            "the folder holding the `notebooks/` and `exercises/` Voila serves a copy of",
        ),
        Setting(
            "CPT97530_VOILA_IDLE_SECONDS",
            "`300`",
            "seconds until a kernel whose page has gone stops",
        ),
        Setting("CPT97530_VOILA_CULL_INTERVAL", "`60`", "how often idle kernels are looked for"),
        Setting("CPT97530_VOILA_MAX_KERNELS", "`20`", "kernels (open pages) at once"),
        Setting("VOILA_PYTHON", "the checkout's `.venv/bin/python`", "the Python that runs Voila"),
    )
}


def value(name: str) -> str:
    """The variable's value, stripped; '' when unset. Only names in `SETTINGS`.

    Raises:
        KeyError: `name` is not in `SETTINGS` (a setting must be documented to be read).
    """
    if name not in SETTINGS:
        raise KeyError(f"{name} is not a documented setting: add it to toolkit.settings.SETTINGS")
    return os.environ.get(name, "").strip()


def unknown_names() -> list[str]:
    """A warning for each CPT97530_* variable that is set, is no setting, and looks like a
    misspelt one (a misspelt name is otherwise silently ignored: submissions go to the
    default place). Others, such as the test suite's own variables, are left alone."""
    from difflib import get_close_matches

    said = []
    for name in sorted(n for n in os.environ if n.startswith("CPT97530_") and n not in SETTINGS):
        near = get_close_matches(name, SETTINGS, n=1, cutoff=0.85)
        if near:
            said.append(f"{name} is not a setting of this toolkit (did you mean {near[0]}?)")
    return said


def markdown_table() -> str:
    """The table of settings as Markdown (the README's "Settings" section holds it)."""
    rows = ["| Variable | Default | What it sets |", "| --- | --- | --- |"]
    rows += [f"| `{s.name}` | {s.default} | {s.meaning} |" for s in SETTINGS.values()]
    return "\n".join(rows)


if __doc__:  # (None under python -OO)
    __doc__ += "\n" + markdown_table() + "\n"


def path(name: str) -> Path | None:
    """A setting that names a file or folder, with `~` expanded as a shell would (a value
    set in a .env file or a hub config is not expanded by any shell); None when unset.

    Raises:
        KeyError: as `value`.
    """
    named = value(name)
    return Path(named).expanduser() if named else None


# -- a learner's files ------------------------------------------------------------------------


def learner_home() -> Path:
    return path("CPT97530_HOME") or Path.home() / ".cpt97530"


def learner_db() -> Path:
    return learner_home() / "learner.db"


def progress_file() -> Path:
    """Where earlier versions kept progress (JSON); imported once into `learner_db()`."""
    return learner_home() / "progress.json"


def hub_learner() -> str | None:
    """The signed-in hub user when running in a classroom hub server, else None."""
    return value("JUPYTERHUB_USER") or None


def grading_url() -> str | None:
    """Where a hub server sends answers (the grading service), or None outside a hub."""
    return (value("CPT97530_GRADING_URL") or None) if hub_learner() else None


def grading_uid() -> int | None:
    """The grading service's account on this machine (the hub says), or None."""
    raw = value("CPT97530_GRADING_UID") or ""
    return int(raw) if raw.isdigit() and hub_learner() else None


def class_dir() -> Path | None:
    """The class folder shared with the instructor's dashboard (hub servers only)."""
    folder = path("CPT97530_CLASS_DIR")
    return folder if folder and hub_learner() else None


def submissions_override() -> Path | None:
    """`CPT97530_SUBMISSIONS`: where submissions go instead of the learner's home (outside a hub
    class; `toolkit.course.exercises.submission.submissions_dir` decides)."""
    return path("CPT97530_SUBMISSIONS")


def course_dir() -> Path:
    """The learner's own copy of the course."""
    return path("CPT97530_COURSE") or learner_home() / "course"


def course_mode() -> bool:
    """`CPT97530_COURSE_MODE`: JupyterLab shows learners only the course (on unless `off`).

    Raises:
        BillingInputError: the value is neither on nor off.
    """
    said = value("CPT97530_COURSE_MODE").lower()
    if said in ("", "on", "1", "yes", "true"):
        return True
    if said in ("off", "0", "no", "false"):
        return False
    raise BillingInputError(f"CPT97530_COURSE_MODE is {said!r}: use on or off")


def debug() -> bool:
    return value("CPT97530_DEBUG") not in ("", "0")


def code_pairs_file() -> str | None:
    """The merged code-pairs file to use instead of the shipped pairs, if one is named."""
    named = path("CPT97530_CODE_PAIRS")
    return str(named) if named else None


# -- where the course and the exercise bank are -----------------------------------------------


@cache
def checkout() -> Path | None:
    """The source checkout this toolkit runs from, or None for an installed copy.

    The folder holding the imported `toolkit` package, when it is this project's checkout
    (its pyproject.toml names the project): `make lab` and an editable install. An installed
    copy lives in site-packages, which holds no pyproject.toml."""
    import toolkit

    root = Path(toolkit.__file__).resolve().parent.parent
    try:
        text = (root / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return None
    return root if f'name = "{DISTRIBUTION}"' in text else None


@cache
def installed_course() -> Path | None:
    """The course shipped with an installed copy (`<prefix>/share/cpt97530`), if any."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        files = distribution(DISTRIBUTION).files or ()
    except PackageNotFoundError:
        return None
    for file in files:
        posix = file.as_posix()
        if f"{SHARE}/notebooks/" in posix:
            shipped = Path(file.locate()).resolve()
            while shipped.name != "notebooks":
                shipped = shipped.parent
            return shipped.parent
    return None


def course_source() -> Path:
    """Where the course ships: the folder holding notebooks/, exercises/ and examples/.

    Raises:
        BillingInputError: no course here (an installed copy without its data files) and
            CPT97530_COURSE_DIR not set.
    """
    found = path("CPT97530_COURSE_DIR") or checkout() or installed_course()
    if found is None:
        raise BillingInputError(
            "the course's lessons and exercises are not installed with this toolkit: set "
            "CPT97530_COURSE_DIR to the folder holding notebooks/ and exercises/"
        )
    return found


def solutions_dir() -> Path | None:
    """The exercise bank's folder (CPT97530_SOLUTIONS, else the checkout's solutions/), or
    None when there is none: an installed copy has no bank unless pointed at one."""
    root = checkout()
    folder = path("CPT97530_SOLUTIONS") or (root / "solutions" if root else None)
    return folder if folder and folder.is_dir() and any(folder.glob("ex*.toml")) else None


def default_for_this_process(name: str, default: str) -> None:
    """Give a setting a value for this process when it has none (the browser version of the
    course points it at the site's files: `toolkit.course.in_browser`).

    Raises:
        KeyError: a name not in SETTINGS.
    """
    if not value(name):
        os.environ[name] = default
