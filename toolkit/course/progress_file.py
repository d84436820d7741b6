"""A learner's progress as one file, to take to another computer or browser.

The browser version of the course (`make lite`) keeps progress in that browser only: a new
laptop or cleared site data starts empty. `export_progress()` gathers everything saved (the
quick-check answers, practice scores, the name kept for exercises and every exercise attempt)
into one JSON document; `import_progress(raw)` brings a file back: answers are saved again,
a practice score replaces a smaller one, and an attempt is saved unless it is already there.
Works the same on the desktop.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from toolkit.course import learner_store
from toolkit.course.exercises.attempts import remember_name, saved_name
from toolkit.course.exercises.submission import (
    decode_submission,
    parse_submission,
    submissions_dir,
    write_submission,
)
from toolkit.errors import BillingInputError, SubmissionError

FORMAT = "cpt97530-progress"
FORMAT_VERSION = 1
MAX_BYTES = 20_000_000  # far more than a whole course of answers and attempts


def export_progress() -> dict:
    """Everything this learner saved, as one JSON-ready document. Never raises: an attempt
    file that cannot be read is left out (it is not progress this learner can use)."""
    attempts = []
    folder = submissions_dir()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            data = decode_submission(path.read_bytes())
            parse_submission(data)
        except (OSError, SubmissionError):
            continue
        attempts.append(data)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "name": saved_name(),
        "store": learner_store.snapshot(),
        "attempts": attempts,
    }


def export_text() -> str:
    """`export_progress()` as the text of the file a learner downloads. Never raises."""
    return json.dumps(export_progress(), indent=1)


def _document(raw: bytes) -> dict:
    if len(raw) > MAX_BYTES:
        raise BillingInputError("this file is too large to be a progress file")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BillingInputError("this file is not a progress file saved by the course") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BillingInputError("this file is not a progress file saved by the course")
    if type(data.get("format_version")) is not int or data["format_version"] > FORMAT_VERSION:
        raise BillingInputError("this progress file was saved by a newer version of the course")
    return data


def import_progress(raw: bytes) -> str:
    """Bring back a file made by `export_progress()`; what was brought back, in one line.

    Raises:
        BillingInputError: not a progress file (or a newer one), with the reason in a line.
        ProgressNotSaved: the learner store could not save (as for `record_answer`).
        OSError: an attempt could not be written.
    """
    data = _document(raw)
    lessons = (data.get("store") or {}).get("lessons") or {}
    answers = practice = attempts = 0
    for lesson_id, entry in lessons.items() if isinstance(lessons, dict) else ():
        if not isinstance(entry, dict):
            continue
        for item_id, saved in (entry.get("answers") or {}).items():
            if isinstance(saved, dict) and "answer" in saved:
                learner_store.record_answer(
                    str(lesson_id),
                    item_id=str(item_id),
                    answer=saved["answer"],
                    correct=bool(saved.get("correct")),
                )
                answers += 1
        counts = entry.get("practice")
        if isinstance(counts, dict) and all(
            type(counts.get(k)) is int and counts[k] >= 0 for k in ("tried", "right", "problem")
        ):
            if counts["tried"] >= learner_store.practice_state(str(lesson_id))["tried"]:
                learner_store.save_practice(
                    str(lesson_id),
                    tried=counts["tried"],
                    right=counts["right"],
                    problem=counts["problem"],
                )
                practice += 1
    folder = submissions_dir()
    have = set()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            have.add(parse_submission(decode_submission(path.read_bytes())).identity)
        except (OSError, SubmissionError):
            continue
    for attempt in data.get("attempts") or ():
        try:
            found = parse_submission(attempt)
        except SubmissionError:
            continue
        if found.identity not in have:
            write_submission(attempt)
            have.add(found.identity)
            attempts += 1
    name = data.get("name")
    if isinstance(name, str) and name.strip() and not saved_name():
        remember_name(name)
    return (
        f"Brought back: {answers} quick-check answer(s), {practice} practice score(s) and "
        f"{attempts} exercise attempt(s) not already here."
    )
