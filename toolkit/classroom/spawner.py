"""Each learner their own server, home and course copy, on one machine.

The hub runs as root (`make hub` refuses otherwise); every learner's server runs as their
own machine account (`names.account_name`), created at first start, with a private home
(mode 700) under the hub state folder, in the Python `learner_runtime` picked: one
learner's code cannot read another's files or the hub's secrets. Only with the loud demo
override (CPT97530_UNSAFE_SHARED_ACCOUNT=1) do servers share the hub's account.
On Kubernetes, KubeSpawner does this job (see deploy/).
"""

from __future__ import annotations

import os
import pwd
import subprocess
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Bool, Unicode, default

from toolkit.classroom.learner_runtime import UNSAFE, others_can_run, unsafe_override
from toolkit.classroom.names import account_name
from toolkit.course import class_folder
from toolkit.course.course_copy import prepare_course


def ensure_account(name: str, home: Path) -> pwd.struct_passwd:
    """The learner's machine account (created once, no password, no login shell)."""
    system = account_name(name)
    try:
        return pwd.getpwnam(system)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                str(home),
                "--shell",
                "/usr/sbin/nologin",
                "--comment",
                f"cpt97530 learner {name}"[:60],
                system,
            ],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(system)


class ClassroomSpawner(LocalProcessSpawner):
    homes_dir = Unicode(
        config=True, help="Folder holding one home per learner (kept across restarts)."
    )
    class_dir = Unicode(config=True, help="The class folder shared with the dashboard.")
    course_dir = Unicode(config=True, help="Folder holding notebooks/ and exercises/ to copy.")
    ui = Unicode("lab", config=True, help="lab or voila: what a learner's course copy is made for.")
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

    def _account(self):
        return ensure_account(self.user.name, self.home) if self.separate_accounts else None

    def make_preexec_fn(self, name):
        account = self._account()
        if account is not None:
            return set_user_setuid(account.pw_name)
        home = str(self.home)
        return lambda: os.chdir(home)

    def user_env(self, env):
        env["USER"] = self.user.name
        env["HOME"] = str(self.home)
        env["SHELL"] = "/bin/bash"
        env["CPT97530_HOME"] = str(self.home / ".cpt97530")  # the learner's own progress
        env["CPT97530_COURSE"] = str(
            self.home
        )  # their course copy: "Start a lesson afresh" restores here
        return env

    def get_args(self):
        # Jupyter refuses to run as root unless told; only the shared-account mode does.
        extra = ["--allow-root"] if os.geteuid() == 0 and not self.separate_accounts else []
        return super().get_args() + extra

    async def start(self):
        """Before the server starts: home, course copy and class folders, owned by the learner."""
        if (
            not self.separate_accounts and not unsafe_override()
        ):  # never root, never the hub's account
            raise RuntimeError(
                f"refusing to start {self.user.name}'s server as the hub's own account "
                f"(see the hub log; {UNSAFE}=1 only for a one-person demo)"
            )
        account = self._account()
        home = self.home
        home.mkdir(parents=True, exist_ok=True)
        prepare_course(home, source=Path(self.course_dir), ui=self.ui)
        class_folder.prepare_learner(
            Path(self.class_dir),
            learner=self.user.name,
            uid=account.pw_uid if account else None,
            gid=account.pw_gid if account else None,
        )
        summary = class_folder.summary_path(Path(self.class_dir), self.user.name)
        if (
            not summary.exists()
        ):  # signed in: the dashboard lists them as "not started" until they answer
            class_folder.write_summary(Path(self.class_dir), learner=self.user.name, lessons={})
            if account is not None:
                os.chown(summary, account.pw_uid, account.pw_gid)
        if account is not None:
            for path in [home, *home.rglob("*")]:
                os.lchown(path, account.pw_uid, account.pw_gid)
            os.chmod(home, 0o700)
        return await super().start()
