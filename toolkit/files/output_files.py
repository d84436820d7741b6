"""A command's output files: written whole, and only when the whole command succeeded.

A command names each file or folder it will write first (`file`, `folder`): the name is
checked at once, before any slow work, so a folder given where a file is meant, a path
through a file, an input file given as an output or one file named twice is one clear
line. Each output is then written under a temporary name beside its final place
(`write_text`, or a whole folder built by `build`), and leaving the `with` block moves
everything into place. Any error, Ctrl-C included, removes the temporary files and the
folders the command created instead: a failed command leaves nothing behind, and a
reader never sees half a report. Two commands writing the same report at once each
write their own temporary file; the last to finish wins, whole.

SIGTERM and SIGHUP (a closed terminal, `kill`, a job scheduler) stop a command as Ctrl-C
does (`stop_on_signals` turns them into `Stopped`), so its temporary files go too. A run
killed outright (SIGKILL, a power cut) cannot clean up: each temporary file or folder is
named `.NAME.cpt97530-XXXX.tmp` and locked (flock) while its command lives, and the next
command writing into that folder removes the ones no living command holds.

New files get the usual permissions (0666 less the umask), a replaced file keeps its own,
so a report in a shared folder stays readable by the group as before.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from toolkit.errors import BillingInputError


def input_file(path, what: str = "file") -> Path:
    """`path` checked as an ordinary file to read: a folder, a pipe (which would wait for a
    writer forever) or a device is named as such, not opened.

    Raises:
        BillingInputError: `path` is missing, a folder, or not an ordinary file.
    """
    source = Path(path)
    if not source.exists():
        raise BillingInputError(f"the {what} {source} does not exist")
    if source.is_dir():
        raise BillingInputError(f"{source} is a folder, not a {what}: name the file in it")
    if not source.is_file():
        raise BillingInputError(
            f"{source} is not an ordinary file (a device or a pipe), not a {what}"
        )
    return source


STAGE_TAG = "cpt97530-"  # in every temporary name: .NAME.cpt97530-XXXX.tmp
_STAGE = re.compile(rf"^\..+\.{STAGE_TAG}[A-Za-z0-9_]+\.tmp$")
STOP_SIGNALS = ("SIGTERM", "SIGHUP")


class Stopped(KeyboardInterrupt):
    """A command stopped by a signal (`signum`): it cleans up as after Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def stop_on_signals():
    """SIGTERM and SIGHUP raise `Stopped` inside the block (as Ctrl-C raises
    KeyboardInterrupt), so `with OutputFiles()` removes its temporary files. A signal
    ignored on entry (`nohup` ignores SIGHUP) stays ignored; the old handlers come back
    at the end. Outside the main thread nothing changes (Python allows no handler there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = [getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)]
    before = {n: signal.getsignal(n) for n in numbers}

    def stop(signum, _frame):
        for n in numbers:  # a second signal must not cut the clean-up short
            if before[n] is not signal.SIG_IGN:
                signal.signal(n, signal.SIG_IGN)
        raise Stopped(signum)

    for n in numbers:
        if before[n] is not signal.SIG_IGN:
            signal.signal(n, stop)
    try:
        yield
    finally:
        for n, handler in before.items():
            signal.signal(n, handler if handler is not None else signal.SIG_DFL)


def _lock(path: Path) -> int | None:
    """A handle locking a temporary file or folder while this command lives (the system
    drops the lock when the process dies, even killed); None when another command holds it.

    Raises:
        OSError: `path` cannot be opened (gone, a link)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def remove_stale_stages(folder) -> list[Path]:
    """Remove from `folder` the temporary files and folders of commands that were killed
    (named as this module names them, ours, and locked by no living command).

    Raises:
        Nothing: a stage that cannot be looked at or removed is left as it is."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _STAGE.match(entry.name):
            continue
        path = Path(entry.path)
        try:
            if entry.is_symlink() or entry.stat(follow_symlinks=False).st_uid != os.geteuid():
                continue
            fd = _lock(path)
        except OSError:
            continue
        if fd is None:  # a command at work
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it: set, then put it back at once
    os.umask(mask)
    return mask


class OutputFiles:
    """The outputs of one command; use as `with OutputFiles(inputs=[...]) as outputs:`.

    Every method that names or writes an output raises BillingInputError with one line a
    trainee can act on (the file and what is wrong); leaving the `with` block raises it when
    the outputs cannot be put in place, after removing them all."""

    def __init__(self, *, inputs=()) -> None:
        self._inputs = [Path(p) for p in inputs]
        self._named: set[Path] = set()
        self._staged: list[tuple[Path, Path]] = []  # (temporary file, final path)
        self._builds: list[
            tuple[Path, Path, Path]
        ] = []  # (temporary parent, build folder, final folder)
        self._removals: list[Path] = []
        self._made: list[Path] = []  # folders this command created, in the order made
        self._locks: list[int] = []  # one per temporary file or folder, held to the end

    # --- naming and checking the outputs ------------------------------------------------

    def file(self, path, *, example: str = "report.csv") -> Path:
        """`path` checked as a file this command may write; it need not exist yet (`example`:
        the file name suggested when `path` is a folder).

        Raises:
            BillingInputError: a folder, a device or pipe, a path through a file, a folder
                we may not write in, an input of the command, or a file named twice.
        """
        target = Path(path)
        self._check_file(target, example)
        self._check_not_input(target)
        self._name_once(target)
        return target

    def folder(self, path, *, empty: bool = False) -> Path:
        """`path` checked as a folder this command may write into (`empty`: a new or empty one).

        Raises:
            BillingInputError: a file, a non-empty folder when `empty`, a folder we may not
                write in, an input of the command, or a folder named twice.
        """
        target = Path(path)
        if target.exists() and not target.is_dir():
            raise BillingInputError(
                f"{target} is a file, not a folder: name a folder for the output"
            )
        if empty and target.is_dir() and any(target.iterdir()):
            raise BillingInputError(
                f"{target} already exists and is not empty: choose a new folder"
            )
        self._check_parents(target, target)
        self._check_not_input(target)
        self._name_once(target)
        return target

    def _check_file(self, target: Path, example: str) -> None:
        if target.is_dir():
            raise BillingInputError(
                f"{target} is a folder: name a file inside it, such as {target / example}"
            )
        if target.exists() and not target.is_file():
            raise BillingInputError(
                f"{target} is not an ordinary file (a device or a pipe): name a file to write"
            )
        self._check_parents(target.parent, target)

    @staticmethod
    def _check_parents(folder: Path, target: Path) -> None:
        """The nearest existing folder on the way must be a folder we may write in."""
        for above in (folder, *folder.parents):
            if above.exists():
                if not above.is_dir():
                    raise BillingInputError(
                        f"cannot write {target}: {above} is a file, not a folder"
                    )
                if not os.access(above, os.W_OK | os.X_OK):
                    raise BillingInputError(
                        f"cannot write {target}: no permission to write in {above}"
                    )
                return
            if above.is_symlink():
                raise BillingInputError(f"cannot write {target}: {above} is a link to nothing")

    def check_not_input(self, target) -> None:
        """Refuse `target` when it is an input, or lies in an input folder (e.g. the solutions)."""
        self._check_not_input(Path(target))

    def _check_not_input(self, target: Path) -> None:
        for source in self._inputs:
            if source.is_dir() and Path(os.path.realpath(target)).is_relative_to(
                os.path.realpath(source)
            ):
                raise BillingInputError(
                    f"{target} is inside {source}, an input of this command:"
                    " writing there would mix outputs into it; name another folder"
                )
            if target.exists() and source.exists() and os.path.samefile(target, source):
                raise BillingInputError(
                    f"{target} is an input of this command: writing there would"
                    " replace it; name another file"
                )

    def _name_once(self, target: Path) -> None:
        key = Path(os.path.abspath(target))
        if key in self._named:
            raise BillingInputError(f"{target} is named for two outputs: give each its own file")
        self._named.add(key)

    # --- writing ----------------------------------------------------------------------

    def write_text(self, path, *, text: str) -> Path:
        """Write `text` under a temporary name beside `path`; it becomes `path` at the end.

        Raises:
            BillingInputError: as `open_text`.
        """
        with self.open_text(path) as handle:
            handle.write(text)
        return Path(path)

    @contextmanager
    def open_text(self, path):
        """A text handle to write `path` (at once, or piece by piece for a report too big to
        hold), under a temporary name beside it; it becomes `path` at the end.

        Raises:
            BillingInputError: `path` cannot be an output (see `file`), its folder cannot be
                made, or the disk refuses the write (full, a quota): one line naming `path`.
        """
        target = Path(path)
        self._check_file(target, target.name or "report.csv")
        try:
            self._make_folders(target.parent)
            remove_stale_stages(target.parent)
            fd, temporary = self._stage(
                lambda: tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.{STAGE_TAG}", suffix=".tmp"
                )
            )
        except OSError as problem:
            raise BillingInputError(f"cannot write {target}: {problem.strerror}") from None
        self._staged.append((Path(temporary), target))
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as problem:  # a full disk, a quota
            raise BillingInputError(f"cannot write {target}: {problem.strerror}") from None

    def build(self, folder) -> Path:
        """An empty temporary folder to build `folder`'s files in; at the end they move into
        `folder` (the whole folder at once when `folder` is new or empty)."""
        final = Path(os.path.abspath(folder))  # "." and ".." have no name to build beside
        if final.is_symlink():  # a link to a folder: build beside the folder it names (a
            final = Path(os.path.realpath(final))  # rename cannot put a folder over a link)
        try:
            self._make_folders(final.parent)
            remove_stale_stages(final.parent)
            _, made = self._stage(
                lambda: (
                    None,
                    tempfile.mkdtemp(
                        dir=final.parent, prefix=f".{final.name}.{STAGE_TAG}", suffix=".tmp"
                    ),
                )
            )
            parent = Path(made)
        except OSError as problem:
            raise BillingInputError(f"cannot write {final}: {problem.strerror}") from None
        built = parent / final.name  # same name, for code that looks at the folder's name
        built.mkdir()
        self._builds.append((parent, built, final))
        return built

    def _stage(self, make):
        """A new temporary file or folder (`make()` -> (fd or None, name)), locked at once
        through a handle of its own, held until the end. Another command's clean-up may
        remove it before the lock is taken: then another is made."""
        while True:
            fd, name = make()
            try:
                lock = _lock(Path(name))
                if lock is not None and not os.path.samestat(os.fstat(lock), os.stat(name)):
                    os.close(lock)
                    lock = None
            except FileNotFoundError:
                lock = None
            if lock is not None:
                self._locks.append(lock)
                return fd, name
            if fd is not None:
                os.close(fd)

    def remove(self, path) -> None:
        """Delete `path` at the end, with the other changes (never when the command fails)."""
        self._removals.append(Path(path))

    def _make_folders(self, folder: Path) -> None:
        missing = []
        for above in (folder, *folder.parents):
            if above.is_dir():
                break
            missing.append(above)
        for above in reversed(missing):
            try:
                above.mkdir()
            except FileExistsError:
                continue  # made at the same moment by someone else: not ours to remove
            self._made.append(above)

    # --- the end: everything into place, or nothing ------------------------------------

    def __enter__(self) -> OutputFiles:
        return self

    def __exit__(self, kind, problem, trace) -> bool:
        if kind is None:
            self.commit()
            return False
        built = self._inside_build(problem)
        self.discard()
        if built is not None:  # an error while writing into a build folder: name the real place
            raise BillingInputError(f"cannot write {built}: {problem.strerror}") from None
        return False

    def _inside_build(self, problem) -> Path | None:
        if not isinstance(problem, OSError) or not problem.filename:
            return None
        name = Path(os.path.abspath(problem.filename))
        for _parent, built, final in self._builds:
            if name.is_relative_to(os.path.abspath(built)):
                return final / name.relative_to(os.path.abspath(built))
        return None

    def commit(self) -> None:
        mask = _umask()
        mode, folder_mode = 0o666 & ~mask, 0o777 & ~mask
        try:
            for temporary, target in self._staged:
                os.chmod(temporary, target.stat().st_mode & 0o7777 if target.is_file() else mode)
                os.replace(temporary, target)
            for parent, built, final in self._builds:
                self._place_folder(built, final, mode, folder_mode)
                shutil.rmtree(parent, ignore_errors=True)
            for path in self._removals:
                path.unlink(missing_ok=True)
        except OSError as problem:
            self.discard()
            raise BillingInputError(
                f"cannot put the output in place ({problem.filename}:"
                f" {problem.strerror}); nothing more was written"
            ) from None
        self._staged, self._builds, self._removals, self._made = [], [], [], []
        self._unlock()

    def _unlock(self) -> None:
        for fd in self._locks:
            os.close(fd)
        self._locks = []

    @staticmethod
    def _place_folder(built: Path, final: Path, mode: int, folder_mode: int) -> None:
        for path in built.rglob("*"):
            os.chmod(path, folder_mode if path.is_dir() else mode)
        if not final.exists() or (final.is_dir() and not any(final.iterdir())):
            os.chmod(built, folder_mode)
            os.replace(built, final)  # one rename: the folder appears whole
            return
        for path in sorted(built.rglob("*")):
            if path.is_file():
                destination = final / path.relative_to(built)
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, destination)

    def discard(self) -> None:
        for temporary, _ in self._staged:
            temporary.unlink(missing_ok=True)
        for parent, _, _ in self._builds:
            shutil.rmtree(parent, ignore_errors=True)
        for folder in reversed(self._made):
            try:
                folder.rmdir()  # only when still empty: never a file someone else put there
            except OSError:
                pass
        self._staged, self._builds, self._removals, self._made = [], [], [], []
        self._unlock()
