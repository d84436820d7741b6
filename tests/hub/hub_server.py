"""Start and stop a real classroom hub for the tests (and scripts/bench_workshop.py).

The hub runs exactly as `make hub` runs it (`jupyterhub -f deploy/jupyterhub_config.py`)
on free loopback ports, with a throw-away state folder. It is stopped by its own pid;
it stops its proxy, its services and every learner's server itself (cleanup), and the
proxy's pid file is checked afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "deploy" / "jupyterhub_config.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Hub:
    url: str
    proc: subprocess.Popen
    state: Path
    log: Path
    token: str

    @property
    def class_dir(self) -> Path:
        return self.state / "class"

    def api(self, path: str, method: str = "GET", body: dict | None = None, token: str | None = None):
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {token or self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            raw = answer.read()
            return json.loads(raw) if raw else None


def throwaway_state() -> Path:
    """A state folder other accounts can reach (pytest's own tmp folders are private)."""
    base = Path(tempfile.mkdtemp(prefix="cpt97530-hub-"))
    os.chmod(base, 0o711)
    return base


def start_hub(state: Path, instructors: str = "Ina Teach", extra_env: dict | None = None,
              timeout: float = 90, passwords: dict | None = None) -> Hub:
    """`passwords`: names whose password is set in advance, as the educator does with
    `make hub-instructor` (instructors cannot sign in without one)."""
    port = free_port()
    token = os.urandom(16).hex()
    env = dict(os.environ, HUB_PORT=str(port), HUB_IP="127.0.0.1",
               CPT97530_HUB_STATE=str(state / "state"), CPT97530_INSTRUCTORS=instructors,
               CPT97530_HUB_API_PORT=str(free_port()), CPT97530_PROXY_API_PORT=str(free_port()),
               CPT97530_DASHBOARD_PORT=str(free_port()),
               PYTHONDONTWRITEBYTECODE="1", **(extra_env or {}))
    for name in ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_USER", "CPT97530_CLASS_DIR", "CPT97530_CLASS_LIST"):
        if name not in (extra_env or {}):
            env.pop(name, None)
    for name, password in (passwords or {}).items():  # the real command, password on stdin
        subprocess.run([sys.executable, "-m", "toolkit.classroom.passwords", name], input=password + "\n",
                       text=True, env=env, cwd=REPO, check=True, capture_output=True)
    log = state / "hub.log"
    # The hub config of `make hub`, plus one service token for the test to ask the hub's API.
    test_config = state / "test_config.py"
    test_config.write_text(
        f"load_subconfig({str(CONFIG)!r})\n"
        "c = get_config()\n"
        f"c.JupyterHub.services.append({{'name': 'cpt97530-tests', 'api_token': {token!r}}})\n"
        "c.JupyterHub.load_roles.append({'name': 'cpt97530-tests', 'services': ['cpt97530-tests'],"
        " 'scopes': ['admin:users', 'admin:servers', 'list:users', 'read:users', 'tokens']})\n")
    cmd = [sys.executable, "-m", "jupyterhub", "-f", str(test_config)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", proc, state / "state", log, token)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"hub exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            hub.api("/")
            return hub
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    stop_hub(hub)
    raise RuntimeError(f"hub did not answer within {timeout}s:\n{log.read_text()[-4000:]}")


def stop_hub(hub: Hub) -> None:
    """SIGTERM to the hub's pid: it stops the proxy, services and servers; then check."""
    if hub.proc.poll() is None:
        hub.proc.send_signal(signal.SIGTERM)
        try:
            hub.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(hub.proc.pid, signal.SIGKILL)
            hub.proc.wait(timeout=10)
    pid_file = hub.state / "proxy.pid"
    if pid_file.exists():  # the hub did not get to stop its proxy: stop it by its pid
        try:
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        except (ValueError, ProcessLookupError):
            pass


def run_in_kernel(hub: Hub, user: str, code: str, timeout: float = 120) -> str:
    """Run `code` in a new kernel of `user`'s (running) server, as their own code would run;
    its printed output (and any error's name and message)."""
    import asyncio
    import uuid

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    token = hub.api(f"/users/{user}/tokens", "POST", {"note": "kernel test", "expires_in": 600})["token"]
    base = f"{hub.url}/user/{user}/api/kernels"
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    request = urllib.request.Request(base, method="POST", data=b'{"name": "python3"}', headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        kernel = json.loads(answer.read())["id"]

    async def execute() -> str:
        socket_url = base.replace("http", "ws", 1) + f"/{kernel}/channels"
        ws = await websocket_connect(HTTPRequest(socket_url, headers=headers, connect_timeout=timeout))
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False}}))
        out = []
        while True:
            message = json.loads(await asyncio.wait_for(ws.read_message(), timeout))
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                out.append(f"ERROR {content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                ws.close()
                return "".join(out)

    from concurrent.futures import ThreadPoolExecutor

    try:  # its own thread: the caller may already run an event loop (Playwright's)
        with ThreadPoolExecutor(1) as worker:
            return worker.submit(asyncio.run, execute()).result()
    finally:
        delete = urllib.request.Request(f"{base}/{kernel}", method="DELETE", headers=headers)
        urllib.request.urlopen(delete, timeout=timeout).close()
