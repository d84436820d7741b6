"""Sign-in for a classroom: FirstUseAuthenticator with the course's learner names.

A learner picks a name and a password at first sign-in; the name is then theirs (the
password is stored hashed in the hub state folder). Every name is folded by
`names.hub_name`, so "Dana Lee" and "dana lee" (or a look-alike spelling) are one user.

- A password is stored only for a name that may sign up: on the class list (when there is
  one), never an instructor's. A refused name leaves nothing behind that could later open it.
- Instructor names are never open to first use: they are admins, so whoever signed in first
  would run the class. Their password is set in advance (`make hub-instructor`,
  toolkit.classroom.passwords), which marks it as set in advance; a password stored any
  other way (a learner's first use of that name before it became an instructor's) does not
  open an instructor's name.
- Guessing is limited: after `max_failures` wrong passwords for one name, or
  `max_failures_per_address` from one client address, sign-ins there are refused for
  `lockout_seconds` with a plain message; the right password works again after the wait.
- Password hashing (bcrypt, a quarter second each) runs in a thread, never on the hub's
  event loop: a room signing in at once does not freeze the login page.
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import threading
import time
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor

import bcrypt
from firstuseauthenticator import FirstUseAuthenticator
from traitlets import Integer, Set

from toolkit.classroom import capacity, passwords
from toolkit.classroom.names import hub_name, is_valid_hub_name

NOT_SET = (
    "This is an instructor's name: its password is set in advance on the hub machine "
    "(make hub-instructor NAME=...), not at first sign-in. Ask whoever runs the hub."
)
TOO_MANY = (
    "Too many wrong passwords: signing in here is paused for {seconds} seconds. Wait, then "
    "try again with the right password (or ask your instructor to reset it)."
)


# Password checks have their own threads: a room's sign-ins never queue behind the
# preparation of learners' servers (toolkit.classroom.spawner has its own pool too).
_CHECKING = ThreadPoolExecutor(
    max_workers=4, thread_name_prefix="password", initializer=capacity.behind_the_hub_loop
)


def client_address(request) -> str:
    """The address a sign-in really came from. Tornado (JupyterHub runs it with xheaders)
    takes a client's own X-Real-Ip as its address, so a client chose the address its wrong
    passwords counted against [red team S4]. Behind configurable-http-proxy on loopback the
    proxy's entry is the last of X-Forwarded-For (it appends the address it saw); a request
    that did not come through a local proxy is its connection's address."""
    context = getattr(request.connection, "context", None)
    peer = getattr(context, "address", None)
    direct = peer[0] if isinstance(peer, tuple) and peer else request.remote_ip
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    try:
        through_proxy = ipaddress.ip_address(direct).is_loopback
    except ValueError:
        through_proxy = False
    if through_proxy and forwarded and forwarded[-1]:
        return forwarded[-1]
    return direct


class Guesses:
    """Recent wrong passwords per name and per client address, and the pauses they earn."""

    def __init__(self):
        self._failures: dict[str, deque] = defaultdict(deque)
        self._paused_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, *keys: str) -> float:
        """Seconds still to wait before any of `keys` may try again (0: go ahead)."""
        now = time.monotonic()
        with self._lock:
            return max([self._paused_until.get(k, 0) - now for k in keys] + [0])

    def failed(self, limits: dict[str, int], pause: float) -> None:
        """One wrong password for each key of `limits` ({key: failures allowed})."""
        now = time.monotonic()
        with self._lock:
            for key, limit in limits.items():
                recent = self._failures[key]
                recent.append(now)
                while recent and recent[0] < now - pause * 10:  # older failures are forgotten
                    recent.popleft()
                if len(recent) >= limit:
                    self._paused_until[key] = now + pause
                    recent.clear()

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class ClassroomAuthenticator(FirstUseAuthenticator):
    max_failures = Integer(5, config=True, help="Wrong passwords for one name before a pause.")
    max_failures_per_address = Integer(
        20, config=True, help="Wrong passwords from one client address before a pause."
    )
    lockout_seconds = Integer(60, config=True, help="How long a pause after too many lasts.")
    instructors = Set(config=True, help="Instructors' hub names: set in advance, never first use.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._guesses = Guesses()
        self._db_lock = threading.Lock()  # the password file is one file for every sign-in

    def normalize_username(self, username):
        return hub_name(username)

    def validate_username(self, username):
        return is_valid_hub_name(username) and super().validate_username(username)

    def may_sign_up(self, name: str) -> bool:
        """A name whose first sign-in may store a password: a learner's, on the list if any."""
        if name in self.instructors or name in self.admin_users:
            return False
        return self.allow_all or name in self.allowed_users

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        password = data.get("password", "")
        by_name, by_address = f"name:{name}", f"address:{client_address(handler.request)}"
        wait = self._guesses.wait(by_name, by_address)
        if wait > 0:
            handler.custom_login_error = TOO_MANY.format(seconds=math.ceil(wait))
            self.log.warning("sign-in as %s paused: too many wrong passwords", name)
            return None
        if not self.validate_username(name):
            return None
        signed_in = await asyncio.get_running_loop().run_in_executor(
            _CHECKING, self._check, handler, name, password
        )
        if signed_in is None and not getattr(handler, "custom_login_error", ""):
            self._guesses.failed(
                {by_name: self.max_failures, by_address: self.max_failures_per_address},
                self.lockout_seconds,
            )
        elif signed_in is not None:
            self._guesses.succeeded(by_name)
        return signed_in

    def _check(self, handler, name: str, password: str) -> str | None:
        """The name when `password` is theirs (storing it at a permitted first use); in a
        thread. Refusals that are not a wrong password set the login page's message."""
        with self._db_lock:
            stored = passwords.stored_hash(self.dbm_path, name)
            in_advance = passwords.set_in_advance(self.dbm_path, name)
        if (name in self.instructors or name in self.admin_users) and not in_advance:
            handler.custom_login_error = NOT_SET
            self.log.warning("refused sign-in as instructor %s: no password set in advance", name)
            return None
        if stored is not None:
            return name if bcrypt.checkpw(password.encode("utf-8"), stored) else None
        if not self.may_sign_up(name):
            self.log.warning("refused first sign-in as %s: not on the class list", name)
            return None  # nothing stored: the same answer as a wrong password
        if not self._validate_password(password):
            handler.custom_login_error = (
                f"Password too short! Please choose a password at least "
                f"{self.min_password_length} characters long."
            )
            return None
        hashed = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt())
        with self._db_lock:  # two first sign-ins with one name at once: the first one wins
            if not passwords.store_hash(self.dbm_path, name, hashed, replace=False):
                return None
        return name
