"""The README's first command, `make lab`, really serves the learner's own copy of the course
at the start notebook, with the course's lab extension."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_lab_serves_the_start_notebook(tmp_path):
    port = free_port()
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        CPT97530_HOME=str(tmp_path / "home"),
        BROWSER="true",
    )  # no browser to open here
    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        lab = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline and lab.poll() is None:
            found = re.search(
                rf"http://(?:127\.0\.0\.1|localhost):{port}/lab\S*token=(\w+)", log.read_text()
            )
            url = found and (f"http://127.0.0.1:{port}", found.group(1))
            time.sleep(0.3)
        assert url, "make lab did not start JupyterLab:\n" + log.read_text()[-3000:]
        base, token = url
        with urllib.request.urlopen(
            f"{base}/api/contents/notebooks/01_start_here.ipynb?token={token}", timeout=30
        ) as answer:
            assert answer.status == 200 and b"Lesson 1" in answer.read()
        course = tmp_path / "home" / "course"  # the learner's own copy, not the repository's
        assert (course / "notebooks" / "01_start_here.ipynb").read_bytes() == (
            ROOT / "notebooks" / "01_start_here.ipynb"
        ).read_bytes()
        assert f"Serving notebooks from local directory: {course}" in log.read_text()
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=30) as answer:
            page = answer.read().decode()
        assert "cpt97530-course" in page  # the lab extension that runs a lesson on open
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)
