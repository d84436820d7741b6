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
import uuid
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
    grader: str = ""  # the grading service's account, when this start created it
    dashboard_url: str = ""  # the class dashboard's own origin

    @property
    def dashboard(self) -> str:
        return f"{self.dashboard_url}/services/class-dashboard/"

    @property
    def class_dir(self) -> Path:
        return self.state / "class"

    def api(
        self, path: str, method: str = "GET", body: dict | None = None, token: str | None = None
    ):
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"token {token or self.token}",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            raw = answer.read()
            return json.loads(raw) if raw else None

    def start_server(self, name: str) -> None:
        """Ask for a learner's server; one the hub already started ahead of them (a class-list
        learner: CPT97530_PRESTART) is theirs too, not a failure."""
        try:
            self.api(f"/users/{name}/server", "POST", {})
        except urllib.error.HTTPError as refused:
            if refused.code != 400:  # 400: already running, or the hub's own start pending
                raise


def throwaway_state() -> Path:
    """A state folder other accounts can reach (pytest's own tmp folders are private)."""
    base = Path(tempfile.mkdtemp(prefix="cpt97530-hub-"))
    os.chmod(base, 0o711)
    return base


def start_hub(
    state: Path,
    instructors: str = "Ina Teach",
    extra_env: dict | None = None,
    timeout: float = 90,
    passwords: dict | None = None,
    extra_config: str = "",
) -> Hub:
    """`passwords`: names whose password is set in advance, as the educator does with
    `make hub-instructor` (instructors cannot sign in without one). `extra_config`: lines of
    hub configuration added after the project's (`c` is the config)."""
    port = free_port()
    token = os.urandom(16).hex()
    dashboard_port = free_port()
    env = dict(
        os.environ,
        HUB_PORT=str(port),
        HUB_IP="127.0.0.1",
        CPT97530_HUB_STATE=str(state / "state"),
        CPT97530_INSTRUCTORS=instructors,
        CPT97530_HUB_API_PORT=str(free_port()),
        CPT97530_PROXY_API_PORT=str(free_port()),
        CPT97530_DASHBOARD_PORT=str(dashboard_port),
        # Its own grading account, removed by stop_hub (never one this test did not make).
        CPT97530_GRADING_ACCOUNT=f"cpt-gr-{os.urandom(4).hex()}",
        PYTHONDONTWRITEBYTECODE="1",
        **{"CPT97530_GRADING_PORT": str(free_port()), **(extra_env or {})},
    )
    for name in (
        "JUPYTERHUB_API_TOKEN",
        "JUPYTERHUB_USER",
        "CPT97530_CLASS_DIR",
        "CPT97530_CLASS_LIST",
    ):
        if name not in (extra_env or {}):
            env.pop(name, None)
    for name, password in (passwords or {}).items():  # the real command, password on stdin
        subprocess.run(
            [sys.executable, "-m", "toolkit.classroom.passwords", name],
            input=password + "\n",
            text=True,
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
        )
    log = state / "hub.log"
    # The hub config of `make hub`, plus one service token for the test to ask the hub's API.
    test_config = state / "test_config.py"
    # [red team S10] It holds the test's admin token: the hub's alone, never a learner's read.
    os.close(os.open(test_config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(test_config, 0o600)
    test_config.write_text(
        f"load_subconfig({str(CONFIG)!r})\n"
        "c = get_config()\n"
        f"c.JupyterHub.services.append({{'name': 'cpt97530-tests', 'api_token': {token!r}}})\n"
        "c.JupyterHub.load_roles.append({'name': 'cpt97530-tests', 'services': ['cpt97530-tests'],"
        " 'scopes': ['admin:users', 'admin:servers', 'list:users', 'read:users', 'tokens',"
        " 'access:services']})\n" + extra_config
    )
    cmd = [sys.executable, "-m", "jupyterhub", "-f", str(test_config)]
    os.close(os.open(log, os.O_WRONLY | os.O_CREAT, 0o600))
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    hub = Hub(
        f"http://127.0.0.1:{port}",
        proc,
        state / "state",
        log,
        token,
        env["CPT97530_GRADING_ACCOUNT"],
        dashboard_url=f"http://127.0.0.1:{dashboard_port}",
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _remove_grader(hub.grader)
            remove_hub_accounts(state / "state")
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
    _remove_grader(hub.grader)
    pid_file = hub.state / "proxy.pid"
    if pid_file.exists():  # the hub did not get to stop its proxy: stop it by its pid
        try:
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        except (ValueError, ProcessLookupError):
            pass
    remove_hub_accounts(hub.state)


def remove_hub_accounts(state: Path) -> list[str]:
    """Every account this hub made (its id is in its state folder) and their processes:
    exactly what this hub created, never another hub's."""
    from toolkit.classroom.accounts import HUB_ID_FILE, remove_accounts

    id_file = state / HUB_ID_FILE
    if os.geteuid() != 0 or not id_file.is_file():
        return []
    return remove_accounts(id_file.read_text().strip())


def _remove_grader(name: str) -> None:
    """The grading account this hub's start made (its name is unique to that start)."""
    import pwd

    if not name.startswith("cpt-gr-"):
        return
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["userdel", name], check=False, capture_output=True)


def run_in_kernel(
    hub, name: str, token: str, codes: list[str], after=None, timeout: float = 600
) -> list[str]:
    """Start a kernel in the learner's server, run each code in turn (calling `after(i)`
    after each), return their outputs; the kernel is deleted at the end."""
    base = f"{hub.url}/user/{name}/api/kernels"
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    request = urllib.request.Request(base, data=b"{}", headers=headers, method="POST")
    import websocket  # websocket-client

    kernel = json.load(urllib.request.urlopen(request, timeout=120))["id"]
    outputs = []
    try:
        ws = websocket.create_connection(
            f"{hub.url.replace('http', 'ws')}/user/{name}/api/kernels/{kernel}/channels",
            header=[f"Authorization: token {token}"],
            timeout=timeout,
        )
        session = uuid.uuid4().hex
        for i, code in enumerate(codes):
            msg_id = uuid.uuid4().hex
            ws.send(
                json.dumps(
                    {
                        "header": {
                            "msg_id": msg_id,
                            "username": name,
                            "session": session,
                            "msg_type": "execute_request",
                            "version": "5.3",
                        },
                        "parent_header": {},
                        "metadata": {},
                        "channel": "shell",
                        "content": {
                            "code": code,
                            "silent": False,
                            "store_history": False,
                            "user_expressions": {},
                            "allow_stdin": False,
                            "stop_on_error": True,
                        },
                    }
                )
            )
            out, status, idle = [], None, False
            while (
                status is None or not idle
            ):  # the reply (shell) and all output (iopub, until idle)
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    out.append("ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])
                elif kind == "execute_reply":
                    status = msg["content"]["status"]
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
            if status != "ok":
                raise RuntimeError("".join(out)[-500:])
            outputs.append("".join(out))
            if after:
                after(i)
        ws.close()
        return outputs
    finally:
        urllib.request.urlopen(
            urllib.request.Request(f"{base}/{kernel}", headers=headers, method="DELETE"), timeout=60
        ).close()


def sign_in_form(
    hub: Hub,
    typed_name: str,
    password: str,
    timeout: float = 120,
    next_path="/hub/home",
    headers: dict | None = None,
):
    """Through the hub's real login form, without a browser: (final response, session).
    `next_path` None: where a learner goes, their server (started by the spawn page);
    `headers`: sent with every request (as a client may send any)."""
    import requests

    session = requests.Session()
    session.headers.update(headers or {})
    page = session.get(f"{hub.url}/hub/login", timeout=timeout)
    xsrf = session.cookies.get("_xsrf") or ""
    form = {"username": typed_name, "password": password, "_xsrf": xsrf}
    answer = session.post(
        f"{hub.url}/hub/login" + (f"?next={next_path}" if next_path else ""),
        data=form,
        timeout=timeout,
        allow_redirects=True,
    )
    page.close()
    return answer, session


def wait_for_server(hub: Hub, name: str, ready: bool = True, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        server = hub.api(f"/users/{name}")["servers"].get("")
        if (bool(server and server.get("ready"))) == ready and not (server or {}).get("pending"):
            return
        time.sleep(0.5)
    raise TimeoutError(f"{name}'s server not {'ready' if ready else 'stopped'} in {timeout}s")
