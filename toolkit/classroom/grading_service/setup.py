"""What the hub does for the grading service before it starts it (deploy/jupyterhub_config.py).

On one machine (the hub runs as root): the service's own machine account (`ACCOUNT`, no
password, no login shell, no name in its comment), its private folder in the hub state
(mode 700, the account's), a private copy of the exercise bank there (the only readable
one: the source folder is closed to other accounts, mode 700), and the records database
made and claimed for this hub before any server can send an answer.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import uuid
from pathlib import Path

from toolkit.classroom.accounts import ensure_system_account
from toolkit.course.exercises.bank import load_bank
from toolkit.course.exercises.records import Records, sqlite_url
from toolkit.settings import value

DEFAULT_ACCOUNT = "cpt97530-grader"
SERVICE = "cpt97530-grading"


def account_name() -> str:
    """The service's machine account (CPT97530_GRADING_ACCOUNT, default cpt97530-grader)."""
    return value("CPT97530_GRADING_ACCOUNT") or DEFAULT_ACCOUNT


def ensure_account(name: str, home: Path) -> pwd.struct_passwd:
    """The service's account, created once by `accounts` (a system account: no password, no
    shell, no name, a group of its own).

    Raises:
        RuntimeError: it would be root, or it cannot be created.
    """
    try:
        found = ensure_system_account(name, home, own_group=True)
    except subprocess.CalledProcessError as failed:
        raise RuntimeError(
            f"cannot create the grading service's account {name}: {(failed.stderr or '').strip()}"
        ) from None
    if found.pw_uid == 0:
        raise RuntimeError(f"the grading service's account {name} is root; choose another")
    return found


def private_folder(folder: Path, account: pwd.struct_passwd) -> Path:
    """A folder only the account can enter (700); the hub (root) still can."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chown(folder, account.pw_uid, account.pw_gid)
    os.chmod(folder, 0o700)
    return folder


def private_bank(source: Path, folder: Path, account: pwd.struct_passwd | None) -> Path:
    """A fresh copy of the exercise bank's files in `folder` (the service's, 700/600), and the
    source folder closed to other accounts (700), so no learner's account can read a key."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    for path in sorted(Path(source).glob("*.toml")):
        copy = folder / path.name
        shutil.copyfile(path, copy)
        os.chmod(copy, 0o600)
        if account is not None:
            os.chown(copy, account.pw_uid, account.pw_gid)
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
    try:
        os.chmod(source, 0o700)
    except PermissionError:  # not ours to close (a hub image's bank, no learner in that pod)
        pass
    return folder


KEY_HOLDERS = (".git", "build")  # the history of solutions/; `make lite`'s practice keys


def close_history(checkout: Path | None) -> None:
    """Folders of the checkout that hold keys are closed to other accounts (700; the owner
    keeps them): `.git` (every version of solutions/) and `build/` (a `make lite` site's
    wheel carries the practice keys). A worktree's shared history lives in the main clone,
    which its owner must close the same way (the README says so)."""
    if checkout is None:
        return
    for name in KEY_HOLDERS:
        folder = Path(checkout) / name
        if folder.is_dir() and not folder.is_symlink():
            try:
                os.chmod(folder, 0o700)
            except PermissionError:
                pass


def hub_id(state_dir: Path) -> str:
    """This hub's id, made once and kept in its state folder (the hub's alone, 600)."""
    path = Path(state_dir) / "grading-hub-id"
    if not path.is_file():
        path.write_text(uuid.uuid4().hex + "\n", encoding="ascii")
    os.chmod(path, 0o600)
    return path.read_text(encoding="ascii").strip()


def prepare_records(
    url: str, *, hub: str, bank_folder: Path, account: pwd.struct_passwd | None
) -> None:
    """Make (once) and claim the records database before the service or dashboard opens it;
    a SQLite file is then the service account's (600).

    Raises:
        RecordsError: the database is another hub's, newer, or cannot be reached.
    """
    records = Records(url)
    try:
        bank = load_bank(bank_folder)
        records.prepare(hub_id=hub, exercises={ex_id: ex.title for ex_id, ex in bank.items()})
    finally:
        records.close()
    if url.startswith("sqlite:///") and account is not None:
        path = Path(url.split("///", 1)[1])
        os.chown(path, account.pw_uid, account.pw_gid)
        os.chmod(path, 0o600)


def default_url(folder: Path) -> str:
    return sqlite_url(Path(folder) / "records.sqlite")
