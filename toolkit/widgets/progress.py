"""The learner's saved answers and scores, per lesson, in `toolkit.paths.progress_file()`.

The file is small JSON, rewritten atomically after every answer, so progress survives a
kernel restart or closing the laptop. A file that cannot be read never stops a lesson:
it is moved aside as a backup, the learner is told, and progress starts fresh.

Shape: {"version": 1, "lessons": {lesson_id: {"answers": {item_id: {"answer": ...,
"correct": bool}}, "practice": {"tried": n, "right": n, "problem": n}}}}
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from toolkit.paths import progress_file
from toolkit.storage import write_json_atomic

VERSION = 1
_notice: str = ""  # told once to the learner after a corrupt file was set aside


def _fresh() -> dict:
    return {"version": VERSION, "lessons": {}}


def _looks_valid(data: object) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("lessons"), dict)
            and all(isinstance(v, dict) for v in data["lessons"].values()))


def _set_aside(path: Path, why: str) -> None:
    global _notice
    backup = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
        n += 1
    path.replace(backup)
    _notice = (f"Your saved progress file could not be read ({why}). A copy was kept at "
               f"{backup}; your progress starts fresh from here.")


def load() -> dict:
    """The saved progress, or a fresh record (a damaged file is backed up, never lost)."""
    path = progress_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _fresh()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as bad:
        _set_aside(path, f"not valid JSON: {bad}")
        return _fresh()
    if not _looks_valid(data):
        _set_aside(path, "not in the expected shape")
        return _fresh()
    return data


def take_notice() -> str:
    """The message about a set-aside file, once (empty when there is none)."""
    global _notice
    told, _notice = _notice, ""
    return told


def lesson(data: dict, lesson_id: str) -> dict:
    entry = data["lessons"].setdefault(lesson_id, {})
    if not isinstance(entry.get("answers"), dict):
        entry["answers"] = {}
    return entry


def saved_answer(lesson_id: str, item_id: str) -> dict | None:
    entry = load()["lessons"].get(lesson_id, {})
    answers = entry.get("answers") if isinstance(entry, dict) else None
    found = answers.get(item_id) if isinstance(answers, dict) else None
    return found if isinstance(found, dict) else None


def record_answer(lesson_id: str, item_id: str, answer: object, correct: bool) -> None:
    data = load()
    lesson(data, lesson_id)["answers"][item_id] = {"answer": answer, "correct": bool(correct)}
    write_json_atomic(progress_file(), data)


def practice_state(lesson_id: str) -> dict:
    entry = load()["lessons"].get(lesson_id, {})
    state = entry.get("practice") if isinstance(entry, dict) else None
    if not isinstance(state, dict):
        return {"tried": 0, "right": 0, "problem": 0}
    return {k: int(state.get(k, 0)) if str(state.get(k, 0)).isdigit() else 0
            for k in ("tried", "right", "problem")}


def save_practice(lesson_id: str, tried: int, right: int, problem: int) -> None:
    data = load()
    lesson(data, lesson_id)["practice"] = {"tried": tried, "right": right, "problem": problem}
    write_json_atomic(progress_file(), data)


def summary(lesson_id: str, data: dict | None = None) -> dict[str, int]:
    """Counts for one lesson: questions answered, answered right, practice tries and right."""
    data = load() if data is None else data
    entry = data["lessons"].get(lesson_id, {})
    answers = entry.get("answers", {}) if isinstance(entry, dict) else {}
    answers = answers if isinstance(answers, dict) else {}
    practice = entry.get("practice", {}) if isinstance(entry, dict) else {}
    practice = practice if isinstance(practice, dict) else {}
    return {
        "answered": len(answers),
        "right": sum(1 for a in answers.values() if isinstance(a, dict) and a.get("correct")),
        "practice_tried": int(practice.get("tried", 0) or 0),
        "practice_right": int(practice.get("right", 0) or 0),
    }
