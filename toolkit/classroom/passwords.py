"""Set a hub password in advance: instructors before the first start, or a learner who forgot.

    make hub-instructor NAME="Ina Teach"          (asks for the password twice)
    python -m toolkit.classroom.passwords "Ina Teach" < file-with-the-password

Writes the same bcrypt hash FirstUseAuthenticator keeps in the hub state folder
(`passwords.dbm`, mode 0600), under the folded hub name. Setting it again replaces the
old password, which is how an educator frees a name someone else took or resets a
learner's forgotten password. A password set here is marked "set in advance": only such a
password opens an instructor's name (toolkit.classroom.authenticator). Stop the hub first
(its sign-in also writes this file).
Exit status 0 when set; 2 for a refused name or password, a state folder it cannot write, or
a standard input or output that is closed (`<&-`, `>&-`): one line, nothing changed.
"""

from __future__ import annotations

import argparse
import dbm
import getpass
import sys
from pathlib import Path

import bcrypt

from toolkit.classroom.names import hub_name, is_valid_hub_name
from toolkit.classroom.settings import hub_settings
from toolkit.errors import BillingInputError
from toolkit.files.std_streams import EXIT_CLOSED_STREAM, reopen_closed_streams

MIN_LENGTH = 7  # FirstUseAuthenticator's own minimum


# Names whose password was set here, in a file of their own beside the passwords
# (FirstUseAuthenticator folds every key of its own file as a name).
IN_ADVANCE = "set-in-advance.dbm"


def _in_advance_path(dbm_path: str | Path) -> str:
    return str(Path(dbm_path).with_name(IN_ADVANCE))


def has_password(dbm_path: str | Path, name: str) -> bool:
    return stored_hash(dbm_path, name) is not None


def stored_hash(dbm_path: str | Path, name: str) -> bytes | None:
    with dbm.open(str(dbm_path), "c", 0o600) as db:
        return db.get(name.encode("utf-8"))


def set_in_advance(dbm_path: str | Path, name: str) -> bool:
    """True when `name`'s password was set with this command (only such a password opens
    an instructor's name; one a learner chose at first use never does)."""
    with dbm.open(_in_advance_path(dbm_path), "c", 0o600) as db:
        return db.get(name.encode("utf-8")) is not None


def store_hash(dbm_path: str | Path, name: str, hashed: bytes, *, replace: bool) -> bool:
    """Store a bcrypt hash for `name`; False (nothing changed) when one is there and not
    `replace`."""
    with dbm.open(str(dbm_path), "c", 0o600) as db:
        if not replace and db.get(name.encode("utf-8")) is not None:
            return False
        db[name.encode("utf-8")] = hashed
    return True


def set_password(dbm_path: str | Path, typed_name: str, password: str) -> str:
    """Store `password` for the hub name of `typed_name`; that hub name."""
    name = hub_name(typed_name)
    if not is_valid_hub_name(name):
        raise BillingInputError(
            f"{typed_name!r} is not a usable name (letters or digits, at most 40)"
        )
    if len(password) < MIN_LENGTH:
        raise BillingInputError(f"the password must have at least {MIN_LENGTH} characters")
    Path(dbm_path).parent.mkdir(parents=True, exist_ok=True)
    with dbm.open(str(dbm_path), "c", 0o600) as db:
        db[name.encode("utf-8")] = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt())
    with dbm.open(_in_advance_path(dbm_path), "c", 0o600) as db:
        db[name.encode("utf-8")] = b"1"
    return name


def _read_password(stdin_closed: bool = False) -> str:
    if stdin_closed:
        raise BillingInputError(
            "the standard input is closed (<&-): nothing to read the password from; run it"
            " at a terminal to type it, or give it with < FILE"
        )
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Same password again: ") != first:
        raise BillingInputError("the two passwords differ; nothing was changed")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="set a classroom hub password in advance")
    parser.add_argument("name", help="the name as typed at sign-in (folded like every hub name)")
    closed = reopen_closed_streams()  # before any file is opened: none may take fd 0 or 1
    args = parser.parse_args(argv)
    if "standard output" in closed:
        print(
            "hub password: the standard output is closed (>&-); nothing was changed",
            file=sys.stderr,
        )
        return EXIT_CLOSED_STREAM
    try:
        path = hub_settings().state_dir / "passwords.dbm"
        name = set_password(path, args.name, _read_password("standard input" in closed))
    except (BillingInputError, OSError) as error:
        print(f"hub password: {error}", file=sys.stderr)
        return 2
    print(f"Password set for {name} (in {path}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
