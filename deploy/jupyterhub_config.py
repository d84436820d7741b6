"""The classroom hub's configuration: `make hub` on one machine, and the same file on
Kubernetes (Zero to JupyterHub loads it from deploy/values.yaml via hub.extraConfig).

Every setting comes from an environment variable, read in `toolkit.settings` (the table
of every variable, mirrored in the README's "Settings") and checked in
`toolkit.classroom.settings`. Started as
`jupyterhub -f deploy/jupyterhub_config.py`.
"""

import asyncio
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from functools import partial

from jupyterhub.app import JupyterHub

from toolkit.classroom import accounts, capacity, learner_runtime, spawner
from toolkit.classroom.names import hub_name
from toolkit.classroom.settings import hub_settings, on_kubernetes, public_host, read_class_list
from toolkit.course import class_folder
from toolkit.errors import BillingInputError

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)
try:
    S = hub_settings()
except BillingInputError as wrong:  # one clear line naming the variable, not a traceback
    sys.exit(f"make hub: {wrong}")
# Zero to JupyterHub runs the hub in a pod; it sets the spawner (KubeSpawner), proxy,
# database and secrets itself, so only the classroom's own settings are made there.
ON_KUBERNETES = on_kubernetes()
DASHBOARD = "class-dashboard"

# ---------------------------------------------------------------- sign-in
# A learner picks a name and password at first sign-in; the name is theirs from then on.
c.JupyterHub.authenticator_class = "toolkit.classroom.authenticator.ClassroomAuthenticator"
# Hashed passwords, kept in the state folder so a restart keeps every account.
c.FirstUseAuthenticator.dbm_path = str(S.state_dir / "passwords.dbm")
# New names may sign up (limited to the class list below when there is one).
c.FirstUseAuthenticator.create_users = True
# CPT97530_INSTRUCTORS (comma-separated) see the dashboard and can start and stop a
# learner's server (the `class-instructor` role below).
# [issue 20] They are not hub admins: an admin may open every learner's server, and a page a
# learner made then runs in the instructor's browser. CPT97530_INSTRUCTORS_OPEN_SERVERS=1
# (the class's choice) lets instructors open learners' servers to help.
INSTRUCTORS = sorted({hub_name(n) for n in S.instructors} - {""})
c.ClassroomAuthenticator.instructors = set(INSTRUCTORS)
if S.class_list:
    # CPT97530_CLASS_LIST: a file with one name a line; only these names (and the
    # instructors) may sign in. Names are folded the same way as at sign-in.
    c.Authenticator.allowed_users = {hub_name(n) for n in read_class_list(S.class_list)} - {
        ""
    } | set(INSTRUCTORS)
    c.Authenticator.allow_all = False
else:
    # No class list: any new name may sign up (a drop-in workshop).
    c.Authenticator.allow_all = True
# What the sign-in page tells a learner.
c.JupyterHub.template_vars = {
    "announcement_login": (
        "First time here? Type your name and choose a password (at least 7 characters): "
        "that name is then yours for the course. Next time, sign in with the same name and password."
    )
}

# ---------------------------------------------------------------- each learner's server
# What a learner opens: JupyterLab at lesson 1, or the code-free Voila pages when
# CPT97530_HUB_UI=voila.
c.Spawner.default_url = (
    "/voila/render/notebooks/01_start_here.ipynb"
    if S.ui == "voila"
    else "/lab/tree/notebooks/01_start_here.ipynb"
)
# The learner's server sees the signed-in name (JUPYTERHUB_USER, set by the hub) and the
# class folder, so the exercise widget files work under that name, in that folder.
# (CPT97530_HOME is ~/.cpt97530 in the learner's own home; see the spawner below.)
CLASS_DIR = str(S.class_dir)  # on Kubernetes a shared volume (deploy/values.yaml: /srv/class)
c.Spawner.environment = {"CPT97530_CLASS_DIR": CLASS_DIR}


# [issue 22] Course mode (the lab extension's learner view: no Run/Kernel menus, toolbar,
# Terminal) is for learners. An instructor's own server shows all of JupyterLab. Set per user
# as each server starts (any spawner, KubeSpawner too); CPT97530_COURSE_MODE=off for the hub
# turns it off for everyone (a developer's hub).
def course_mode(spawner) -> str:
    return "off" if spawner.user.name in INSTRUCTORS or not S.course_mode else "on"


c.Spawner.environment["CPT97530_COURSE_MODE"] = course_mode
# Idle kernels inside a server are shut down after the same idle time as servers
# (CPT97530_IDLE_SECONDS, default 3600), checked every 5 minutes (or every half idle time
# when that is shorter), even with a tab open.
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={S.idle_seconds}",
    f"--MappingKernelManager.cull_interval={S.cull_every}",
    "--MappingKernelManager.cull_connected=True",
    # Voila pages: strip code, never show a traceback.
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.show_tracebacks=False",
]
if S.ui == "voila":
    # Code-free pages only: JupyterLab, its language servers and terminals are switched off
    # in the learner's server, so /lab and /terminals answer 404. (The server's own API,
    # which the Voila page uses to talk to its kernel, stays: see the README.)
    c.Spawner.args.append(
        '--ServerApp.jpserver_extensions={"jupyterlab": False, "jupyter_lsp": False, '
        '"jupyter_server_terminals": False, "notebook": False}'
    )
# Memory per learner (CPT97530_MEM_LIMIT, default 1G). KubeSpawner enforces it; a local
# process spawner cannot, it only passes it on as MEM_LIMIT.
c.Spawner.mem_limit = S.mem_limit
# [issue 25, hub hardening] Limits for a room on THIS machine (toolkit/classroom/capacity.py,
# README "How many learners"): servers at once from its memory (about 195 MB a learner), the
# whole room may start together, and a start may take as long as the room's start-ups need
# on its cores (a shorter timeout gives up on spawns that were merely waiting their turn).
ROOM = capacity.this_machine()
c.JupyterHub.active_server_limit = ROOM.learners
c.JupyterHub.concurrent_spawn_limit = ROOM.learners
c.Spawner.start_timeout = ROOM.start_timeout
c.Spawner.http_timeout = ROOM.start_timeout

if not ON_KUBERNETES:
    # One machine: each learner's server runs as their own account (when the hub runs as
    # root) with a private home under the state folder, holding their own course copy and
    # their own CPT97530_HOME. See toolkit/classroom/spawner.py.
    c.JupyterHub.spawner_class = "toolkit.classroom.spawner.ClassroomSpawner"
    c.ClassroomSpawner.homes_dir = str(S.homes_dir)
    c.ClassroomSpawner.class_dir = str(S.class_dir)
    c.ClassroomSpawner.course_dir = str(S.course_dir)
    c.ClassroomSpawner.ui = S.ui
    # [issue 20, hub hardening] This hub's id (kept in the state folder) is part of every
    # account name it makes: two hubs on one machine never share an account.
    S.state_dir.mkdir(parents=True, exist_ok=True)
    HUB_ID = accounts.hub_id(S.state_dir)
    c.ClassroomSpawner.hub_id = HUB_ID
    # The server runs in a Python the learner's own account can run, with this project's
    # packages (the toolkit, JupyterLab and Voila): the project's own, or a small "learner
    # runtime" built in the state folder (toolkit/classroom/learner_runtime.py). The hub
    # refuses to start when learners' servers would run as root or as the hub's account
    # (CPT97530_UNSAFE_SHARED_ACCOUNT=1 overrides that, loudly, for a one-person demo).
    S.state_dir.mkdir(parents=True, exist_ok=True)
    try:
        LEARNER_PYTHON = learner_runtime.learner_python(S.state_dir)
    except learner_runtime.RuntimeRefused as refused:
        sys.exit(f"make hub: {refused}")
    c.ClassroomSpawner.cmd = [LEARNER_PYTHON or sys.executable, "-m", "jupyterhub.singleuser"]
    c.ClassroomSpawner.notebook_dir = "~"
    # Where the room connects: HUB_IP (default 127.0.0.1; 0.0.0.0 for a room) and HUB_PORT.
    c.JupyterHub.ip = S.ip
    c.JupyterHub.port = S.port
    # The hub's own API and the proxy's API stay on loopback, never open to the room.
    c.JupyterHub.hub_ip = "127.0.0.1"
    # (CPT97530_HUB_API_PORT and CPT97530_PROXY_API_PORT; default HUB_PORT + 1 and + 2).
    c.JupyterHub.hub_port = S.hub_api_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{S.proxy_api_port}"
    # configurable-http-proxy comes from npm into the project's own folder (make hub).
    # (CPT97530_CHP names another.)
    c.ConfigurableHTTPProxy.command = [S.proxy]
    # State kept across restarts, all in one folder (CPT97530_HUB_STATE): the hub's
    # database, its cookie secret, the passwords, the learners' homes and the class folder.
    S.state_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(S.state_dir, 0o711)
    S.homes_dir.mkdir(exist_ok=True)
    os.chmod(S.homes_dir, 0o711)  # learners reach their own home, cannot list the others
    # The hub's secrets are the hub's alone (0600): learners' accounts can pass through the
    # state folder to their homes (0711) but read nothing of the hub's. SQLite takes an
    # empty file as an empty database, so the file is made private before the hub opens it.
    DB = S.state_dir / "jupyterhub.sqlite"
    DB.touch(mode=0o600, exist_ok=True)
    for secret in (
        DB,
        S.state_dir / "jupyterhub_cookie_secret",
        *S.state_dir.glob("passwords.dbm*"),
    ):
        if secret.is_file():
            os.chmod(secret, 0o600)
    c.JupyterHub.db_url = f"sqlite:///{DB}"
    # [issue 25] The hub commits to its database on its event loop, many times per sign-in;
    # with SQLite's default journal each commit waits for the disk (py-spy on a room of 30:
    # a third of the hub's loop time in commit, the login page 2.6-3.3 s at p95). A
    # write-ahead log synced at checkpoints (NORMAL) commits without that wait; a crash of
    # the hub loses nothing committed, a power cut at most the last commits (sessions).
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _hub_database_without_disk_waits(connection, _record):
        if type(connection).__module__.startswith("sqlite3"):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    c.JupyterHub.cookie_secret_file = str(S.state_dir / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.pid_file = str(S.state_dir / "proxy.pid")
    # Stopping the hub stops the learners' servers too (their files stay; nothing runs on
    # unattended). Sign-ins, homes and the class folder are all kept for the next start.
    c.JupyterHub.cleanup_servers = True
    # [issue 20] No periodic "is the service up" check: JupyterHub's check reads each
    # service's address while its shutdown deletes them, and a check falling inside a stop
    # printed "'NoneType' object has no attribute 'proto'". The check only logs; the hub
    # still restarts a service that exits.
    c.JupyterHub.service_check_interval = 0
    # [red team S2] A learner who ends her own server leaves its children running: JupyterHub
    # stops only a server it finds running (the spawner's poll ends them once it sees the
    # server gone). The hub ends every process of its accounts as it starts (after a hub that
    # died) and once it has stopped (make hub's Ctrl-C): nothing of a learner outlives it,
    # and no learner process holds the hub's, the dashboard's or the grading service's port.
    if os.geteuid() == 0:
        accounts.end_hub_processes(HUB_ID)
        _stop_servers = JupyterHub.cleanup

        async def _stop_servers_then_every_learner_process(self):
            try:
                return await _stop_servers(self)
            finally:
                await asyncio.get_running_loop().run_in_executor(
                    None, accounts.end_hub_processes, HUB_ID
                )

        JupyterHub.cleanup = _stop_servers_then_every_learner_process

# The class folder's skeleton and its mode file (practice until the instructor changes it).
# [issue 20] Refused when another account could change the folder (planted links).
try:
    class_folder.prepare(S.class_dir)
except class_folder.SharedClassFolder as shared:
    sys.exit(f"make hub: {shared}")

if not ON_KUBERNETES and S.class_list and LEARNER_PYTHON:
    ROOM_NAMES = sorted(set(c.Authenticator.allowed_users) - set(INSTRUCTORS))
    LEARNER_WHERE = dict(
        hub=HUB_ID,
        homes_dir=S.homes_dir,
        class_dir=S.class_dir,
        course_dir=S.course_dir,
        ui=S.ui,
        python=LEARNER_PYTHON,
    )
    # [issue 22] ... and each learner's server is started as soon as they are ready
    # (CPT97530_PRESTART, on by default): a sign-in then opens lesson 1 at once instead of
    # waiting for a server to start. The hub's own token for this, known to this process only.
    PRESTART_TOKEN = secrets.token_hex(32)
    # Once the hub is stopping (Ctrl-C), the room's preparation starts nothing more: a server
    # started then was stopped half-way and its request failed loudly. JupyterHub has no
    # shutdown hook, so its cleanup is wrapped to say so first.
    HUB_STOPPING = threading.Event()
    # A start asked for just before a Ctrl-C is let finish before the hub stops: cut off, its
    # request ended in a logged "500" (caught by tests/hub/test_hub_stops_cleanly.py in CI).
    NO_START_ASKED = threading.Event()
    NO_START_ASKED.set()
    _hub_cleanup = JupyterHub.cleanup

    async def _cleanup(self):
        HUB_STOPPING.set()
        await asyncio.get_running_loop().run_in_executor(None, NO_START_ASKED.wait, 30)
        return await _hub_cleanup(self)

    JupyterHub.cleanup = _cleanup

    def _start_ahead(name: str) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{S.hub_api_port}/hub/api/users/{name}/server",
            method="POST",
            data=json.dumps({spawner.PRESTART: True}).encode(),
            headers={"Authorization": f"token {PRESTART_TOKEN}"},
        )
        for _ in range(600):  # the hub's API may not be up yet
            NO_START_ASKED.clear()  # before the check: a stop that follows waits for us
            try:
                if HUB_STOPPING.is_set():
                    return
                urllib.request.urlopen(request, timeout=60).close()
                return
            except urllib.error.HTTPError:  # already running or starting: signed in first
                return
            except OSError:
                pass
            finally:
                NO_START_ASKED.set()
            time.sleep(0.5)

    # [issue 25] The room is made ready before it arrives: accounts, homes and course copies
    # of the class list, in a background thread of the hub (the hub answers meanwhile; a
    # learner signing in first is simply made ready by their own sign-in).
    def _prepare_room():
        failed = spawner.prepare_room(
            ROOM_NAMES,
            then=_start_ahead if S.prestart else None,
            stop=HUB_STOPPING,
            **LEARNER_WHERE,
        )
        for name, why in failed.items():
            print(f"room preparation: {name}: {why}", file=sys.stderr)

    threading.Thread(target=_prepare_room, name="prepare-room", daemon=True).start()

    # A sign-in marks the learner "signed in" on the dashboard here (their server may have
    # been started ahead of them, so no server start marks it).
    async def _signed_in(authenticator, handler, authentication):
        if authentication and authentication.get("name") in ROOM_NAMES:
            await asyncio.get_running_loop().run_in_executor(
                spawner.PREPARING,
                partial(spawner.mark_signed_in, name=authentication["name"], **LEARNER_WHERE),
            )
        return authentication

    c.Authenticator.post_auth_hook = _signed_in

# ---------------------------------------------------------------- services
# The class dashboard (instructors only) and the idle culler run as hub services: the hub
# starts them, restarts them if they stop, and stops them with the hub.
EARLIER_SERVICES = (
    list(c.JupyterHub.services) if "services" in c.JupyterHub else []
)  # e.g. the chart's culler
c.JupyterHub.services = [
    *[s for s in EARLIER_SERVICES if s.get("name") != DASHBOARD],
    {
        "name": DASHBOARD,
        # CPT97530_DASHBOARD_PORT (default 8181; on Kubernetes values.yaml opens this port).
        # [issue 20] On one machine instructors open the dashboard on its OWN origin
        # (CPT97530_DASHBOARD_URL, default http://HUB_IP:8181), never the hub's: learners'
        # servers share the hub's origin, and a page a learner made must not be able to read
        # or drive the dashboard. Reached through the hub's address, it redirects there.
        "url": f"http://{'hub' if ON_KUBERNETES else S.ip}:{S.dashboard_port}",
        "command": [sys.executable, "-m", "toolkit.classroom.dashboard"],
        "environment": {
            "CPT97530_CLASS_DIR": CLASS_DIR,
            "CPT97530_CLASS_LIST": str(S.class_list or ""),
            "CPT97530_INSTRUCTORS": ",".join(INSTRUCTORS),  # not rows in the class table
            "CPT97530_DASHBOARD_BIND": "0.0.0.0" if ON_KUBERNETES else S.ip,
            # Its own origin, and the hub's (where its sign-in sends instructors).
            "CPT97530_DASHBOARD_URL": "" if ON_KUBERNETES else S.dashboard_url,
            "JUPYTERHUB_HOST": "" if ON_KUBERNETES else f"http://{public_host()}:{S.port}",
        },
        **(
            {}
            if ON_KUBERNETES
            else {"oauth_redirect_uri": f"{S.dashboard_url}/services/{DASHBOARD}/oauth_callback"}
        ),
        "oauth_no_confirm": True,  # instructors are not asked "allow access?" every time
        "display": True,  # shown in the hub's Services menu (learners get 403)
    },
]
if not ON_KUBERNETES:
    # Servers idle for CPT97530_IDLE_SECONDS are stopped (their files stay); on Kubernetes
    # the chart's own culler (cull: in values.yaml) runs this same package.
    c.JupyterHub.services.append(
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={S.idle_seconds}",
                f"--cull-every={S.cull_every}",
            ],
        }
    )


# Where a sign-in lands (issue 22): an instructor on the class dashboard (it links to their
# own course), a learner in their own server as before ("" = JupyterHub's default). A
# ?next= address, e.g. a learner's link to a lesson, still wins.
def landing_url(handler) -> str:
    user = handler.current_user
    if user is not None and user.name in INSTRUCTORS:
        return f"{handler.base_url}services/{DASHBOARD}/"
    return ""


c.JupyterHub.default_url = landing_url

EARLIER_ROLES = list(c.JupyterHub.load_roles) if "load_roles" in c.JupyterHub else []  # the chart's
c.JupyterHub.load_roles = [
    *EARLIER_ROLES,
    # Instructors may open the dashboard; learners have no such scope and get 403.
    {
        "name": "class-instructor",
        "description": "sees the class dashboard, starts and stops learners' servers",
        "scopes": [
            f"access:services!service={DASHBOARD}",
            "admin-ui",  # the hub's Admin page: the room's users and servers
            "admin:users",  # delete a user there (a forgotten password; files stay)
            "servers",  # start and stop a learner's server
            *(["access:servers"] if S.instructors_open_servers else []),
        ],
        "users": INSTRUCTORS,
    },
]
if not ON_KUBERNETES:
    # The culler's permissions, nothing more (from jupyterhub-idle-culler's README).
    c.JupyterHub.load_roles.append(
        {
            "name": "idle-culler",
            "description": "stops idle servers",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    )

# ================================================================ grading service (issue 19)
# One block: the service that owns the exercise bank, the clock and the class records.
# Learners' servers send answers to it with their own hub token (scope: this service
# only); it names the learner from the token, grades, stamps and stores the attempt, then
# answers. The dashboard reads the same records. See toolkit/classroom/grading_service/.
from toolkit.classroom.grading_service import setup as grading  # noqa: E402
from toolkit.course.exercises.records import RecordsError  # noqa: E402
from toolkit.settings import checkout, solutions_dir  # noqa: E402
from toolkit.settings import value as setting  # noqa: E402

GRADING = grading.SERVICE
GRADING_DIR = S.state_dir / "grading"  # the service's own folder (700, its account's)
BANK_SOURCE = solutions_dir()
if BANK_SOURCE is None:
    sys.exit("make hub: the exercise bank (solutions/, or CPT97530_SOLUTIONS) is needed to grade")
S.state_dir.mkdir(parents=True, exist_ok=True)
if ON_KUBERNETES:  # the hub pod's own account runs it; learners' pods never hold the bank
    GRADER, GRADER_PYTHON = None, sys.executable
    GRADING_DIR.mkdir(parents=True, exist_ok=True)
    BANK = grading.private_bank(BANK_SOURCE, GRADING_DIR / "bank", None)
else:
    try:
        GRADER = grading.ensure_account(grading.account_name(), GRADING_DIR)
    except (RuntimeError, OSError) as why:
        sys.exit(f"make hub: {why}")
    grading.private_folder(GRADING_DIR, GRADER)
    BANK = grading.private_bank(BANK_SOURCE, GRADING_DIR / "bank", GRADER)
    grading.close_history(checkout())
    GRADER_PYTHON = LEARNER_PYTHON or sys.executable
GRADING_DB = setting("CPT97530_GRADING_DB") or grading.default_url(GRADING_DIR)
try:
    grading.prepare_records(
        GRADING_DB, hub=grading.hub_id(S.state_dir), bank_folder=BANK, account=GRADER
    )
except RecordsError as why:
    sys.exit(f"make hub: {why}")
GRADING_HOST = "hub" if ON_KUBERNETES else "127.0.0.1"
GRADING_URL = f"http://{GRADING_HOST}:{S.grading_port}"
c.JupyterHub.services.append(
    {
        "name": GRADING,
        "url": GRADING_URL,
        "command": [GRADER_PYTHON, "-m", "toolkit.classroom.grading_service"],
        **({"user": GRADER.pw_name} if GRADER else {}),
        "cwd": str(GRADING_DIR),
        "environment": {
            "CPT97530_CLASS_DIR": CLASS_DIR,
            "CPT97530_SOLUTIONS": str(BANK),
            "CPT97530_GRADING_DB": GRADING_DB,
            "CPT97530_GRADING_HUB_ID": grading.hub_id(S.state_dir),
            "CPT97530_INSTRUCTORS": ",".join(INSTRUCTORS),
            "CPT97530_GRADING_BIND": "0.0.0.0" if ON_KUBERNETES else "127.0.0.1",
            "PYTHONDONTWRITEBYTECODE": "1",
        },
        # No browser page (it would share the hub's origin with learners' servers): exports
        # and a new class are `make hub-export` / `make hub-new-class` on this machine.
        "display": False,
    }
)
# The dashboard reads the service's records (no bank, no learner-written file).
for service in c.JupyterHub.services:
    if service.get("name") == DASHBOARD:
        service["environment"]["CPT97530_GRADING_DB"] = GRADING_DB
# Where a learner's server sends answers: the service itself (on loopback, or the hub's
# Kubernetes service), with the server's own token.
c.Spawner.environment["CPT97530_GRADING_URL"] = f"{GRADING_URL}/services/{GRADING}/"
# [red team S3] ... and only to the service's own account: while the service restarts, a
# learner's process could take its loopback port and collect classmates' tokens.
if GRADER and not ON_KUBERNETES:
    c.Spawner.environment["CPT97530_GRADING_UID"] = str(GRADER.pw_uid)
# Every signed-in user may call the service (its API names the caller from the token),
# and a server's token carries that one extra scope.
GRADING_SCOPE = f"access:services!service={GRADING}"
c.JupyterHub.load_roles.append({"name": "user", "scopes": ["self", GRADING_SCOPE]})
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", GRADING_SCOPE]

if not ON_KUBERNETES and S.class_list and LEARNER_PYTHON and S.prestart:
    # [issue 22] The token that starts learners' servers ahead of them: start and read
    # servers, nothing else.
    c.JupyterHub.services.append({"name": "room-preparation", "api_token": PRESTART_TOKEN})
    c.JupyterHub.load_roles.append(
        {
            "name": "room-preparation",
            "description": "starts the class list's servers ahead of the room",
            "scopes": ["servers", "read:users:name"],
            "services": ["room-preparation"],
        }
    )
