"""`make voila` keeps its kernels in check: a cap on how many run, and culling of kernels
whose page has gone. Started exactly as `make voila` starts it (scripts/voila-course)."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from toolkit.settings import checkout

REPO = checkout()

PAGE = "/voila/render/notebooks/01_start_here.ipynb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8", "replace")


def test_voila_caps_kernels_and_culls_a_kernel_whose_page_is_gone(tmp_path):
    port = free_port()
    env = dict(
        os.environ,
        CPT97530_VOILA_MAX_KERNELS="1",
        CPT97530_VOILA_IDLE_SECONDS="2",
        CPT97530_VOILA_CULL_INTERVAL="1",
        CPT97530_HOME=str(tmp_path / "home"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        VOILA_PYTHON=str(REPO / ".venv" / "bin" / "python"),
    )
    log = tmp_path / "voila.log"
    with open(log, "wb") as out:
        voila = subprocess.Popen(
            [str(REPO / "scripts" / "voila-course"), str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        status, first = get(base + PAGE)
        assert status == 200, log.read_text()[-2000:]
        assert "Run All" not in first  # the Lab-only instructions are not on the Voila page
        status, second = get(base + PAGE)
        assert status == 503 and "ask your instructor" in second  # the cap: one kernel
        deadline = time.monotonic() + 45
        while status != 200 and time.monotonic() < deadline:  # the first page's kernel is culled
            time.sleep(1)
            status, _ = get(base + PAGE)
        assert status == 200, "the idle kernel was never culled:\n" + log.read_text()[-2000:]
        assert "Culling kernel" in log.read_text() or "culling" in log.read_text().lower()
    finally:
        os.killpg(voila.pid, signal.SIGTERM)
        voila.wait(timeout=30)
