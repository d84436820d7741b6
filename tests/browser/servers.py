"""Start and stop the servers the browser tests (and scripts/bench_browser.py) drive.

JupyterLab and Voila serve a throw-away COPY of the course with throw-away Jupyter and
learner folders; every server runs in its own process group and is stopped by its id.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from course_map import REPO

CHROMIUM = Path(os.environ.get("CPT97530_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_status(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Poll `url` until the server answers; fail with its log if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url} within {timeout}s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server we started (its own process group), politely then firmly."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@dataclass
class Course:
    """The throw-away copy of the course and the learner folders the servers use."""

    root: Path
    home: Path
    submissions: Path
    jupyter: Path

    def notebooks(self) -> list[Path]:
        return sorted((self.root / "notebooks").glob("[0-9]*.ipynb"))

    def exercises(self) -> list[Path]:
        return sorted((self.root / "exercises").glob("ex*.ipynb"))


def copy_course(target: Path, source_root: Path = REPO) -> None:
    for folder in ("notebooks", "exercises"):
        source = source_root / folder
        if source.is_dir():
            shutil.copytree(
                source, target / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
            )
        else:
            (target / folder).mkdir(parents=True)


LAB_SETTINGS = {
    # Never write a notebook back on its own, and no pop-ups over the page.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # Keep every cell in the page, so off-screen cells can be checked too.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def jupyter_env(course: Course) -> dict[str, str]:
    """Environment for servers and kernels: throw-away Jupyter and learner folders.

    JUPYTER_DATA_DIR moves only the *user* data folder; the venv's share/jupyter (where the
    ipywidgets and Voila lab extensions live) stays on the search path via sys.prefix.
    """
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(course.jupyter / "config"),
        JUPYTER_RUNTIME_DIR=str(course.jupyter / "runtime"),
        JUPYTER_DATA_DIR=str(course.jupyter / "data"),
        JUPYTER_PLATFORM_DIRS="1",
        CPT97530_HOME=str(course.home),
        CPT97530_SUBMISSIONS=str(course.submissions),
        CPT97530_COURSE=str(course.root),  # "start a lesson afresh" restores into this copy
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    return env


def write_lab_config(config_dir: Path) -> None:
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    for rel, settings in LAB_SETTINGS.items():
        path = config_dir / "lab" / "user-settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path


def start_server(cmd: list[str], env: dict, cwd: Path, log: Path, base: str, probe: str) -> Server:
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_for_status(base + probe, proc, log)
    except Exception:
        stop(proc)
        raise
    return Server(url=base, proc=proc, log=log)


def shut_down_kernels(server: Server) -> None:
    """Delete every session (and so its kernel): 2 cores cannot host a kernel per test."""
    try:
        with urllib.request.urlopen(f"{server.url}/api/sessions", timeout=5) as answer:
            sessions = json.load(answer)
        for session in sessions:
            req = urllib.request.Request(
                f"{server.url}/api/sessions/{session['id']}", method="DELETE"
            )
            urllib.request.urlopen(req, timeout=10).close()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        pass


def lab_command(port: int, root: Path) -> list[str]:
    return [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
        "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip


def make_course(base: Path, source_root: Path = REPO) -> Course:
    """Copy the course under `base` and prepare empty learner and Jupyter folders."""
    made = Course(
        root=base / "course",
        home=base / "learner-home",
        submissions=base / "submissions",
        jupyter=base / "jupyter",
    )
    copy_course(made.root, source_root)
    for folder in (made.home, made.submissions, made.jupyter / "runtime", made.jupyter / "data"):
        folder.mkdir(parents=True, exist_ok=True)
    write_lab_config(made.jupyter / "config")
    return made


def start_lab(course: Course, course_mode: str = "on") -> Server:
    """JupyterLab on the course copy; course_mode="off" is the instructor's/developer's Lab."""
    port = free_port()
    env = jupyter_env(course)
    env["CPT97530_COURSE_MODE"] = course_mode
    return start_server(
        lab_command(port, course.root), env, course.root,
        course.jupyter / f"lab-{course_mode}.log", f"http://127.0.0.1:{port}", "/api/status",
    )  # fmt: skip


def start_voila(course: Course) -> Server:
    """Voila started exactly as `make voila` starts it (scripts/voila-course)."""
    port = free_port()
    env = jupyter_env(course)
    env.update(CPT97530_VOILA_SOURCE=str(course.root), VOILA_PYTHON=sys.executable)
    # One browser opens every page of the course in turn (49 pages now), where a room spreads
    # them over learners: kernels of closed pages must go within seconds, not the room's
    # 300 s, or the 20-kernel cap is reached and a page waits for a free kernel.
    env.update(CPT97530_VOILA_IDLE_SECONDS="20", CPT97530_VOILA_CULL_INTERVAL="5")
    return start_server(
        [str(REPO / "scripts" / "voila-course"), str(port)], env, course.root,
        course.jupyter / "voila.log", f"http://127.0.0.1:{port}", "/",  # tree mode: no /api
    )  # fmt: skip
