"""The standard input, output and error of a command: which are closed (`cmd >&-`, `<&-`).

Why it matters: a program started with one of them closed finds that descriptor (0, 1 or 2)
free, so the next file it opens takes it, and whatever goes to "the output" would land in
that file (a report, a password database). Each closed one is pointed at /dev/null at once,
and the command is told which were closed, to say so in one line and stop.
"""

from __future__ import annotations

import os
import sys

NAMES = {0: "standard input", 1: "standard output", 2: "standard error"}
EXIT_CLOSED_STREAM = 2  # as bad input: the command was started in a way it cannot work


def reopen_closed_streams() -> list[str]:
    """Point every closed standard stream at /dev/null (sys.stdin/stdout/stderr too, which
    Python leaves as None); the names of those that were closed.

    Raises:
        Nothing: /dev/null always opens."""
    closed = []
    for fd, name in NAMES.items():
        try:
            os.fstat(fd)
            continue
        except OSError:
            closed.append(name)
        null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    for attribute, fd in (("stdin", 0), ("stdout", 1), ("stderr", 2)):
        if getattr(sys, attribute) is None:
            setattr(sys, attribute, open(fd, "r" if fd == 0 else "w", closefd=False))
    return closed


def silence_stdout() -> None:
    """After the output failed (a full disk, a reader gone), send the rest to /dev/null, so
    that Python's last flush at exit adds no second message.

    Raises:
        Nothing."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(null)


class OutputStreamError(OSError):
    """The standard output cannot be written (a full disk, an I/O error); not a closed pipe,
    which stays a BrokenPipeError (the reader left: not an error)."""


class GuardedOutput:
    """The standard output, its failures told apart from any other file's: writing or
    flushing it raises OutputStreamError. Use as `with GuardedOutput():`.

    Raises:
        OutputStreamError: inside the block, when the standard output cannot be written."""

    def __init__(self) -> None:
        self._stream = None

    def __enter__(self) -> GuardedOutput:
        self._stream, sys.stdout = sys.stdout, self
        return self

    def __exit__(self, *_exc) -> bool:
        sys.stdout = self._stream
        return False

    def _call(self, method, *args):
        try:
            return getattr(self._stream, method)(*args)
        except BrokenPipeError:
            raise
        except OSError as problem:
            raise OutputStreamError(problem.errno, problem.strerror) from None

    def write(self, text):
        return self._call("write", text)

    def flush(self):
        return self._call("flush")

    def __getattr__(self, name):  # fileno, isatty, encoding...: the stream's own
        return getattr(self._stream, name)
