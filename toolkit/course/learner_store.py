"""The learner store: answers, practice scores and notices in `$CPT97530_HOME/learner.db`.

Why SQLite: a learner often has two lessons open, so two kernels save at once. A JSON file
rewritten whole lost answers (load-modify-write, no lock). Here every save is an upsert of
one row in its own transaction; SQLite's locks and the busy timeout let any number of
kernels save side by side, and WAL mode with full sync keeps every save that returned,
even if the kernel is killed the next instant.

- Saves raise `ProgressNotSaved` (with a reason a learner understands) when the home is
  unwritable, the disk is full or the store stayed locked too long. Widgets show it as
  "not saved: <reason>" beside themselves; reads never raise (they fall back to empty
  progress and leave a notice).
- A damaged database is set aside once (under a file lock, so two kernels opening it at
  the same moment do not both move files) as `learner.db.damaged-*`, and the learner is
  told once through `take_notice()`.
- An old `progress.json` is imported once, in the same transaction that creates the
  store (so two kernels starting together import it once), then renamed
  `progress.json.imported` and kept as a backup.
- `progress_summary()` exports where the learner stands as a plain dict (for a class
  dashboard).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import random
import re
import shutil
import sqlite3
import stat
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from toolkit.course.in_browser import in_browser, persist
from toolkit.settings import learner_db, progress_file

SCHEMA = 1
BUSY_TIMEOUT_S = 5.0  # a save waits this long for another kernel's save, then says "not saved"
_CORRUPT, _FULL, _NOTADB, _IOERR, _READONLY, _CANTOPEN, _BUSY, _LOCKED = 11, 13, 26, 10, 8, 14, 5, 6

_TABLES = {
    "answers": ("lesson_id", "item_id", "answer", "correct", "saved_at"),
    "practice": ("lesson_id", "tried", "right", "problem", "saved_at"),
    "notices": ("id", "message"),
}
_CREATE = """
CREATE TABLE answers (lesson_id TEXT NOT NULL, item_id TEXT NOT NULL, answer TEXT NOT NULL,
                      correct INTEGER NOT NULL, saved_at TEXT NOT NULL,
                      PRIMARY KEY (lesson_id, item_id));
CREATE TABLE practice (lesson_id TEXT PRIMARY KEY, tried INTEGER NOT NULL, right INTEGER NOT NULL,
                       problem INTEGER NOT NULL, saved_at TEXT NOT NULL);
CREATE TABLE notices (id INTEGER PRIMARY KEY AUTOINCREMENT, message TEXT NOT NULL);
"""

_local_notices: list[str] = []  # notices that cannot go into the store (it cannot be opened)
_told: set[str] = set()  # those already told in this process (told once, not at every widget)
_checked: set[tuple[int, int]] = set()  # database files this process has integrity-checked


class ProgressNotSaved(Exception):
    """A save did not happen; the message says why, in words for a learner."""


class _Damaged(Exception):
    def __init__(self, why: str, inode: tuple[int, int] | None):
        super().__init__(why)
        self.why, self.inode = why, inode


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _code(error: sqlite3.Error) -> int:
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _reason(error: Exception, path: Path) -> str:
    """What went wrong, in words for the learner (no traceback, no SQL)."""
    if isinstance(error, ProgressNotSaved):
        return str(error)
    code = _code(error) if isinstance(error, sqlite3.Error) else 0
    if (isinstance(error, PermissionError) or code in (_READONLY, _CANTOPEN)) and _unwritable(path):
        return f"no permission to write in {_unwritable(path)}"
    if isinstance(error, OSError):
        return f"cannot save in {error.filename or path.parent} ({error.strerror or error})"
    if code == _FULL or (code == _IOERR and _nearly_full(path.parent)):
        # SQLite often reports a full disk as an I/O error (its shared-memory file cannot grow)
        return f"the disk holding {path.parent} is full; free some space"
    if code in (_BUSY, _LOCKED):
        return (
            f"another lesson kept the progress store busy for more than {BUSY_TIMEOUT_S:g} "
            "seconds; try again"
        )
    if code == _READONLY:
        return f"{path} is read-only"
    if code == _CANTOPEN:
        return f"cannot open {path}"
    if code == _IOERR:
        return f"the disk reported an error while writing {path}"
    return f"the progress store at {path} failed ({error})"


def _unwritable(path: Path) -> Path | None:
    """The folder (the home, or the nearest existing one above it) this user may not write in."""
    for folder in (path.parent, *path.parent.parents):
        if folder.exists():
            return None if os.access(folder, os.W_OK | os.X_OK) else folder
    return None


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1_000_000
    except OSError:
        return False


@contextlib.contextmanager
def _lock(path: Path):
    """An exclusive lock between processes (released by the OS even after kill -9).

    In a browser (Pyodide) there is no flock and no other process: each kernel has its own
    copy of the store in memory (`toolkit.course.in_browser`), so there is nothing to lock."""
    if in_browser():
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _free_name(path: Path, tag: str) -> Path:
    """`path` + `.tag` (or `.tag-2`, ...) not yet taken: a backup never replaces another.
    Callers hold a lock (the file lock or the store's write lock), so no one else races."""
    found, n = path.with_name(f"{path.name}.{tag}"), 2
    while found.exists():
        found, n = path.with_name(f"{path.name}.{tag}-{n}"), n + 1
    return found


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def _set_aside(path: Path, damaged: _Damaged) -> None:
    """Move a damaged database (and its WAL) aside, once even with several kernels at once."""
    with _lock(path):
        if damaged.inode is None or _inode(path) != damaged.inode:
            return  # another kernel already set this file aside; use the new store
        _set_aside_locked(path, damaged)


def _set_aside_locked(path: Path, damaged: _Damaged) -> None:
    """Move the file aside and start a fresh store with a notice; the caller holds the lock."""
    backup = _free_name(path, f"damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    os.rename(path, backup)
    # Why move the WAL too: an old WAL beside a new database would be replayed into it.
    with contextlib.suppress(FileNotFoundError):
        os.rename(path.with_name(path.name + "-wal"), backup.with_name(backup.name + "-wal"))
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path.with_name(path.name + "-shm"))  # only an index of the WAL
    _checked.discard(damaged.inode)
    connection = _open(path)
    try:  # another kernel may create the new store first: the notice goes in either way
        _prepare(connection)
        _note(
            connection,
            f"Your saved progress could not be read ({damaged.why}). A copy was "
            f"kept as {backup.name}; your progress starts fresh from here.",
        )
    finally:
        connection.close()


def _create(path: Path) -> None:
    """Make a missing store, or replace an empty file, under the file lock.

    Why: SQLite takes an empty file for a new database, but a learner.db that had answers and
    is now empty was cut off (a full disk, a crash, a copy gone wrong): the learner is told,
    and the empty file is set aside. Creating under the same lock means an empty file seen
    here is never one another kernel is just creating; and building the new store in place
    of the empty one never waits on a connection still holding the old file ("busy")."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock(path):
        try:
            found = os.stat(path)
        except FileNotFoundError:
            found = None
        if found is not None and (found.st_size or not stat.S_ISREG(found.st_mode)):
            return  # made meanwhile by another kernel, or not a file: opened as usual
        if found is not None:
            _set_aside_locked(
                path,
                _Damaged(
                    "the file was empty: it was cut off, for example by a full disk or a crash",
                    (found.st_dev, found.st_ino),
                ),
            )
            return
        connection = _open(path)
        try:
            _prepare(connection)
        finally:
            connection.close()


def _needs_creating(path: Path) -> bool:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False  # e.g. a home under a file: said when opened
    return found.st_size == 0 and stat.S_ISREG(found.st_mode)


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    connection.execute("PRAGMA synchronous=FULL")  # a save that returned survives a crash
    return connection


def _schema_ok(connection: sqlite3.Connection) -> bool:
    for table, columns in _TABLES.items():
        found = tuple(row[1] for row in connection.execute(f"PRAGMA table_info({table})"))
        if found != columns:
            return False
    return True


def _prepare(connection: sqlite3.Connection) -> None:
    """Create the tables and import progress.json, once: the first kernel in does it while
    holding the write lock; the others wait, then find it done."""
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA:
        return
    # WAL: readers never block the writer, and a commit is one append. Stored in the file,
    # so it is set once here, when the store is created (not a transaction: comes first).
    connection.execute("PRAGMA journal_mode=WAL")
    # Read (and parse) an old progress.json before taking the write lock: a slow or odd file
    # never holds up another kernel's saves.
    old = _load_old()
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA:
            connection.execute("ROLLBACK")
            return
        if version > SCHEMA:  # a newer toolkit wrote it: keep it, do not set it aside
            raise ProgressNotSaved(
                f"{learner_db()} was written by a newer version of this "
                "course; update the toolkit to use it"
            )
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version != 0 or tables:
            raise _Damaged("it is not a course progress database", None)
        for statement in filter(str.strip, _CREATE.split(";")):
            connection.execute(statement)
        imported = _import_old(connection, old)
        connection.execute(f"PRAGMA user_version={SCHEMA}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    if imported is not None:  # after the commit: a crash before this keeps the file in place
        with contextlib.suppress(OSError):
            os.rename(*imported)


MAX_OLD_PROGRESS_BYTES = 20_000_000  # far more than any course could save (answers are short)
_DEPTH = 32  # nesting an old entry may have; the course itself wrote 5 levels
_TOO_DEEP = "\u0000cpt97530:too-deep"  # stands in for a value nested deeper than _DEPTH
_TOO_BIG = object()  # stands in for a number too long to be a count or an answer
_MAX_DIGITS = 18  # fits SQLite's 64-bit integers


class _OldProgress:
    """An old progress.json as read before the import: `lessons`, or why it cannot be used."""

    def __init__(self, lessons=None, unreadable: str = "", unparsable: str = "", raw: bytes = b""):
        self.lessons, self.unreadable, self.unparsable, self.raw = (
            lessons,
            unreadable,
            unparsable,
            raw,
        )


def _read_old(source: Path) -> bytes:
    """The file's bytes; OSError for anything but an ordinary file of a sane size. Opened
    without waiting (a pipe would wait for a writer forever) and read no further than the cap
    (a link to /dev/zero never ends)."""
    fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "it is not an ordinary file")
        raw = handle.read(MAX_OLD_PROGRESS_BYTES + 1)
    if len(raw) > MAX_OLD_PROGRESS_BYTES:
        raise OSError(0, f"it is larger than {MAX_OLD_PROGRESS_BYTES // 1_000_000} MB")
    return raw


def _cut_deep(text: str) -> str:
    """`text` with every value nested deeper than _DEPTH replaced by _TOO_DEEP, so one
    over-deep entry is left out alone instead of stopping the whole file."""
    out, depth, cut_from, last = [], 0, None, 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth == _DEPTH + 1 and cut_from is None:
                cut_from = token.start()
        elif mark in "]}":
            depth -= 1
            if depth == _DEPTH and cut_from is not None:
                out.append(text[last:cut_from] + json.dumps(_TOO_DEEP))
                last, cut_from = token.end(), None
    if cut_from is not None:  # never closed: the JSON is cut off; let the parser say where
        return text
    return "".join(out) + text[last:]


def _parse_int(digits: str):
    return _TOO_BIG if len(digits.lstrip("-")) > _MAX_DIGITS else int(digits)


def _load_old() -> _OldProgress | None:
    """The old progress.json, read and parsed (outside any transaction), or None."""
    source = progress_file()
    try:
        raw = _read_old(source)
    except FileNotFoundError:
        return None
    except OSError as problem:
        return _OldProgress(unreadable=problem.strerror or "it cannot be opened")
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # a byte-order mark is fine
    except UnicodeDecodeError:
        return _OldProgress(unparsable="it is not text in the expected encoding (UTF-8)", raw=raw)
    try:
        try:
            data = json.loads(text, parse_int=_parse_int)
        except RecursionError:
            data = json.loads(_cut_deep(text), parse_int=_parse_int)
    except json.JSONDecodeError as bad:
        return _OldProgress(
            unparsable=f"its text is damaged near line {bad.lineno}, column {bad.colno}", raw=raw
        )
    except (ValueError, RecursionError):
        return _OldProgress(unparsable="its text is damaged", raw=raw)
    lessons = data.get("lessons") if isinstance(data, dict) else None
    if not isinstance(lessons, dict):
        return _OldProgress(unparsable="it is not laid out as saved course progress", raw=raw)
    return _OldProgress(lessons)


def _plain(value) -> bool:
    """Whether an old answer is plain data the course can show (nothing too deep or too big)."""
    return json.dumps(_TOO_DEEP)[1:-1] not in json.dumps(value)  # raises on _TOO_BIG


def _import_old(
    connection: sqlite3.Connection, old: _OldProgress | None, keep_file: bool = False
) -> tuple[Path, Path] | None:
    """Copy an old progress.json into the new tables; returns (file, backup name) to rename
    after the commit. `keep_file`: only read it (a read-only home), never move it."""
    source = progress_file()
    if old is None:
        return None
    if old.unreadable:
        _note(
            connection,
            f"Your old progress file {source} could not be read ({old.unreadable}); "
            "it was left where it is and your progress starts fresh.",
        )
        return None
    if old.unparsable:
        backup = source
        if not keep_file:
            backup = _free_name(source, f"unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
            os.rename(source, backup)
        _note(
            connection,
            f"Your saved progress file could not be read ({old.unparsable}). A copy "
            f"was kept at {backup}; your progress starts fresh from here.",
        )
        return None
    left_out = 0
    kept = source if keep_file else _free_name(source, "imported")
    for lesson_id, entry in old.lessons.items():
        if not isinstance(entry, dict):
            left_out += 1
            continue
        answers = entry.get("answers", {})
        for item_id, saved in answers.items() if isinstance(answers, dict) else ():
            left_out += not _import_entry(
                lambda: (
                    _upsert_answer(
                        connection, lesson_id, item_id, saved["answer"], saved["correct"]
                    )
                    if isinstance(saved, dict)
                    and isinstance(saved.get("correct"), bool)
                    and _plain(saved["answer"])
                    else False
                )
            )
        practice = entry.get("practice")
        if practice is not None:
            counts = [
                practice.get(k, 0) if isinstance(practice, dict) else None
                for k in ("tried", "right", "problem")
            ]
            left_out += not _import_entry(
                lambda: (
                    _upsert_practice(connection, lesson_id, *counts)
                    if all(type(c) is int and c >= 0 for c in counts)
                    else False
                )
            )
    if left_out:
        one = left_out == 1
        _note(
            connection,
            f"{left_out} saved entr{'y' if one else 'ies'} in your old progress "
            f"file could not be read and {'was' if one else 'were'} left out; the "
            f"whole file is kept at {kept}.",
        )
    return None if keep_file else (source, kept)


def _import_entry(upsert) -> bool:
    """Run one entry's upsert; False when it is left out (wrong shape, a number SQLite cannot
    hold, a name that is not valid text, anything else): one bad entry never stops the rest."""
    try:
        return upsert() is not False
    except Exception:  # noqa: BLE001 - whatever one old entry holds, it is only left out
        return False


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 120 else text[:117] + "..."


def _note(connection: sqlite3.Connection, message: str) -> None:
    connection.execute("INSERT INTO notices (message) VALUES (?)", (message,))


def _upsert_answer(connection, lesson_id: str, item_id: str, answer: object, correct: bool) -> None:
    connection.execute(
        "INSERT INTO answers (lesson_id, item_id, answer, correct, saved_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (lesson_id, item_id) DO UPDATE SET answer = excluded.answer,"
        " correct = excluded.correct, saved_at = excluded.saved_at",
        (str(lesson_id), str(item_id), json.dumps(answer), int(bool(correct)), _now()),
    )


def _upsert_practice(connection, lesson_id: str, tried: int, right: int, problem: int) -> None:
    connection.execute(
        "INSERT INTO practice (lesson_id, tried, right, problem, saved_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (lesson_id) DO UPDATE SET tried = excluded.tried, right = excluded.right,"
        " problem = excluded.problem, saved_at = excluded.saved_at",
        (str(lesson_id), int(tried), int(right), int(problem), _now()),
    )


def _use(work, path: Path):
    """Run `work(connection)` on a ready store; a damaged one is set aside and work retried.

    Why retry "busy" here too: SQLite answers some lock clashes at once, without waiting
    (e.g. while another kernel's connection checkpoints the WAL as it closes). Every piece
    of work is one transaction, so running it again is safe; it waits up to BUSY_TIMEOUT_S.
    """
    deadline, set_aside = time.monotonic() + BUSY_TIMEOUT_S, 0
    while True:
        inode = _inode(path)  # before opening: the file opened is this one or a newer one
        connection = None
        try:
            if _needs_creating(path):
                _create(path)
                inode = _inode(path)
            connection = _open(path)
            _prepare(connection)
            if not _schema_ok(connection):
                raise _Damaged("it is not in the expected shape", inode)
            if inode is not None and inode not in _checked:
                result = connection.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise _Damaged(f"the database is damaged: {_short(Exception(result))}", inode)
                _checked.add(inode)
            return work(connection)
        except (_Damaged, sqlite3.DatabaseError) as error:
            if connection is not None:
                connection.close()
                connection = None
            code = _code(error) if isinstance(error, sqlite3.Error) else 0
            if code in (_BUSY, _LOCKED) and time.monotonic() < deadline:
                time.sleep(random.uniform(0.001, 0.01))
                continue
            if not isinstance(error, _Damaged) and code not in (_CORRUPT, _NOTADB):
                raise
            if set_aside == 3:
                raise ProgressNotSaved(
                    f"the progress store at {path} stays damaged after setting it aside"
                ) from None
            set_aside += 1
            if isinstance(error, _Damaged):
                error.inode = error.inode or inode
            _set_aside(
                path,
                error
                if isinstance(error, _Damaged)
                else _Damaged(f"the database is damaged: {error}", inode),
            )
        finally:
            if connection is not None:
                connection.close()


def _save(work) -> None:
    """Nothing but ProgressNotSaved leaves a save: whatever fails, the widget can say so."""
    path = learner_db()
    try:
        _use(work, path)
        persist()  # in a browser: the home on the browser's disk before this returns
    except (OSError, sqlite3.Error, ProgressNotSaved) as problem:
        raise ProgressNotSaved(_reason(problem, path)) from None
    except (OverflowError, UnicodeError, ValueError, TypeError, RecursionError) as problem:
        raise ProgressNotSaved(f"this answer cannot be stored ({_plain_why(problem)})") from None
    except Exception as problem:  # noqa: BLE001 - a widget must never get a traceback
        raise ProgressNotSaved(f"the progress store failed ({type(problem).__name__})") from None


def _plain_why(problem: Exception) -> str:
    if isinstance(problem, OverflowError):
        return "a number in it is too large"
    if isinstance(problem, UnicodeError):
        return "it holds characters that are not valid text"
    if isinstance(problem, RecursionError):
        return "it is nested too deeply"
    return "it is not plain text, numbers or lists"


def _read(work, empty):
    """A read never stops a lesson: a store that cannot be written is read read-only; one that
    cannot be opened at all reads as empty, with a notice."""
    path = learner_db()
    try:
        if not path.exists() and not progress_file().exists():
            return empty  # nothing saved yet: do not create files just to read
        return _use(work, path)
    except Exception as problem:  # noqa: BLE001 - reads never raise into a lesson
        try:
            return _read_only(work, path)
        except Exception:  # noqa: BLE001
            pass
        why = (
            _reason(problem, path)
            if isinstance(problem, (OSError, sqlite3.Error, ProgressNotSaved))
            else _plain_why(problem)
        )
        _tell(f"Your saved progress could not be read ({why}); this page starts without it.")
        return empty


def _tell(message: str) -> None:
    if message not in _told:
        _told.add(message)
        _local_notices.append(message)


def _read_only(work, path: Path):
    """Read without writing anything (a read-only home, a full disk): the store as it is, or
    else an old progress.json read into memory (not imported, not moved)."""
    if path.is_file() and path.stat().st_size:
        uri = "file:" + urllib.parse.quote(str(path.absolute()))
        # mode=ro still needs the WAL index (-shm) to exist or be creatable; immutable does not
        for mode in ("?mode=ro", "?immutable=1"):
            try:
                connection = sqlite3.connect(uri + mode, uri=True, isolation_level=None)
            except sqlite3.Error:
                continue
            try:
                if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA and _schema_ok(
                    connection
                ):
                    return work(connection)
            except sqlite3.Error:
                continue
            finally:
                connection.close()
        raise ProgressNotSaved(f"{path} cannot be read")
    if os.path.lexists(path) or not os.path.lexists(progress_file()):
        raise ProgressNotSaved(f"{path} cannot be read")
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for statement in filter(str.strip, _CREATE.split(";")):
            connection.execute(statement)
        _import_old(connection, _load_old(), keep_file=True)
        for (message,) in connection.execute("SELECT message FROM notices"):
            _tell(message)  # told once per process: this import is redone at every read
        connection.execute("DELETE FROM notices")
        return work(connection)
    finally:
        connection.close()


# -- the public functions ----------------------------------------------------------------------


def record_answer(lesson_id: str, *, item_id: str, answer: object, correct: bool) -> None:
    """Save one quick-check answer (replacing an earlier one for the same question).

    Raises:
        ProgressNotSaved: the answer was not saved (home unwritable, disk full, store locked
            too long, an answer that cannot be stored), with the reason in a learner's words.
    """
    _save(lambda c: _upsert_answer(c, lesson_id, item_id, answer, correct))
    _tell_the_class()


def saved_answer(lesson_id: str, *, item_id: str) -> dict | None:
    """{"answer": ..., "correct": bool} as saved, or None.

    Never raises on a store that cannot be read: None then, and `take_notice()` says why.
    """
    row = _read(
        lambda c: c.execute(
            "SELECT answer, correct FROM answers WHERE lesson_id = ? AND item_id = ?",
            (lesson_id, item_id),
        ).fetchone(),
        None,
    )
    return _answer(row) if row else None


def _answer(row) -> dict | None:
    try:
        return {"answer": json.loads(row[0]), "correct": bool(row[1])}
    except (TypeError, ValueError, RecursionError):
        return None  # a row no version of the toolkit wrote: treated as not answered


def save_practice(lesson_id: str, *, tried: int, right: int, problem: int) -> None:
    """Save the practice score of a lesson and the problem number reached.

    Raises:
        ProgressNotSaved: the score was not saved (as for `record_answer`), with the reason.
    """
    _save(lambda c: _upsert_practice(c, lesson_id, tried, right, problem))
    _tell_the_class()


def _tell_the_class() -> None:
    """In a hub classroom, the instructor's dashboard sees the new counts (elsewhere: nothing)."""
    from toolkit.course import class_progress as class_summary

    class_summary.publish()


def _count(value: object) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def practice_state(lesson_id: str) -> dict:
    """{"tried", "right", "problem"} for a lesson (zeros when nothing is saved)."""
    row = _read(
        lambda c: c.execute(
            "SELECT tried, right, problem FROM practice WHERE lesson_id = ?", (lesson_id,)
        ).fetchone(),
        None,
    )
    return dict(zip(("tried", "right", "problem"), map(_count, row or (0, 0, 0))))


def snapshot() -> dict:
    """Everything saved, in one read: {"version": 1, "lessons": {id: {"answers", "practice"}}}."""

    def read(c):
        lessons: dict = {}
        for lesson_id, item_id, answer, correct in c.execute(
            "SELECT lesson_id, item_id, answer, correct FROM answers"
        ):
            found = _answer((answer, correct))
            if found is not None:
                lessons.setdefault(lesson_id, {"answers": {}})["answers"][item_id] = found
        for lesson_id, *counts in c.execute(
            "SELECT lesson_id, tried, right, problem FROM practice"
        ):
            entry = lessons.setdefault(lesson_id, {"answers": {}})
            entry["practice"] = dict(zip(("tried", "right", "problem"), map(_count, counts)))
        return {"version": SCHEMA, "lessons": lessons}

    return _read(read, {"version": SCHEMA, "lessons": {}})


def summary(lesson_id: str, *, data: dict | None = None) -> dict[str, int]:
    """Counts for one lesson: questions answered, answered right, practice tries and right.
    `data` is a `snapshot()` when the caller summarises many lessons from one read.

    Never raises on a store that cannot be read: zeros then, and `take_notice()` says why.
    """
    entry = (snapshot() if data is None else data)["lessons"].get(lesson_id, {})
    answers = entry.get("answers", {})
    practice = entry.get("practice", {})
    return {
        "answered": len(answers),
        "right": sum(1 for a in answers.values() if a["correct"]),
        "practice_tried": practice.get("tried", 0),
        "practice_right": practice.get("right", 0),
    }


def take_notice() -> str:
    """Messages for the learner about set-aside or unreadable progress, each told once
    (across every kernel of this learner); empty when there is none."""

    def take(c):
        rows = [r[0] for r in c.execute("SELECT message FROM notices ORDER BY id")]
        if not rows:
            return []  # the usual case: no write, so a read-only home reads fine
        try:
            c.execute("BEGIN IMMEDIATE")  # read and delete together: told once across kernels
            rows = [r[0] for r in c.execute("SELECT message FROM notices ORDER BY id")]
            c.execute("DELETE FROM notices")
            c.execute("COMMIT")
            return rows
        except sqlite3.Error:  # a read-only store: tell each once in this process
            if c.in_transaction:
                c.execute("ROLLBACK")
            fresh = [r for r in rows if r not in _told]
            _told.update(fresh)
            return fresh

    told = _read(take, [])
    told, _local_notices[:] = _local_notices + told, []
    return " ".join(told)


def progress_summary() -> dict:
    """Where the learner stands, as plain JSON-ready data (e.g. for a class dashboard).

    {"lessons_done": [lesson ids whose quick checks are all answered], "lessons": {lesson_id:
    {"quick_checks": n, "answered": n, "right": n, "practice_tried": n, "practice_right": n,
    "done": bool}}, "last_saved": ISO time of the latest save or None}. Every lesson of the
    course is listed, in course order, answered or not.
    """
    from toolkit.course.lessons import LESSONS
    from toolkit.course.lessons.quick_checks import for_lesson

    data = snapshot()
    lessons = {}
    for lesson_id in LESSONS:
        counts = summary(lesson_id, data=data)
        keys = {q.key for q in for_lesson(lesson_id)}
        answered = set(data["lessons"].get(lesson_id, {}).get("answers", {}))
        total, done = len(keys), bool(keys) and keys <= answered
        lessons[lesson_id] = {"quick_checks": total, **counts, "done": done}
    last = _read(
        lambda c: c.execute(
            "SELECT max(s) FROM (SELECT max(saved_at) AS s FROM answers "
            "UNION ALL SELECT max(saved_at) FROM practice)"
        ).fetchone()[0],
        None,
    )
    return {
        "lessons_done": [k for k, v in lessons.items() if v["done"]],
        "lessons": lessons,
        "last_saved": last,
    }
