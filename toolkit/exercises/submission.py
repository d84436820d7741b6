"""Submission files: one JSON file per attempt, written atomically, never overwritten.

Folder: `toolkit.paths.submissions_dir()` (`~/.cpt97530/submissions`, or `CPT97530_HOME`/
submissions, or `CPT97530_SUBMISSIONS` for a shared workshop folder).

File name: `<learner>__<exercise id>__<UTC time>-<counter>.json`, for example
`dana-lee__ex01_tidy_visit__20260304T091512Z-01.json`. The counter makes two submits in
the same second two files; a re-submit never replaces an earlier attempt.

Format (format_version 1):

    {
      "format": "cpt97530-submission",
      "format_version": 1,
      "learner": "Dana Lee",
      "exercise": "ex01_tidy_visit",
      "submitted_at": "2026-03-04T09:15:12Z",        # UTC, ISO 8601
      "toolkit_version": "0.1.0",
      "answers": {
        "problems": ["signature_credentials"],      # option ids, or null if not answered
        "units": {"97530": 2, "97110": null},       # null: left blank
        "modifiers": {"97530": ["GP", "CQ"]},       # per code (claim line)
        "decision": "query_clinician"               # or null
      }
    }

Writing: the JSON goes to a hidden temporary file first (`toolkit.storage`), which is then
hard-linked to its final name, a step that fails rather than overwrite; a crash leaves at
most a hidden temporary file, which the grader lists as unfinished. Reading never runs
anything: a submission is data, checked field by field.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit import __version__
from toolkit.errors import BillingInputError
from toolkit.exercises.grading import AnswerFormatError, Answers, clean_answers
from toolkit.paths import submissions_dir
from toolkit.storage import write_json_atomic

FORMAT = "cpt97530-submission"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024
MAX_NAME = 80
_STAMP = "%Y%m%dT%H%M%SZ"


class SubmissionError(ValueError):
    """A file that cannot be graded; the message is the reason shown to the instructor."""


@dataclass(frozen=True)
class Submission:
    learner: str
    exercise_id: str
    answers: Answers
    submitted_at: datetime
    toolkit_version: str
    path: Path | None = None

    @property
    def learner_key(self) -> str:
        """The same person however they capitalised or spaced their name."""
        return learner_key(self.learner)


def learner_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def check_learner_name(raw: object) -> str:
    """A learner's name as typed, tidied; BillingInputError for one we cannot file."""
    name = " ".join(str(raw or "").split())
    if not name:
        raise BillingInputError("type your name before submitting, so your instructor can find your work")
    if len(name) > MAX_NAME or any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise BillingInputError(f"your name must be plain text of at most {MAX_NAME} characters")
    return name


def _slug(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", learner_key(name)).strip("-_")
    return slug[:40] or "learner"


def new_submission(learner: str, exercise_id: str, answers: Answers | dict,
                   now: datetime | None = None) -> dict:
    """The JSON payload for one attempt."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "learner": check_learner_name(learner),
        "exercise": exercise_id,
        "submitted_at": moment.isoformat().replace("+00:00", "Z"),
        "toolkit_version": __version__,
        "answers": clean_answers(answers).as_dict(),
    }


def write_submission(payload: dict, folder: Path | None = None) -> Path:
    """Save one attempt under a new name; never replaces an existing file."""
    folder = Path(folder) if folder else submissions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(payload["submitted_at"]).strftime(_STAMP)
    base = f"{_slug(payload['learner'])}__{payload['exercise']}__{stamp}"
    pending = write_json_atomic(folder / f".{base}.pending", payload)
    try:
        for counter in range(1, 1000):
            target = folder / f"{base}-{counter:02d}.json"
            try:
                os.link(pending, target)  # fails if target exists: no overwrite, no race
                return target
            except FileExistsError:
                continue
            except OSError:  # a filesystem without hard links (some shared drives)
                if target.exists():
                    continue
                os.replace(pending, target)
                return target
        raise BillingInputError(f"too many submissions in one second in {folder}")
    finally:
        pending.unlink(missing_ok=True)


def _time(raw: object) -> datetime:
    if not isinstance(raw, str):
        raise SubmissionError("submitted_at is missing")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise SubmissionError(f"submitted_at is not a date and time: {raw[:40]!r}") from None
    if moment.tzinfo is None:
        raise SubmissionError("submitted_at has no time zone (should be UTC)")
    return moment.astimezone(UTC)


def parse_submission(data: object, known_exercises=None, path: Path | None = None) -> Submission:
    """A checked Submission from decoded JSON, or SubmissionError with the reason."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SubmissionError("not a cpt97530 submission (a foreign file)")
    version = data.get("format_version")
    if type(version) is not int or version < 1:
        raise SubmissionError("format_version is missing or not a whole number")
    if version > FORMAT_VERSION:
        raise SubmissionError(f"made by a newer toolkit (format version {version}); update the toolkit")
    learner = data.get("learner")
    if not isinstance(learner, str) or not learner.strip() or len(learner) > 200:
        raise SubmissionError("learner name is missing or not text")
    exercise_id = data.get("exercise")
    if not isinstance(exercise_id, str) or not exercise_id:
        raise SubmissionError("exercise id is missing")
    if known_exercises is not None and exercise_id not in known_exercises:
        raise SubmissionError(f"unknown exercise {exercise_id[:60]!r}")
    try:
        answers = clean_answers(data.get("answers"))
    except AnswerFormatError as bad:
        raise SubmissionError(f"answers are malformed: {bad}") from None
    version_text = data.get("toolkit_version")
    return Submission(
        learner=" ".join(learner.split()), exercise_id=exercise_id, answers=answers,
        submitted_at=_time(data.get("submitted_at")),
        toolkit_version=version_text if isinstance(version_text, str) else "?", path=path,
    )


def read_submission(path: Path, known_exercises=None) -> Submission:
    """One file, checked; SubmissionError says why it cannot be graded."""
    path = Path(path)
    if path.name.startswith(".") and path.suffix in (".tmp", ".pending"):
        raise SubmissionError("unfinished temporary file: a save that never completed")
    if path.suffix.lower() != ".json":
        raise SubmissionError("not a submission (.json) file")
    size = path.stat().st_size
    if size == 0:
        raise SubmissionError("empty file (half-written or an interrupted copy?)")
    if size > MAX_BYTES:
        raise SubmissionError(f"too large to be a submission ({size} bytes)")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise SubmissionError("not text (binary or wrongly encoded file)") from None
    except json.JSONDecodeError as bad:
        raise SubmissionError(f"not valid JSON, cut off or corrupt (line {bad.lineno})") from None
    return parse_submission(data, known_exercises, path)


@dataclass(frozen=True)
class Scan:
    submissions: tuple[Submission, ...]
    problems: tuple[tuple[Path, str], ...]  # every file not graded, with its reason


def scan_folder(folder: Path, known_exercises=None) -> Scan:
    """Every file under `folder` (subfolders too): read, or listed with its reason."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BillingInputError(f"{folder} is not a folder of submissions")
    good, bad = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            good.append(read_submission(path, known_exercises))
        except SubmissionError as reason:
            bad.append((path, str(reason)))
        except OSError as error:
            bad.append((path, f"cannot be read: {error.strerror}"))
    return Scan(tuple(good), tuple(bad))


def attempt_files(learner: str, exercise_id: str, folder: Path | None = None) -> list[Path]:
    """This learner's saved attempts of one exercise, oldest first (by file name)."""
    folder = Path(folder) if folder else submissions_dir()
    return sorted(folder.glob(f"{_slug(learner)}__{exercise_id}__*.json")) if folder.is_dir() else []


def attempt_order(sub: Submission) -> tuple:
    """Sort key: time, then the counter in the file name."""
    return (sub.submitted_at, sub.path.name if sub.path else "")
