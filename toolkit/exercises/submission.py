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

Learner key and file name: `learner_key(name)` is the one normaliser of names. It applies
NFKC (full-width letters and compatibility forms become plain ones), casefolds, drops
zero-width and control characters, folds look-alike dashes, underscores, dots and spaces to
one space, look-alike quotes to ', and Greek/Cyrillic letters that look Latin to the Latin
ones. "Sam Lee", "Sam-Lee", "sam_lee" and "ＳＡＭ　ＬＥＥ" are one learner. The key decides the
file name (`sam-lee__...`); a key that cannot be spelled faithfully in a file name gets a
short fingerprint of the key appended, so two different keys never share a file stem.

Writing (`toolkit.storage.write_new_file`): the JSON goes to a hidden temporary file with a
random, never-shared name (created with O_EXCL), which is then hard-linked to the first
free `-NN` name, a step that fails rather than overwrite: many learners (or one learner's
look-alike spellings) saving in the same second each get their own file. A crash leaves at
most a hidden `.pending` file, which the grader lists as unfinished. Files are created
0660 minus the umask (0640 or 0660 in a setgid class folder, whose group they take), so an
instructor account in that group can read them; never world-readable.

Reading never runs anything: a submission is data, checked field by field. Limits, each
file over one is listed as "not graded" with the reason: at most 256 KB; UTF-8 (a leading
byte-order mark is allowed); nesting at most 8 levels deep; whole numbers of at most 9
digits (no NaN or Infinity); text values and keys of at most 200 characters, no broken
characters (lone surrogates); submitted_at a UTC date and time between years 1 and 9999.
A submitted_at more than 5 minutes ahead of the grader's clock is reported and the file's
own time is used to order that attempt. Only regular files are read: symbolic links (to a
file or a folder: a linked folder is not followed), pipes, devices and unreadable entries
are listed with the reason. Byte-identical copies (a backup/ subfolder) count once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from toolkit import __version__
from toolkit.errors import BillingInputError
from toolkit.exercises.grading import AnswerFormatError, Answers, clean_answers
from toolkit.paths import submissions_dir
from toolkit.storage import write_new_file

FORMAT = "cpt97530-submission"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024
MAX_NAME = 80  # when saving; a file read back may carry up to MAX_TEXT
MAX_DEPTH = 8  # a real submission is 4 deep (file > answers > modifiers > list)
MAX_DIGITS = 9
MAX_TEXT = 200
CLOCK_SLACK = timedelta(minutes=5)
_STAMP = "%Y%m%dT%H%M%SZ"
_EXERCISE_ID = re.compile(r"[A-Za-z0-9_]{1,60}")


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
    ordered_at: datetime | None = None  # the file's time when submitted_at is in the future
    clock_note: str = ""
    digest: str = ""  # sha256 of the file's bytes: byte-identical copies count once

    @property
    def learner_key(self) -> str:
        """The same person however they capitalised, spaced or typed their name."""
        return learner_key(self.learner)


# Look-alikes NFKC leaves alone. Dashes (Pd), connectors such as "_" (Pc) and spaces (Z*)
# are folded by category below; these are the rest.
_FOLD = str.maketrans({
    "\u2212": " ", "\u2043": " ", ".": " ", "\u00b7": " ", "\u2027": " ", "\u30fb": " ",
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "`": "'",
    "\u00b4": "'",
    # Greek and Cyrillic letters drawn like Latin ones (after casefolding).
    "\u03b1": "a", "\u03bf": "o", "\u03c1": "p", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v",
    "\u03c5": "u", "\u03c7": "x", "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p",
    "\u0441": "c", "\u0443": "y", "\u0445": "x", "\u0456": "i", "\u0458": "j", "\u0455": "s",
    "\u04bb": "h", "\u0501": "d", "\u051b": "q", "\u051d": "w",
})


def learner_key(name: str) -> str:
    """One key per person: look-alike spellings of a name give the same key."""
    # Folded before NFKC too: it would turn an acute accent used as a quote into a space + mark.
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name.translate(_FOLD)).casefold())
    kept = []
    for ch in text.translate(_FOLD):
        kind = unicodedata.category(ch)
        if kind in ("Pd", "Pc") or kind[0] == "Z" or ch.isspace():
            kept.append(" ")
        elif kind[0] != "C":  # control, zero-width and format characters are dropped
            kept.append(ch)
    return " ".join("".join(kept).split())


def visible(text: object) -> str:
    """Text safe to print: control, escape and invisible characters shown as \\x1b, \\u200b."""
    text = str(text)
    if text.isprintable():  # no control, format, unassigned or separator character but " "
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def check_learner_name(raw: object) -> str:
    """A learner's name as typed, tidied; BillingInputError for one we cannot file."""
    # Invisible format characters (zero-width space, byte-order mark) come from pasting: dropped.
    name = " ".join("".join(c for c in str(raw or "") if unicodedata.category(c) != "Cf").split())
    if not name:
        raise BillingInputError("type your name before submitting, so your instructor can find your work")
    if len(name) > MAX_NAME or any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise BillingInputError(f"your name must be plain text of at most {MAX_NAME} characters")
    if not learner_key(name):
        raise BillingInputError("your name must contain letters or digits")
    return name


def _slug(name: str) -> str:
    """The file-name form of the learner key; a fingerprint keeps lossy spellings apart."""
    key = learner_key(name)
    slug = re.sub(r"\W+", "-", key).strip("-_")[:40] or "learner"
    if slug.replace("-", " ") != key:
        slug += "-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return slug


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
    exercise_id = str(payload["exercise"])
    if not _EXERCISE_ID.fullmatch(exercise_id):  # it becomes part of a file name
        raise BillingInputError(f"exercise id {exercise_id[:60]!r} is not letters, digits and _")
    stamp = datetime.fromisoformat(payload["submitted_at"]).strftime(_STAMP)
    stem = f"{_slug(payload['learner'])}__{exercise_id}__{stamp}"
    try:
        return write_new_file(folder, stem, json.dumps(payload, indent=2, sort_keys=True) + "\n")
    except FileExistsError:
        raise BillingInputError(f"too many submissions in one second in {folder}") from None


def _time(raw: object) -> datetime:
    if not isinstance(raw, str):
        raise SubmissionError("submitted_at is missing")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise SubmissionError(f"submitted_at is not a date and time: {raw[:40]!r}") from None
    if moment.tzinfo is None:
        raise SubmissionError("submitted_at has no time zone (should be UTC)")
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise SubmissionError(f"submitted_at is outside the years 1-9999 in UTC: {raw[:40]!r}") from None


def parse_submission(data: object, known_exercises=None, path: Path | None = None) -> Submission:
    """A checked Submission from decoded JSON, or SubmissionError with the reason."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SubmissionError("not a cpt97530 submission (a foreign file)")
    _check_tree(data)
    version = data.get("format_version")
    if type(version) is not int or version < 1:
        raise SubmissionError("format_version is missing or not a whole number")
    if version > FORMAT_VERSION:
        raise SubmissionError(f"made by a newer toolkit (format version {version}); update the toolkit")
    learner = data.get("learner")
    if not isinstance(learner, str) or not learner_key(learner):
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


_BROKEN = re.compile("[\ud800-\udfff]")


def _check_tree(data: object) -> None:
    """The documented limits, checked without recursion (a crafted file cannot exhaust the stack)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise SubmissionError(f"a text value is longer than {MAX_TEXT} characters")
            if _BROKEN.search(value):
                raise SubmissionError("a text value holds a broken character (a lone surrogate)")
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise SubmissionError(f"nested more than {MAX_DEPTH} levels deep")
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise SubmissionError(f"a number has more than {MAX_DIGITS} digits")
    return int(text)


def _no_constant(text: str):
    raise SubmissionError(f"{text} is not a number a submission can hold")


def decode_submission(raw: bytes) -> object:
    """JSON from a file's bytes, within the documented limits, or SubmissionError."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError("not UTF-8 text (binary or wrongly encoded file)") from None
    try:
        return json.loads(text, parse_int=_whole_number, parse_constant=_no_constant)
    except json.JSONDecodeError as bad:
        raise SubmissionError(f"not valid JSON, cut off or corrupt (line {bad.lineno})") from None
    except RecursionError:
        raise SubmissionError(f"nested more than {MAX_DEPTH} levels deep") from None


_KINDS = ((stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def _not_a_file(mode: int) -> str:
    kind = next((name for test, name in _KINDS if test(mode)), "not an ordinary file")
    return f"{kind}, not a submission file: not read"


def _read_bytes(path: Path) -> tuple[bytes, float]:
    """The file's bytes and modification time; never follows a link, never waits on a pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    if path.is_symlink():
        raise SubmissionError(_link_reason(path))
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError(_not_a_file(info.st_mode))
        if info.st_size == 0:
            raise SubmissionError("empty file (half-written or an interrupted copy?)")
        if info.st_size > MAX_BYTES:
            raise SubmissionError(f"too large to be a submission ({info.st_size} bytes, limit {MAX_BYTES})")
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise SubmissionError(f"too large to be a submission (over {MAX_BYTES} bytes)")
    return raw, info.st_mtime


def read_submission(path: Path, known_exercises=None, now: datetime | None = None) -> Submission:
    """One file, checked; SubmissionError says why it cannot be graded."""
    path = Path(path)
    if path.name.startswith(".") and path.suffix in (".tmp", ".pending"):
        raise SubmissionError("unfinished temporary file: a save that never completed")
    if path.suffix.lower() != ".json":
        raise SubmissionError("not a submission (.json) file")
    raw, mtime = _read_bytes(path)
    sub = parse_submission(decode_submission(raw), known_exercises, path)
    now = now or datetime.now(UTC)
    extra = {"digest": hashlib.sha256(raw).hexdigest()}
    if sub.submitted_at > now + CLOCK_SLACK:  # a wrong clock, or a date typed to win
        file_time = min(datetime.fromtimestamp(mtime, UTC), now)
        extra.update(ordered_at=file_time, clock_note=(
            f"submitted_at {sub.submitted_at:%Y-%m-%d %H:%M} UTC is ahead of this computer's "
            f"clock; ordered by the file's time ({file_time:%Y-%m-%d %H:%M} UTC) instead"))
    return replace(sub, **extra)


def _link_reason(path: Path) -> str:
    if not path.exists():
        return "symbolic link to nothing (dangling): not followed"
    if path.is_dir():
        return ("symbolic link to a folder: not followed (its files are not graded; copy them "
                "into the class folder instead)")
    return "symbolic link: not followed (copy the file itself into the class folder)"


def walk(folder: Path) -> list[tuple[Path, str]]:
    """Every entry under `folder`, sorted: (path, "") to read, or (path, reason) if it cannot be."""
    root = Path(folder)
    found: list[tuple[Path, str]] = []
    pending = [root]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            found.append((current, f"folder cannot be opened: {error.strerror}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    found.append((path, _link_reason(path)))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.is_file(follow_symlinks=False):
                    found.append((path, ""))
                else:
                    found.append((path, _not_a_file(entry.stat(follow_symlinks=False).st_mode)))
            except OSError as error:
                found.append((path, f"cannot be examined: {error.strerror}"))
    return sorted(found, key=lambda f: f[0].relative_to(root).parts)


@dataclass(frozen=True)
class Scan:
    submissions: tuple[Submission, ...]
    problems: tuple[tuple[Path, str], ...]  # every entry not read, with its reason
    duplicates: tuple[tuple[Path, Path], ...] = ()  # (copy ignored, file it repeats)


def scan_folder(folder: Path, known_exercises=None, now: datetime | None = None,
                each: Callable[[list], Iterable] = iter) -> Scan:
    """Every entry under `folder` (subfolders too): read, or listed with its reason.

    No file can stop the scan: any failure while reading one file is that file's reason.
    `each` wraps the list of entries (a progress bar)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BillingInputError(f"{folder} is not a folder of submissions")
    now = now or datetime.now(UTC)
    good, bad, copies, seen = [], [], [], {}
    # Shallowest first: of byte-identical copies, the one in a backup/ subfolder is ignored.
    entries = sorted(walk(folder), key=lambda e: (len(e[0].relative_to(folder).parts), e[0]))
    for path, problem in each(entries):
        if problem:
            bad.append((path, problem))
            continue
        try:
            sub = read_submission(path, known_exercises, now)
        except SubmissionError as reason:
            bad.append((path, str(reason)))
            continue
        except OSError as error:
            bad.append((path, f"cannot be read: {error.strerror or error}"))
            continue
        except Exception as error:  # noqa: BLE001 - one crafted file must not stop the class
            bad.append((path, f"cannot be read ({type(error).__name__}: {str(error)[:120]})"))
            continue
        if sub.digest in seen:
            copies.append((path, seen[sub.digest]))
        else:
            seen[sub.digest] = path
            good.append(sub)
    return Scan(tuple(good), tuple(bad), tuple(copies))


def attempt_files(learner: str, exercise_id: str, folder: Path | None = None) -> list[Path]:
    """This learner's saved attempts of one exercise, oldest first (by file name)."""
    folder = Path(folder) if folder else submissions_dir()
    if not folder.is_dir() or not _EXERCISE_ID.fullmatch(exercise_id):
        return []
    return sorted(folder.glob(f"{_slug(learner)}__{exercise_id}__*.json"))  # no glob characters


def attempt_order(sub: Submission) -> tuple:
    """Sort key: time (the file's when submitted_at is in the future), then the file name."""
    return (sub.ordered_at or sub.submitted_at, sub.path.name if sub.path else "")
