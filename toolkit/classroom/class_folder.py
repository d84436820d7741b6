"""The class folder: the only place a learner's server and the dashboard share.

    <class folder>/
      class-settings.json            practice or assessment; answers released; which attempt counts
      submissions/<learner>/*.json   one file per Submit (toolkit.exercises.submission)
      progress/<learner>/summary.json  the learner's lesson counts, rewritten after each answer

Submissions and progress live in separate trees so `cpt97530 grade <class>/submissions`
sees only submissions. On one machine each learner's two folders belong to that learner's
account (nobody else can write there); on Kubernetes the folder is a shared volume.
Everything read back is checked as data: a crafted file is reported, never trusted.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit.storage import write_json_atomic

SETTINGS_FILE = "class-settings.json"
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


def submissions_folder(class_dir: Path, learner: str) -> Path:
    return Path(class_dir) / "submissions" / learner


def summary_path(class_dir: Path, learner: str) -> Path:
    return Path(class_dir) / "progress" / learner / "summary.json"


def prepare(class_dir: Path) -> None:
    """The class folder's skeleton: readable by every learner, written only by the hub side."""
    class_dir = Path(class_dir)
    for folder in (class_dir, class_dir / "submissions", class_dir / "progress"):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o711 if folder != class_dir else 0o755)  # learners cannot list others
    if not (class_dir / SETTINGS_FILE).exists():
        write_mode(class_dir, ClassMode())


def prepare_learner(class_dir: Path, learner: str, uid: int | None = None, gid: int | None = None) -> None:
    """The learner's own submissions and progress folders, owned by their account."""
    for folder in (submissions_folder(class_dir, learner), summary_path(class_dir, learner).parent):
        folder.mkdir(parents=True, exist_ok=True)
        if uid is not None:
            os.chown(folder, uid, gid)
            os.chmod(folder, 0o700)


def read_mode(class_dir: Path | None) -> ClassMode:
    """The class's mode; practice when there is no class or the file is unreadable."""
    if class_dir is None:
        return ClassMode()
    try:
        data = json.loads((Path(class_dir) / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ClassMode()
    if not isinstance(data, dict):
        return ClassMode()
    return ClassMode(
        mode=data.get("mode") if data.get("mode") in MODES else "practice",
        answers_released=data.get("answers_released") is True,
        count=data.get("count") if data.get("count") in COUNTS else "latest",
    )


def write_mode(class_dir: Path, mode: ClassMode) -> Path:
    path = write_json_atomic(Path(class_dir) / SETTINGS_FILE, asdict(mode))
    os.chmod(path, 0o644)
    return path


def write_summary(class_dir: Path, learner: str, lessons: dict[str, dict[str, int]]) -> Path:
    return write_json_atomic(summary_path(class_dir, learner), {
        "format": SUMMARY_FORMAT, "format_version": 1, "learner": learner,
        "updated_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "lessons": lessons,
    })


_COUNT_KEYS = ("answered", "right", "questions", "practice_tried", "practice_right", "done")


def read_summary(path: Path) -> dict:
    """A summary as checked data; ValueError with the reason for a file that is not one."""
    path = Path(path)
    if path.is_symlink() or path.stat().st_size > MAX_SUMMARY_BYTES:
        raise ValueError("not a progress summary (a link, or too large)")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != SUMMARY_FORMAT:
        raise ValueError("not a progress summary")
    lessons = data.get("lessons")
    if not isinstance(lessons, dict):
        raise ValueError("progress summary without lessons")
    clean = {}
    for lesson_id, counts in lessons.items():
        if isinstance(lesson_id, str) and isinstance(counts, dict):
            clean[lesson_id[:60]] = {k: v if type(v) is int and 0 <= v < 10_000 else 0
                                     for k in _COUNT_KEYS for v in [counts.get(k, 0)]}
    updated = data.get("updated_at")
    return {"lessons": clean, "updated_at": updated[:30] if isinstance(updated, str) else ""}
