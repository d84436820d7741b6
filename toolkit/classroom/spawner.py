"""Each learner their own server, home and course copy, on one machine.

The hub runs as root (`make hub` refuses otherwise); every learner's server runs as their
own machine account (`accounts.account_name`, namespaced by the hub's id), created at first
start or ahead of time for the class list (`prepare_room`), with a private home (mode 700)
under the hub state folder, in the Python `learner_runtime` picked: one learner's code
cannot read another's files or the hub's secrets. Only with the loud demo override
(CPT97530_UNSAFE_SHARED_ACCOUNT=1) do servers share the hub's account.
On Kubernetes, KubeSpawner does this job (see deploy/).

Root never acts through a path a learner can change: it makes the empty home and hands it
over by descriptor (O_NOFOLLOW, fchown); the course copy is then made by the learner's own
account (`learner_setup`). In the class folder the learner owns nothing (the grading service
keeps the records): root makes their progress folder, its own, with the empty summary that
says they signed in (O_EXCL, O_NOFOLLOW). All of it runs in threads, never on the hub's event
loop, so the login page and the API keep answering while a room signs in. Stopping a server
ends every process of the learner's account (a `setsid` child included); a Ctrl-C on the
hub stops it all without a traceback, and no course copy outlives the hub.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import resource
import subprocess
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Bool, Unicode, default

from toolkit.classroom import accounts, capacity
from toolkit.classroom.learner_runtime import UNSAFE, others_can_run, unsafe_override
from toolkit.classroom.learner_setup import set_up
from toolkit.course import class_folder

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_LEARNER_LOCKS: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
_LOCKS_LOCK = threading.Lock()
_READY: set[str] = set()  # learners made ready since this hub started
# Learners' processes run at a lower priority than the hub: thirty servers starting at once
# on two cores otherwise leave the hub's one thread a thirtieth of the CPU, and the login
# page waits seconds. All learners share the same priority, so the room stays fair.
LEARNER_NICENESS = 10
# Processes and threads one learner's account may run at once: a server and a few kernels
# use well under 100 (numeric libraries start a thread per core).
LEARNER_PROCESSES = 512
# Its own threads: a room's preparations never wait behind, nor hold up, other work of the
# hub's default pool (password checks have their own too).
# [issue 20] A learner's course copy is the hub's child in its own session (a Ctrl-C at the
# hub's terminal reaches the hub only, which then stops everything in order) and ends when
# the hub ends (setpriv: the kernel kills it if the hub's process goes), so none outlives it.
# The start options of a server the hub starts ahead of its learner (deploy/jupyterhub_config.py).
PRESTART = "cpt97530_prestart"
OWN_OF_THE_HUB = ["/usr/bin/setpriv", "--pdeathsig", "KILL", "--"]
PREPARING = ThreadPoolExecutor(
    max_workers=2 * (os.cpu_count() or 2),
    thread_name_prefix="sign-in",
    initializer=capacity.behind_the_hub_loop,
)


def _learner_lock(name: str) -> threading.Lock:
    with _LOCKS_LOCK:  # a sign-in and the room's preparation never prepare one learner at once
        return _LEARNER_LOCKS[name]


class SetupFailed(RuntimeError):
    """The learner's course copy could not be made."""


def private_home(homes_dir: Path, name: str, uid: int, gid: int) -> Path:
    """`homes_dir/name`, made if missing and given to the account by descriptor (mode 700).
    `homes_dir` is the hub's (0711): no learner can plant anything in it."""
    fd_parent = os.open(homes_dir, _DIR)
    try:
        try:
            os.mkdir(name, 0o700, dir_fd=fd_parent)
        except FileExistsError:
            pass
        fd = os.open(name, _DIR, dir_fd=fd_parent)
        try:
            os.fchown(fd, uid, gid)
            os.fchmod(fd, 0o700)
        finally:
            os.close(fd)
    finally:
        os.close(fd_parent)
    return Path(homes_dir) / name


def make_ready(
    *,
    hub: str,
    name: str,
    homes_dir: Path,
    class_dir: Path,
    course_dir: Path,
    ui: str,
    python: str,
    separate: bool = True,
) -> pwd.struct_passwd | None:
    """Account, home, class folder place and course copy for learner `name`, once per hub run
    (blocking: run it in a thread; the room's preparation and a sign-in may both ask)."""
    home = Path(homes_dir) / name
    with _learner_lock(name):
        if name in _READY and separate:
            return pwd.getpwnam(accounts.account_name(hub, name))
        if not separate:
            home.mkdir(parents=True, exist_ok=True)
            class_folder.prepare_learner(class_dir, learner=name)
            set_up(home, course_dir, ui)
            return None
        account = accounts.ensure_account(hub, name, home)
        uid, gid = account.pw_uid, account.pw_gid
        private_home(Path(homes_dir), name, uid, gid)
        class_folder.prepare_hub_learner(class_dir, learner=name)  # nothing theirs to write
        done = subprocess.run(
            [*OWN_OF_THE_HUB, "/usr/bin/nice", "-n", str(LEARNER_NICENESS), python]
            + ["-m", "toolkit.classroom.learner_setup"]
            + [str(home), str(course_dir), "--ui", ui],
            start_new_session=True,  # a Ctrl-C at the hub's terminal is the hub's to handle
            user=uid,
            group=gid,
            extra_groups=[],
            cwd=home,
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": str(home),
                "LANG": "C.UTF-8",
                "PYTHONDONTWRITEBYTECODE": "1",
            },
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or ["failed"])[-1]
            raise SetupFailed(f"could not prepare {name}'s course copy: {why}")
        _READY.add(name)
        return account


def sign_in(*, signed_in: bool = True, **where) -> pwd.struct_passwd | None:
    """What a server start needs: the learner made ready (once per hub run; the room's
    preparation may have done it already), then marked as signed in for the dashboard
    (not for a server the hub starts ahead of the learner: `signed_in=False`)."""
    name = where["name"]
    account = make_ready(**where)
    if account is not None:
        with _learner_lock(name):  # none should be left; a hub that died leaves them
            accounts.end_processes(account.pw_uid)
    if signed_in:
        class_folder.mark_signed_in(where["class_dir"], learner=name)
    return account


def mark_signed_in(**where) -> None:
    """The dashboard's "signed in" for a learner (a sign-in whose server the hub started
    ahead of it marks it here, from the hub's sign-in hook). The summary is root's: the
    learner's server records through the grading service and writes nothing in the class
    folder. The learner is made ready first (once per hub run) so their folder is there."""
    make_ready(**where)
    class_folder.mark_signed_in(where["class_dir"], learner=where["name"])


def prepare_room(names, then=None, stop: threading.Event | None = None, **where) -> dict[str, str]:
    """Make every learner of the class list ready ahead of the room (blocking; the hub runs it
    in a background thread at start-up), calling `then(name)` after each (the hub starts
    their server), until `stop` is set (the hub is stopping). {name: why} for those that
    failed."""
    failed = {}
    for name in names:
        if stop is not None and stop.is_set():
            break
        try:
            make_ready(name=name, **where)
            if then is not None:
                then(name)
        except (OSError, subprocess.SubprocessError, SetupFailed) as error:
            failed[name] = str(error)
    return failed


class ClassroomSpawner(LocalProcessSpawner):
    homes_dir = Unicode(
        config=True, help="Folder holding one home per learner (kept across restarts)."
    )
    class_dir = Unicode(config=True, help="The class folder shared with the dashboard.")
    course_dir = Unicode(config=True, help="Folder holding notebooks/ and exercises/ to copy.")
    ui = Unicode("lab", config=True, help="lab or voila: what a learner's course copy is made for.")
    hub_id = Unicode(config=True, help="This hub's id, part of every account name it makes.")
    separate_accounts = Bool(config=True, help="One machine account per learner (needs root).")

    @default("separate_accounts")
    def _root(self):
        separate = os.geteuid() == 0 and others_can_run(self.cmd[0])
        if separate:
            self.log.info("learners' servers run as one machine account each, in %s", self.cmd[0])
        else:
            self.log.warning(
                "UNSAFE (%s=1): learners' servers run as the hub's own account; a learner's "
                "code can read the hub's secrets and every learner's files. Demo only.",
                UNSAFE,
            )
        return separate

    @property
    def home(self) -> Path:
        return Path(self.homes_dir) / self.user.name

    def _account(self) -> pwd.struct_passwd | None:
        if not self.separate_accounts:
            return None
        return pwd.getpwnam(accounts.account_name(self.hub_id, self.user.name))

    def make_preexec_fn(self, name):
        account = self._account()
        if account is None:
            home = str(self.home)
            return lambda: os.chdir(home)
        # Not into the account's home field: that is the homes folder (no name in
        # /etc/passwd); the server starts in the learner's own home, as the learner.
        become_learner = set_user_setuid(account.pw_name, chdir=False)
        home = str(self.home)

        def preexec():
            os.nice(LEARNER_NICENESS)  # kernels inherit it: the hub answers first
            # [red team S7] A fork bomb stops at the learner's own limit, not the machine's.
            resource.setrlimit(resource.RLIMIT_NPROC, (LEARNER_PROCESSES, LEARNER_PROCESSES))
            become_learner()
            os.chdir(home)

        return preexec

    def user_env(self, env):
        env["USER"] = self.user.name
        env["HOME"] = str(self.home)
        env["SHELL"] = "/bin/bash"
        env["CPT97530_HOME"] = str(self.home / ".cpt97530")  # the learner's own progress
        # Their course copy: "Start a lesson afresh" restores here.
        env["CPT97530_COURSE"] = str(self.home)
        return env

    def get_args(self):
        # Jupyter refuses to run as root unless told; only the shared-account mode does.
        extra = ["--allow-root"] if os.geteuid() == 0 and not self.separate_accounts else []
        return super().get_args() + extra

    async def start(self):
        """Before the server starts: home and course copy, owned by the learner, and the
        class folder's signed-in mark, root's (in a thread: the hub's event loop keeps
        answering meanwhile)."""
        if not self.separate_accounts and not unsafe_override():
            # never root, never the hub's account
            raise RuntimeError(
                f"refusing to start {self.user.name}'s server as the hub's own account "
                f"(see the hub log; {UNSAFE}=1 only for a one-person demo)"
            )
        await asyncio.get_running_loop().run_in_executor(
            PREPARING,
            partial(
                sign_in,
                hub=self.hub_id,
                name=self.user.name,
                homes_dir=Path(self.homes_dir),
                class_dir=Path(self.class_dir),
                course_dir=Path(self.course_dir),
                ui=self.ui,
                python=self.cmd[0],
                separate=self.separate_accounts,
                # [issue 22] started by the hub ahead of the learner: not a sign-in yet
                signed_in=not (self.user_options or {}).get(PRESTART),
            ),
        )
        url = await super().start()
        await self._answering(timeout=self.http_timeout)
        return url

    async def _answering(self, timeout: float) -> None:
        """[issue 22, 25] Return as soon as the new server listens (looked at every 0.1 s).
        JupyterHub then finds it up on its first look; its own wait looks at 0.2, 0.4, 0.8 s
        ... up to every 5 s, and found a server up 2-5 s late (a learner's sign-in waited
        that long, and a room's start-ups each that much). Gives up quietly: JupyterHub's
        own wait then says what is wrong."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline and self.proc is not None and self.proc.poll() is None:
            try:
                _, writer = await asyncio.open_connection(self.ip or "127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            writer.close()
            return

    async def poll(self):
        """[red team S2] A server found ended (say its learner killed it from her kernel)
        takes the account's other processes with it: JupyterHub calls `stop` only for a
        server it finds running, so a `setsid` child would otherwise live on."""
        was_running = bool(self.pid) and not self._spawn_pending
        status = await super().poll()
        if status is not None and was_running and self.separate_accounts:
            await self._end_account_processes()
        return status

    async def _end_account_processes(self) -> None:
        try:
            account = self._account()
        except KeyError:
            return
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(PREPARING, accounts.end_processes, account.pw_uid)
        await loop.run_in_executor(PREPARING, accounts.clear_shared_temp, account.pw_uid)

    async def stop(self, now=False):
        """The server, then every other process of the learner's account.

        [issue 20] SIGTERM first, never JupyterHub's SIGINT: a server still starting (a Ctrl-C
        while the room signs in) dies of SIGINT with a KeyboardInterrupt traceback on the
        hub's terminal; SIGTERM ends it silently, and a running server stops as cleanly."""
        await super().stop(now=True)
        if self.separate_accounts:
            await self._end_account_processes()
