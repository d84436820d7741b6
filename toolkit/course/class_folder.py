"""The class folder: the only place a learner's server and the dashboard share.

    <class folder>/
      settings/class-settings.json   practice or assessment; answers released; which attempt counts
      submissions/<learner>/*.json   one file per Submit (toolkit.course.exercises.submission)
      progress/<learner>/summary.json  the learner's lesson counts, rewritten after each answer

Submissions and progress live in separate trees so `cpt97530 grade <class>/submissions`
sees only submissions. On one machine each learner's two folders belong to that learner's
account (nobody else can write there); on Kubernetes the folder is a shared volume. The
mode file sits in its own folder so a learner's pod can mount that folder read-only: it is
rewritten by rename, which a mount of the file itself would never show.
Everything read back is checked as data: a crafted file (a link, a FIFO, deep nesting,
made-up lessons or counts) is reported or capped, never trusted, and never blocks a read.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit.files.storage import write_json_atomic

SETTINGS_FILE = "settings/class-settings.json"
SUMMARY_FORMAT = "cpt97530-progress"
MAX_SUMMARY_BYTES = 64 * 1024
MODES = ("practice", "assessment")
COUNTS = ("latest", "first")


@dataclass(frozen=True)
class ClassMode:
    """Practice shows right answers after Submit; assessment hides them until released."""

    mode: str = "practice"
    answers_released: bool = False
    count: str = "latest"  # which attempt the gradebook counts

    @property
    def hide_answers(self) -> bool:
        return self.mode == "assessment" and not self.answers_released


def default_count(mode: str) -> str:
    """Assessment counts each learner's first attempt (a re-submit after seeing which items
    were wrong is practice, not a grade); practice counts the latest."""
    return "first" if mode == "assessment" else "latest"


def submissions_folder(class_dir: Path, learner: str) -> Path:
    return Path(class_dir) / "submissions" / learner


def summary_path(class_dir: Path, learner: str) -> Path:
    return Path(class_dir) / "progress" / learner / "summary.json"


def settings_path(class_dir: Path) -> Path:
    return Path(class_dir) / SETTINGS_FILE


class SharedClassFolder(OSError):
    """The class folder (or a folder above it) can be changed by another account."""


_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_SKELETON = {"submissions": 0o711, "progress": 0o711, "settings": 0o755}  # 711: cannot list others


def _check_not_shared(folder: Path) -> None:
    """Refuse a class folder another account could swap or fill: the folder and every folder
    above it belong to root or to this account and nobody else may write there (a shared
    folder such as /tmp is fine when its sticky bit keeps others from renaming our entries)."""
    me = os.geteuid()
    for path in (folder, *folder.parents):
        info = os.lstat(path)
        others_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        mine = info.st_uid in (0, me)
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve()
            if not mine:
                raise SharedClassFolder(f"{path} is a link another account made")
            _check_not_shared(target)
            return
        if not mine or (others_write and (path == folder or not info.st_mode & stat.S_ISVTX)):
            raise SharedClassFolder(
                f"the class folder {folder} is not safe: {path} can be changed by another "
                "account. Give it to the hub's account and remove others' write rights "
                f"(chown {me} {path}; chmod go-w {path})"
            )


def _child_folder(parent_fd: int, name: str, mode: int, uid: int | None = None, gid=None) -> None:
    """`name` in the folder open as `parent_fd`: made if missing, never followed if a link,
    given `mode` (and owner `uid`) through its own descriptor."""
    if "/" in name or name in ("", ".", ".."):
        raise ValueError(f"not a folder name: {name!r}")
    try:
        os.mkdir(name, mode, dir_fd=parent_fd)
    except FileExistsError:
        pass
    try:
        fd = os.open(name, _DIR, dir_fd=parent_fd)
    except OSError as error:  # ELOOP (a link) or ENOTDIR (a file): planted, refused
        raise SharedClassFolder(f"{name} in the class folder is not a plain folder") from error
    try:
        if uid is not None:
            os.fchown(fd, uid, gid)
        elif os.fstat(fd).st_uid != os.geteuid():
            raise SharedClassFolder(f"{name} in the class folder belongs to another account")
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def prepare(class_dir: Path) -> None:
    """The class folder's skeleton: readable by every learner, written only by the hub side.

    Raises:
        SharedClassFolder: the folder, a folder above it or one of its parts can be changed
            by another account (a planted link or a folder others may write): nothing is
            changed through it.
    """
    class_dir = Path(class_dir).absolute()
    class_dir.mkdir(parents=True, exist_ok=True)
    _check_not_shared(class_dir)
    fd = os.open(class_dir, _DIR)
    try:
        os.fchmod(fd, 0o755)
        for name, mode in _SKELETON.items():
            _child_folder(fd, name, mode)
    finally:
        os.close(fd)
    earlier = class_dir / "class-settings.json"  # where it sat before settings/ (kept, moved once)
    if earlier.is_file() and not earlier.is_symlink() and not settings_path(class_dir).exists():
        os.replace(earlier, settings_path(class_dir))
    if not settings_path(class_dir).exists():
        write_mode(class_dir, mode=ClassMode())


def prepare_learner(
    class_dir: Path, *, learner: str, uid: int | None = None, gid: int | None = None
) -> None:
    """The learner's own submissions and progress folders, owned by their account (mode 700).
    Made and handed over through descriptors: a link the learner planted is never followed.

    Raises:
        OSError: a folder cannot be made, or given to the account (not run as root).
    """
    for tree in ("submissions", "progress"):
        if uid is None:  # one account for all (a single learner, tests): nothing to hand over
            (Path(class_dir) / tree / learner).mkdir(parents=True, exist_ok=True)
            continue
        fd = os.open(Path(class_dir) / tree, _DIR)
        try:
            _child_folder(fd, learner, 0o700, uid, gid)
        finally:
            os.close(fd)


def prepare_hub_learner(class_dir: Path, *, learner: str) -> None:
    """On a hub, where the grading service keeps every record: nothing in the class folder is
    the learner's to write. Their progress folder is root's (700; it holds only the empty
    summary that says they signed in) and they get no submissions folder; folders an earlier
    hub gave them are taken back (root's, 700), so what is inside can no longer be changed.
    Opened by descriptor, never through a link.

    Raises:
        OSError: a folder cannot be made or taken back (not run as root).
    """
    for tree in ("progress", "submissions"):
        fd = os.open(Path(class_dir) / tree, _DIR)
        try:
            if tree == "progress":
                _child_folder(fd, learner, 0o700, 0, 0)
                continue
            try:
                mine = os.open(learner, _DIR, dir_fd=fd)
            except FileNotFoundError:
                continue
            except OSError as error:  # a link or a file in root's folder: not ours to follow
                raise SharedClassFolder(f"{tree}/{learner} is not a plain folder") from error
            try:
                os.fchown(mine, 0, 0)
                os.fchmod(mine, 0o700)
            finally:
                os.close(mine)
        finally:
            os.close(fd)


def mark_signed_in(
    class_dir: Path, *, learner: str, uid: int | None = None, gid: int | None = None
) -> bool:
    """An empty progress summary for a learner who signed in (the dashboard then lists them
    as "signed in, nothing answered yet"), unless they have one; True when made.
    Created new (O_EXCL, O_NOFOLLOW) inside their folder opened by descriptor: whatever the
    learner put there (a link included) is left alone, never opened or given away."""
    folder = os.open(summary_path(class_dir, learner).parent, _DIR)
    try:
        fd = os.open(
            "summary.json",
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
            0o600,
            dir_fd=folder,
        )
    except FileExistsError:
        return False
    finally:
        os.close(folder)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        if uid is not None:
            os.fchown(handle.fileno(), uid, gid)
        json.dump(_summary(learner, {}), handle)
    return True


def read_mode(class_dir: Path | None) -> ClassMode:
    """The class's mode: practice when there is no class or no mode file yet; an
    assessment (answers hidden) when the file is there but cannot be read or makes no sense:
    a fault must never release the answers."""
    if class_dir is None:
        return ClassMode()
    closed = ClassMode(mode="assessment", count=default_count("assessment"))
    try:
        data = json.loads(read_regular_file(settings_path(class_dir), 4096))
    except FileNotFoundError:
        return ClassMode()
    except (OSError, ValueError, RecursionError):
        return closed
    if not isinstance(data, dict):
        return closed
    mode = data.get("mode") if data.get("mode") in MODES else "practice"
    return ClassMode(
        mode=mode,
        answers_released=data.get("answers_released") is True,
        count=data.get("count") if data.get("count") in COUNTS else default_count(mode),
    )


def write_mode(class_dir: Path, *, mode: ClassMode) -> Path:
    """Save the class's mode (readable by every learner's server); returns the file.

    Raises:
        OSError: the class folder cannot be written.
    """
    settings_path(class_dir).parent.mkdir(parents=True, exist_ok=True)
    path = write_json_atomic(settings_path(class_dir), asdict(mode))
    os.chmod(path, 0o644)
    return path


def write_summary(class_dir: Path, *, learner: str, lessons: dict[str, dict[str, int]]) -> Path:
    """Replace the learner's progress summary in the class folder (atomically); returns it.

    Raises:
        OSError: the learner's progress folder cannot be written.
    """
    return write_json_atomic(summary_path(class_dir, learner), _summary(learner, lessons))


def _summary(learner: str, lessons: dict) -> dict:
    return {
        "format": SUMMARY_FORMAT,
        "format_version": 1,
        "learner": learner,
        "updated_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "lessons": lessons,
    }


_COUNT_KEYS = ("answered", "right", "questions", "practice_tried", "practice_right", "done")
MAX_PRACTICE = 1000  # practice attempts a lesson can show (more is listed as 1000)


def read_regular_file(path: Path, limit: int) -> str:
    """The text of a regular file of at most `limit` bytes: a link, FIFO or device is refused
    without opening it for reading (a FIFO would block the reader forever)."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("a link" if stat.S_ISLNK(info.st_mode) else "not a regular file")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the lstat
            raise ValueError("not a regular file")
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise ValueError("too large")
    return raw.decode("utf-8")


def _lesson_counts(counts: dict, checks: int) -> dict[str, int]:
    """One lesson's counts as the course allows them: quick checks capped at the lesson's
    number of questions, right at most answered, done only when every check is answered."""
    raw = {
        k: v if type(v) is int and v >= 0 else 0 for k in _COUNT_KEYS for v in [counts.get(k, 0)]
    }
    answered = min(raw["answered"], checks)
    tried = min(raw["practice_tried"], MAX_PRACTICE)
    return {
        "answered": answered,
        "right": min(raw["right"], answered),
        "questions": checks,
        "practice_tried": tried,
        "practice_right": min(raw["practice_right"], tried),
        "done": int(checks > 0 and answered == checks),
    }


def read_summary(path: Path) -> dict:
    """A summary as checked data; ValueError with the reason for a file that is not one.
    Only the course's own lessons count, each capped at its number of quick checks."""
    from toolkit.course.lessons import LESSONS
    from toolkit.course.lessons.quick_checks import for_lesson

    try:
        data = json.loads(read_regular_file(Path(path), MAX_SUMMARY_BYTES))
    except UnicodeDecodeError:
        raise ValueError("not a progress summary (not UTF-8 text)") from None
    except RecursionError:
        raise ValueError("not a progress summary (nested too deeply)") from None
    except ValueError as why:
        raise ValueError(f"not a progress summary ({why})") from None
    if not isinstance(data, dict) or data.get("format") != SUMMARY_FORMAT:
        raise ValueError("not a progress summary")
    lessons = data.get("lessons")
    if not isinstance(lessons, dict):
        raise ValueError("progress summary without lessons")
    clean = {
        lesson_id: _lesson_counts(counts, len(for_lesson(lesson_id)))
        for lesson_id, counts in lessons.items()
        if lesson_id in LESSONS and isinstance(counts, dict)
    }
    updated = data.get("updated_at")
    return {"lessons": clean, "updated_at": updated[:30] if isinstance(updated, str) else ""}
