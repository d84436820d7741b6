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
import shutil
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from toolkit.paths import learner_db, progress_file

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
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _code(error: sqlite3.Error) -> int:
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _reason(error: Exception, path: Path) -> str:
    """What went wrong, in words for the learner (no traceback, no SQL)."""
    if isinstance(error, ProgressNotSaved):
        return str(error)
    if isinstance(error, OSError):
        return f"cannot save in {error.filename or path.parent} ({error.strerror or error})"
    code = _code(error) if isinstance(error, sqlite3.Error) else 0
    if code == _FULL or (code == _IOERR and _nearly_full(path.parent)):
        # SQLite often reports a full disk as an I/O error (its shared-memory file cannot grow)
        return f"the disk holding {path.parent} is full; free some space"
    if code in (_BUSY, _LOCKED):
        return (f"another lesson kept the progress store busy for more than {BUSY_TIMEOUT_S:g} "
                "seconds; try again")
    if code == _READONLY:
        return f"{path} is read-only"
    if code == _CANTOPEN:
        return f"cannot open {path}"
    if code == _IOERR:
        return f"the disk reported an error while writing {path}"
    return f"the progress store at {path} failed ({error})"


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1_000_000
    except OSError:
        return False


@contextlib.contextmanager
def _lock(path: Path):
    """An exclusive lock between processes (released by the OS even after kill -9)."""
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
            _note(connection, f"Your saved progress could not be read ({damaged.why}). A copy was "
                              f"kept at {backup}; your progress starts fresh from here.")
        finally:
            connection.close()


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
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA:
            connection.execute("ROLLBACK")
            return
        if version > SCHEMA:  # a newer toolkit wrote it: keep it, do not set it aside
            raise ProgressNotSaved(f"{learner_db()} was written by a newer version of this "
                                   "course; update the toolkit to use it")
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version != 0 or tables:
            raise _Damaged("it is not a course progress database", None)
        for statement in filter(str.strip, _CREATE.split(";")):
            connection.execute(statement)
        imported = _import_json(connection)
        connection.execute(f"PRAGMA user_version={SCHEMA}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    if imported is not None:  # after the commit: a crash before this keeps the file in place
        with contextlib.suppress(OSError):
            os.rename(*imported)


def _import_json(connection: sqlite3.Connection) -> tuple[Path, Path] | None:
    """Copy an old progress.json into the new tables; returns (file, backup name) to rename
    after the commit."""
    source = progress_file()
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as problem:
        _note(connection, f"Your old progress file {source} could not be read ({problem.strerror}); "
                          "it was left where it is and your progress starts fresh.")
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        lessons = data["lessons"] if isinstance(data, dict) else None
        if not isinstance(lessons, dict):
            raise ValueError("not in the expected shape")
    except (ValueError, KeyError, TypeError, RecursionError) as bad:
        backup = _free_name(source, f"unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
        os.rename(source, backup)
        _note(connection, f"Your saved progress file could not be read ({_short(bad)}). A copy "
                          f"was kept at {backup}; your progress starts fresh from here.")
        return None
    left_out, kept = 0, _free_name(source, "imported")
    for lesson_id, entry in lessons.items():
        if not isinstance(entry, dict):
            left_out += 1
            continue
        answers = entry.get("answers", {})
        for item_id, saved in (answers.items() if isinstance(answers, dict) else ()):
            if isinstance(saved, dict) and "answer" in saved and isinstance(saved.get("correct"), bool):
                _upsert_answer(connection, lesson_id, item_id, saved["answer"], saved["correct"])
            else:
                left_out += 1
        practice = entry.get("practice")
        if practice is not None:
            counts = [practice.get(k, 0) if isinstance(practice, dict) else None
                      for k in ("tried", "right", "problem")]
            if all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts):
                _upsert_practice(connection, lesson_id, *counts)
            else:
                left_out += 1
    if left_out:
        _note(connection, f"{left_out} saved entr{'y' if left_out == 1 else 'ies'} in your old "
                          f"progress file could not be read and were left out; the whole file is "
                          f"kept at {kept}.")
    return source, kept


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
        (str(lesson_id), str(item_id), json.dumps(answer), int(bool(correct)), _now()))


def _upsert_practice(connection, lesson_id: str, tried: int, right: int, problem: int) -> None:
    connection.execute(
        "INSERT INTO practice (lesson_id, tried, right, problem, saved_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (lesson_id) DO UPDATE SET tried = excluded.tried, right = excluded.right,"
        " problem = excluded.problem, saved_at = excluded.saved_at",
        (str(lesson_id), int(tried), int(right), int(problem), _now()))


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
                raise ProgressNotSaved(f"the progress store at {path} stays damaged after "
                                       "setting it aside") from None
            set_aside += 1
            if isinstance(error, _Damaged):
                error.inode = error.inode or inode
            _set_aside(path, error if isinstance(error, _Damaged) else
                       _Damaged(f"the database is damaged: {error}", inode))
        finally:
            if connection is not None:
                connection.close()


def _save(work) -> None:
    path = learner_db()
    try:
        _use(work, path)
    except (OSError, sqlite3.Error, ProgressNotSaved) as problem:
        raise ProgressNotSaved(_reason(problem, path)) from None


def _read(work, empty):
    """A read never stops a lesson: a store that cannot be opened reads as empty, with a notice."""
    path = learner_db()
    if not path.exists() and not progress_file().exists():
        return empty  # nothing saved yet: do not create files just to read
    try:
        return _use(work, path)
    except (OSError, sqlite3.Error, ProgressNotSaved) as problem:
        message = (f"Your saved progress could not be read ({_reason(problem, path)}); "
                   "this page starts without it.")
        if message not in _told:
            _told.add(message)
            _local_notices.append(message)
        return empty


# -- the public functions ----------------------------------------------------------------------

def record_answer(lesson_id: str, item_id: str, answer: object, correct: bool) -> None:
    """Save one quick-check answer (replacing an earlier one for the same question)."""
    json.dumps(answer)  # an answer that is not plain data is a programming error: raise now
    _save(lambda c: _upsert_answer(c, lesson_id, item_id, answer, correct))
    _tell_the_class()


def saved_answer(lesson_id: str, item_id: str) -> dict | None:
    """{"answer": ..., "correct": bool} as saved, or None."""
    row = _read(lambda c: c.execute("SELECT answer, correct FROM answers WHERE lesson_id = ? "
                                    "AND item_id = ?", (lesson_id, item_id)).fetchone(), None)
    return _answer(row) if row else None


def _answer(row) -> dict | None:
    try:
        return {"answer": json.loads(row[0]), "correct": bool(row[1])}
    except (TypeError, ValueError, RecursionError):
        return None  # a row no version of the toolkit wrote: treated as not answered


def save_practice(lesson_id: str, tried: int, right: int, problem: int) -> None:
    """Save the practice score of a lesson and the problem number reached."""
    _save(lambda c: _upsert_practice(c, lesson_id, tried, right, problem))
    _tell_the_class()


def _tell_the_class() -> None:
    """In a hub classroom, the instructor's dashboard sees the new counts (elsewhere: nothing)."""
    from toolkit.classroom import progress_summary as class_summary

    class_summary.publish()


def _count(value: object) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def practice_state(lesson_id: str) -> dict:
    """{"tried", "right", "problem"} for a lesson (zeros when nothing is saved)."""
    row = _read(lambda c: c.execute("SELECT tried, right, problem FROM practice WHERE lesson_id = ?",
                                    (lesson_id,)).fetchone(), None)
    return dict(zip(("tried", "right", "problem"), map(_count, row or (0, 0, 0))))


def snapshot() -> dict:
    """Everything saved, in one read: {"version": 1, "lessons": {id: {"answers", "practice"}}}."""
    def read(c):
        lessons: dict = {}
        for lesson_id, item_id, answer, correct in c.execute(
                "SELECT lesson_id, item_id, answer, correct FROM answers"):
            found = _answer((answer, correct))
            if found is not None:
                lessons.setdefault(lesson_id, {"answers": {}})["answers"][item_id] = found
        for lesson_id, *counts in c.execute("SELECT lesson_id, tried, right, problem FROM practice"):
            entry = lessons.setdefault(lesson_id, {"answers": {}})
            entry["practice"] = dict(zip(("tried", "right", "problem"), map(_count, counts)))
        return {"version": SCHEMA, "lessons": lessons}
    return _read(read, {"version": SCHEMA, "lessons": {}})


def summary(lesson_id: str, data: dict | None = None) -> dict[str, int]:
    """Counts for one lesson: questions answered, answered right, practice tries and right.
    `data` is a `snapshot()` when the caller summarises many lessons from one read."""
    entry = (snapshot() if data is None else data)["lessons"].get(lesson_id, {})
    answers = entry.get("answers", {})
    practice = entry.get("practice", {})
    return {"answered": len(answers),
            "right": sum(1 for a in answers.values() if a["correct"]),
            "practice_tried": practice.get("tried", 0),
            "practice_right": practice.get("right", 0)}


def take_notice() -> str:
    """Messages for the learner about set-aside or unreadable progress, each told once
    (across every kernel of this learner); empty when there is none."""
    def take(c):
        if not c.execute("SELECT 1 FROM notices LIMIT 1").fetchone():
            return []  # the usual case: no write, so a read-only home reads fine
        c.execute("BEGIN IMMEDIATE")  # read and delete together: told once across kernels
        rows = c.execute("SELECT message FROM notices ORDER BY id").fetchall()
        c.execute("DELETE FROM notices")
        c.execute("COMMIT")
        return [r[0] for r in rows]
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
    from toolkit.lessons import LESSONS
    from toolkit.lessons.quick_checks import for_lesson

    data = snapshot()
    lessons = {}
    for lesson_id in LESSONS:
        counts = summary(lesson_id, data)
        keys = {q.key for q in for_lesson(lesson_id)}
        answered = set(data["lessons"].get(lesson_id, {}).get("answers", {}))
        total, done = len(keys), bool(keys) and keys <= answered
        lessons[lesson_id] = {"quick_checks": total, **counts, "done": done}
    last = _read(lambda c: c.execute("SELECT max(s) FROM (SELECT max(saved_at) AS s FROM answers "
                                     "UNION ALL SELECT max(saved_at) FROM practice)").fetchone()[0],
                 None)
    return {"lessons_done": [k for k, v in lessons.items() if v["done"]], "lessons": lessons,
            "last_saved": last}
