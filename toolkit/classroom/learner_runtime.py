"""The Python each learner's server runs in, on one machine: never as root, never as the hub.

A learner's code runs with the rights of their server. When the hub runs as root, each
server runs as the learner's own machine account (toolkit.classroom.spawner), which must be
able to run the project's Python. A .venv made from a pyenv under /root cannot: its
`python` points into /root, which other accounts cannot enter. Then a tiny "learner
runtime" is built in the hub state folder: a venv of the system's Python of the same
version (same ABI) whose one .pth file adds the project's site-packages (so the toolkit,
JupyterLab and Voila are the project's own), with share/ and etc/ pointing at the
project's Jupyter data and settings.

Without a usable runtime the hub refuses to start (`RuntimeRefused`): learners' servers
would otherwise run as root or as the hub's own account, and a learner's code could read
the hub's secrets and every other learner's files. CPT97530_UNSAFE_SHARED_ACCOUNT=1 starts
it anyway, for a one-person demo only, and the hub log says so on every start.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

from toolkit.settings import value

UNSAFE = "CPT97530_UNSAFE_SHARED_ACCOUNT"
NOBODY = 65534
# What a learner's server imports; the runtime is usable only if an unprivileged account can.
NEEDED = "import jupyterhub.singleuser, jupyterlab, voila, toolkit.widgets.exercise"


class RuntimeRefused(RuntimeError):
    """The hub cannot run learners' servers as unprivileged accounts."""


def others_can_run(program: str) -> bool:
    """True when an account other than the owner can run `program` (every folder on the way open)."""
    path = Path(program).resolve()
    if not path.exists() or not path.stat().st_mode & stat.S_IXOTH:
        return False
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in path.parents)


def unsafe_override() -> bool:
    return value(UNSAFE) == "1"


def _usable(python: str) -> str:
    """'' when an unprivileged account can start a learner's server with `python`, else why not."""
    try:
        done = subprocess.run(
            [python, "-c", NEEDED],
            user=NOBODY,
            group=NOBODY,
            cwd="/",
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
        )
    except (OSError, subprocess.SubprocessError) as error:
        return str(error)
    return "" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["failed"])[-1]


def _system_python() -> str | None:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("/usr/bin", "/usr/local/bin"):
        candidate = Path(folder) / version
        if candidate.is_file() and others_can_run(str(candidate)):
            return str(candidate)
    return None


def build_runtime(target: Path, python: str) -> str:
    """A venv of `python` at `target` that sees this project's packages; its interpreter path."""
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)  # rebuilt at each start: it follows the project's .venv
    subprocess.run(
        [python, "-m", "venv", "--without-pip", str(target)], check=True, capture_output=True
    )
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site_packages = target / "lib" / version / "site-packages"
    project_site = sysconfig.get_paths()["purelib"]
    (site_packages / "cpt97530-project.pth").write_text(
        f"import site; site.addsitedir({project_site!r})\n", encoding="utf-8"
    )
    for folder in ("share", "etc"):  # JupyterLab's assets and the project's Jupyter settings
        if (Path(sys.prefix) / folder).is_dir():
            (target / folder).symlink_to(Path(sys.prefix) / folder)
    for path in [target, *target.rglob("*")]:
        if not path.is_symlink():
            os.chmod(path, 0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    return str(target / "bin" / "python")


def learner_python(state_dir: Path) -> str | None:
    """The interpreter for learners' servers, or None when they share the hub's account
    (only with the loud demo override). RuntimeRefused says why the hub cannot start."""
    if os.geteuid() != 0:
        if unsafe_override():
            return None
        raise RuntimeRefused(
            "make hub must run as root (e.g. sudo make hub) so each learner's server runs as "
            "the learner's own account; run as an ordinary user, learners' code would run as "
            f"you and could read the hub's secrets. For a one-person demo only: {UNSAFE}=1."
        )
    if others_can_run(sys.executable) and not _usable(sys.executable):
        return sys.executable
    python = _system_python()
    why = f"no system Python {sys.version_info.major}.{sys.version_info.minor} in /usr/bin"
    if python is not None:
        runtime = build_runtime(Path(state_dir) / "runtime", python)
        why = _usable(runtime)
        if not why:
            return runtime
    if unsafe_override():
        return None
    raise RuntimeRefused(
        f"cannot run learners' servers as their own accounts: this Python ({sys.executable}) "
        f"is in a folder other accounts cannot enter, and a learner runtime could not be made "
        f"({why}). Install python{sys.version_info.major}.{sys.version_info.minor} from the system "
        f"packages, or make the project's Python readable by all. For a one-person demo only: {UNSAFE}=1."
    )
