"""Machine accounts on one machine (root hubs only): learners' (made, emptied of processes,
removed) and the hub services' own (`ensure_system_account`, used by the grading service).

Each hub has its own id (a random word kept in its state folder, `hub-id`) and every account
it makes is `cpt<hub id>-<hash of the learner's name>`: two hubs on one machine never share
an account, so "dana" on one hub never runs as, or reads the home of, "dana" on the other.
An account carries no learner name anywhere in the system files (empty comment field).

Ending a learner's processes is done by the account itself: a tiny `kill -KILL -1` run as
that uid signals every process of that account and nothing else, also a `setsid` child
that left the server's process group, without a list of pids a fork could outrun.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import secrets
import subprocess
import threading
import time
from pathlib import Path

PREFIX = "cpt"
HUB_ID_FILE = "hub-id"
_USERADD = threading.Lock()  # useradd/userdel lock /etc/passwd; one at a time from this process


def hub_id(state_dir: Path) -> str:
    """This hub's id (8 hex digits), made once and kept in the state folder."""
    path = Path(state_dir) / HUB_ID_FILE
    try:
        found = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        found = ""
    if len(found) == 8 and all(c in "0123456789abcdef" for c in found):
        return found
    made = secrets.token_hex(4)
    path.write_text(made + "\n", encoding="ascii")
    os.chmod(path, 0o644)
    return made


def account_prefix(hub: str) -> str:
    return f"{PREFIX}{hub}-"


def account_name(hub: str, name: str) -> str:
    """The account of learner `name` on hub `hub` (at most 32 ASCII characters, as useradd
    requires, whatever letters the hub name has)."""
    return account_prefix(hub) + hashlib.sha256(f"{hub}\0{name}".encode()).hexdigest()[:12]


def ensure_account(hub: str, name: str, home: Path) -> pwd.struct_passwd:
    """The learner's machine account (created once, no password, no login shell, no name).
    Its home field is the homes folder, not `home`: /etc/passwd is world-readable and the
    home's path holds the learner's name [red team S6]. Their server is given HOME itself."""
    return ensure_system_account(account_name(hub, name), Path(home).parent)


def ensure_system_account(system: str, home: Path, *, own_group: bool = False) -> pwd.struct_passwd:
    """A system account `system` (created once: no password, no login shell, an empty
    comment, `home` not made), for a learner or a hub service (`own_group`: a group of its
    own name, which the service's private folders are given to).

    Raises:
        subprocess.CalledProcessError: useradd failed (after retries while /etc/passwd was
            locked by another program).
    """
    with _USERADD:
        try:
            return pwd.getpwnam(system)
        except KeyError:
            pass
        for wait in (0.2, 0.5, 1, 2, 0):  # another program may hold /etc/passwd's lock
            done = subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--home-dir",
                    str(home),
                    "--shell",
                    "/usr/sbin/nologin",
                    "--comment",
                    "",
                    *(["--user-group"] if own_group else []),
                    system,
                ],
                capture_output=True,
                text=True,
                start_new_session=True,  # a Ctrl-C on the hub never cuts /etc/passwd's edit
            )
            if done.returncode == 0 or not wait:
                break
            time.sleep(wait)
        done.check_returncode()
        return pwd.getpwnam(system)


def end_processes(uid: int) -> None:
    """Every process of account `uid` ends (SIGKILL sent by the account itself to all it may
    signal: its own processes). Never for root or the hub's own account."""
    if uid in (0, os.geteuid()):
        raise ValueError("refusing to end the processes of root or of the hub's own account")
    for _ in range(3):  # a process forking at that instant may leave a child: ask again
        subprocess.run(
            ["/bin/kill", "-KILL", "-1"],
            user=uid,
            group=pwd.getpwuid(uid).pw_gid,
            extra_groups=[],
            capture_output=True,
            cwd="/",
            start_new_session=True,
        )
        if not processes_of(uid):
            return
        time.sleep(0.1)


SHARED_TEMP = ("/tmp", "/var/tmp", "/dev/shm")


def clear_shared_temp(uid: int) -> None:
    """What account `uid` left in the machine's shared temporary folders (a file in /dev/shm
    holds memory until removed) is removed, by the account itself: root never walks a path
    a learner made. Never for root or the hub's own account."""
    if uid in (0, os.geteuid()):
        raise ValueError("refusing to clear the files of root or of the hub's own account")
    folders = [folder for folder in SHARED_TEMP if os.path.isdir(folder)]
    subprocess.run(
        ["find", *folders, "-xdev", "-mindepth", "1", "-maxdepth", "1", "-user", str(uid)]
        + ["-exec", "rm", "-rf", "--", "{}", "+"],
        user=uid,
        group=pwd.getpwuid(uid).pw_gid,
        extra_groups=[],
        capture_output=True,
        cwd="/",
        start_new_session=True,
    )


def processes_of(uid: int) -> list[int]:
    """Pids of running processes whose real or effective uid is `uid` (from /proc)."""
    return [pid for pid, uids in _running_processes() if uid in uids]


def _running_processes():
    """(pid, (real uid, effective uid)) of every process not yet ended, from /proc."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith("State:") and line.split()[1] in ("Z", "X"):
                        break  # ended, waiting for its parent to read its status
                    if line.startswith("Uid:"):
                        real, effective = line.split()[1:3]
                        yield int(entry.name), (int(real), int(effective))
                        break
        except OSError:
            continue


def hub_accounts(hub: str) -> list[pwd.struct_passwd]:
    return [entry for entry in pwd.getpwall() if entry.pw_name.startswith(account_prefix(hub))]


def end_hub_processes(hub: str) -> list[str]:
    """Every process of every account hub `hub` made ends; the names of the accounts that
    had any. For the hub's start and stop: a learner who ended her own server left its
    children running, and no server stop reaches those."""
    running = {uid for _, uids in _running_processes() for uid in uids}
    ended = []
    for entry in hub_accounts(hub):
        if entry.pw_uid in running:
            end_processes(entry.pw_uid)
            clear_shared_temp(entry.pw_uid)
            ended.append(entry.pw_name)
    return ended


def remove_accounts(hub: str) -> list[str]:
    """End the processes of every account hub `hub` made and remove those accounts (tests,
    benches and an educator retiring a hub); the names removed. Homes are left to the caller."""
    removed = []
    for entry in hub_accounts(hub):
        end_processes(entry.pw_uid)
        with _USERADD:
            subprocess.run(["userdel", entry.pw_name], capture_output=True)
        removed.append(entry.pw_name)
    return removed
