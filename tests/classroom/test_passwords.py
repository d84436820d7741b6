"""Passwords set in advance (instructors; resets): the hash FirstUseAuthenticator checks."""

import dbm
import subprocess
import sys

import bcrypt
import pytest

from toolkit.classroom.passwords import has_password, set_password
from toolkit.errors import BillingInputError


def test_a_password_set_in_advance_is_the_one_the_hub_checks(tmp_path):
    path = tmp_path / "passwords.dbm"
    assert not has_password(path, "ina-teach")
    assert set_password(path, "  INA   Teach ", "teacher-secret") == "ina-teach"
    assert has_password(path, "ina-teach")
    with dbm.open(str(path), "r") as db:
        stored = db[b"ina-teach"]
    assert bcrypt.checkpw(b"teacher-secret", stored) and not bcrypt.checkpw(b"other-secret", stored)
    set_password(path, "Ina Teach", "a-new-secret")  # a reset replaces it
    with dbm.open(str(path), "r") as db:
        assert bcrypt.checkpw(b"a-new-secret", db[b"ina-teach"])


@pytest.mark.parametrize(
    "name, password, words",
    [("Ina Teach", "short", "at least 7"), ("!!!", "long-enough", "not a usable name")],
)
def test_a_bad_name_or_short_password_is_refused(tmp_path, name, password, words):
    with pytest.raises(BillingInputError, match=words):
        set_password(tmp_path / "passwords.dbm", name, password)


def test_the_command_says_what_is_wrong_in_one_line(tmp_path):
    env = {"CPT97530_HUB_STATE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.classroom.passwords", "Ina Teach"],
        input="short\n",
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "at least 7" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.classroom.passwords", "Ina Teach"],
        input="long-secret\n",
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0 and "ina-teach" in done.stdout
    assert has_password(tmp_path / "passwords.dbm", "ina-teach")


@pytest.mark.parametrize(
    "redirect, words",
    [("<&-", "standard input is closed"), (">&- < /dev/null", "standard output is closed")],
)
def test_a_closed_standard_input_or_output_is_one_line_and_changes_nothing(
    tmp_path, redirect, words
):
    env = {"CPT97530_HUB_STATE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [
            "bash",
            "-c",
            f'"$0" -m toolkit.classroom.passwords "Ina Teach" {redirect}',
            sys.executable,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and words in done.stderr and "Traceback" not in done.stderr
    assert not has_password(tmp_path / "passwords.dbm", "ina-teach")


def test_only_a_password_set_in_advance_opens_an_instructors_name(tmp_path):
    """A learner's first-use password for a name that later becomes an instructor's gives no
    admin rights; `make hub-instructor` marks its passwords (and survives the
    authenticator's own tidying of the password file)."""
    from toolkit.classroom.authenticator import NOT_SET, ClassroomAuthenticator
    from toolkit.classroom.passwords import store_hash

    path = str(tmp_path / "passwords.dbm")
    store_hash(path, "ivo-admin", bcrypt.hashpw(b"learner-pass", bcrypt.gensalt(4)), replace=True)
    set_password(path, "Ina Teach", "teacher-secret-3")
    auth = ClassroomAuthenticator(dbm_path=path, instructors={"ina-teach", "ivo-admin"})

    class Handler:
        custom_login_error = ""

    ivo, ina = Handler(), Handler()
    assert auth._check(ivo, "ivo-admin", "learner-pass") is None
    assert ivo.custom_login_error == NOT_SET
    assert auth._check(ina, "ina-teach", "teacher-secret-3") == "ina-teach"
