"""Submission files: one JSON file per attempt, written atomically, never overwritten.

Folder: `submissions_dir()` below (`~/.cpt97530/submissions`, or `CPT97530_HOME`/
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

Learner key and file name: `learner_key(name)` is the one normaliser of names. It maps
look-alikes (a documented subset of Unicode TR39 confusables: look-alike dashes, dots,
quotes, and Greek/Cyrillic capitals and small letters drawn exactly like Latin ones) BEFORE
case folding, applies NFKC (full-width letters, compatibility forms), drops default-ignorable
characters (zero-width, joiners, variation selectors, tags), reads blank fillers (Hangul
fillers, blank Braille) as spaces, casefolds, and folds dashes, underscores and spaces to
one space. "Sam Lee", "Sam-Lee", "sam_lee" and "ＳＡＭ　ＬＥＥ" are one learner; "Nora" with a
Greek capital Nu is Nora, not Vora. A name with no letter or digit is refused. The key
decides the file name (`sam-lee__...`); a key that cannot be spelled faithfully in a file
name gets a fingerprint of the key after a double dash (`ann-lee--a80c5f13`), which no
plain slug contains, so two different keys never share a file stem.

Writing (`toolkit.files.storage.write_new_file`): the JSON goes to a hidden temporary file with a
random, never-shared name (created with O_EXCL), which is then hard-linked to the first
free `-NN` name, a step that fails rather than overwrite: many learners (or one learner's
look-alike spellings) saving in the same second each get their own file. A crash leaves at
most a hidden `.pending` file: the grader lists it as a copy when it matches a saved file,
as complete-but-unnamed when it holds a whole submission, else as unfinished. Files are
created 0660 minus the umask, never world-readable; in a setgid class folder they take its
group and group read is added whatever the umask (README: the chmod 3733 class folder), and
`instructor_cannot_read` says when that failed. In a folder the learner cannot list,
`attempt_files` finds their files from `receipts_file()`, one os.stat per name.

Reading never runs anything: a submission is data, checked field by field. Limits, each
file over one is listed as "not graded" with the reason: at most 256 KB; UTF-8 (a leading
byte-order mark is allowed); nesting at most 8 levels deep; whole numbers of at most 9
digits (no NaN or Infinity); text values and keys of at most 200 characters, no broken
characters (lone surrogates); no field given twice; submitted_at a UTC date and time between
years 1 and 9999; answers as `toolkit.course.exercises.grading.clean_answers` states (only options
offered, capped lists, a wrong type never read as blank). A submitted_at more than 5
minutes ahead of the grader's clock or before 2026 is reported and the file's own time
orders that attempt (the oldest, when that time is impossible too). Only regular files are
read: symbolic links (to a file or a folder: a linked folder is not followed), pipes,
devices and unreadable entries are listed with the reason. Copies of one attempt (same
learner key, exercise, submitted_at and answers, whatever the bytes) count once.
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
from toolkit.course.class_folder import submissions_folder
from toolkit.course.exercises.grading import Answers, clean_answers
from toolkit.errors import AnswerFormatError, BillingInputError, SubmissionError
from toolkit.files.storage import write_new_file
from toolkit.settings import class_dir, hub_learner, learner_home, submissions_override

FORMAT = "cpt97530-submission"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024
MAX_NAME = 80  # when saving; a file read back may carry up to MAX_TEXT
MAX_DEPTH = 8  # a real submission is 4 deep (file > answers > modifiers > list)
MAX_DIGITS = 9
MAX_TEXT = 200
CLOCK_SLACK = timedelta(minutes=5)
# No submission can be older than its format: a submitted_at before this is a wrong clock.
FORMAT_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
_OLDEST = datetime.min.replace(tzinfo=UTC)
_STAMP = "%Y%m%dT%H%M%SZ"


def submissions_dir() -> Path:
    """Where this learner's submissions go: in a hub server with a class folder, the class
    folder's `submissions/<hub user>/`; else `CPT97530_SUBMISSIONS`, else `$CPT97530_HOME/
    submissions`. Never raises."""
    shared = class_dir()
    if shared is not None:
        return submissions_folder(shared, hub_learner())
    return submissions_override() or learner_home() / "submissions"


_EXERCISE_ID = re.compile(r"[A-Za-z0-9_]{1,60}")


@dataclass(frozen=True)
class Submission:
    learner: str
    exercise_id: str
    answers: Answers
    submitted_at: datetime
    toolkit_version: str
    path: Path | None = None
    ordered_at: datetime | None = None  # set when submitted_at cannot be trusted (see _ordering)
    clock_note: str = ""

    @property
    def learner_key(self) -> str:
        """The same person however they capitalised, spaced or typed their name."""
        return learner_key(self.learner)

    @property
    def identity(self) -> tuple:
        """Two files with the same identity are one attempt (a copy, whatever its bytes)."""
        return (
            self.learner_key,
            self.exercise_id,
            self.submitted_at,
            json.dumps(self.answers.as_dict(), sort_keys=True),
        )


# Look-alikes, a documented subset of Unicode TR39's confusables: punctuation and spaces NFKC
# leaves alone, and Greek, Cyrillic and Latin-extension letters drawn exactly like a Latin
# letter. Mapped BEFORE case folding, capitals too: Greek capital Nu is drawn N but folds to
# nu (drawn v), so folding first would merge "Nora" with "Vora". Letters drawn like a Latin
# letter only in some fonts (Cyrillic small te, ka, em; Greek gamma...) are left apart.
_LOOK_ALIKE = str.maketrans(
    {
        "\u2212": " ",
        "\u2043": " ",
        ".": " ",
        "\u00b7": " ",
        "\u2027": " ",
        "\u30fb": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u02bb": "'",
        "\u02bd": "'",
        # Greek capitals, then small letters
        "\u0391": "A",
        "\u0392": "B",
        "\u0395": "E",
        "\u0396": "Z",
        "\u0397": "H",
        "\u0399": "I",
        "\u039a": "K",
        "\u039c": "M",
        "\u039d": "N",
        "\u039f": "O",
        "\u03a1": "P",
        "\u03a4": "T",
        "\u03a5": "Y",
        "\u03a7": "X",
        "\u03f9": "C",
        "\u037f": "J",
        "\u03b1": "a",
        "\u03bf": "o",
        "\u03c1": "p",
        "\u03b9": "i",
        "\u03ba": "k",
        "\u03bd": "v",
        "\u03c5": "u",
        "\u03c7": "x",
        "\u03f2": "c",
        "\u03f3": "j",
        # Cyrillic capitals, then small letters (palochka, drawn like a capital I, as i)
        "\u0410": "A",
        "\u0412": "B",
        "\u0415": "E",
        "\u041a": "K",
        "\u041c": "M",
        "\u041d": "H",
        "\u041e": "O",
        "\u0420": "P",
        "\u0421": "C",
        "\u0422": "T",
        "\u0423": "Y",
        "\u0425": "X",
        "\u0405": "S",
        "\u0406": "I",
        "\u0408": "J",
        "\u04c0": "I",
        "\u051a": "Q",
        "\u051c": "W",
        "\u04ae": "Y",
        "\u0430": "a",
        "\u0435": "e",
        "\u043e": "o",
        "\u0440": "p",
        "\u0441": "c",
        "\u0443": "y",
        "\u0445": "x",
        "\u0456": "i",
        "\u0458": "j",
        "\u0455": "s",
        "\u04bb": "h",
        "\u0501": "d",
        "\u051b": "q",
        "\u051d": "w",
        "\u04cf": "i",
        "\u04af": "y",
        # Latin letters drawn like plain ones: dotless i, script g, alpha, iota
        "\u0131": "i",
        "\u0261": "g",
        "\u0251": "a",
        "\u0269": "i",
    }
)
# Unicode's default-ignorable code points (DerivedCoreProperties): drawn as nothing at all
# (zero-width spaces and joiners, combining grapheme joiner, variation selectors, tags...).
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Drawn as an empty space although Unicode files them as letters or symbols: Hangul fillers
# and the blank Braille pattern. They separate words like a space does.
_BLANKS = re.compile("[\u115f\u1160\u3164\uffa0\u2800]")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.translate(_LOOK_ALIKE))  # full-width -> plain
    text = _BLANKS.sub(" ", _IGNORABLE.sub("", text))
    text = unicodedata.normalize("NFKC", text).translate(_LOOK_ALIKE)  # what NFKC made plain
    text = unicodedata.normalize("NFKC", text.casefold()).translate(_LOOK_ALIKE)
    kept = []
    for ch in text:
        kind = unicodedata.category(ch)
        if kind in ("Pd", "Pc") or kind[0] == "Z" or ch.isspace():
            kept.append(" ")
        elif kind[0] != "C":  # control, format, unassigned and private characters are dropped
            kept.append(ch)
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


def learner_key(name: str) -> str:
    """One key per person: look-alike spellings of a name give the same key."""
    key = _fold(name)
    for _ in range(3):  # dropping a joiner can let letters combine anew: fold until it holds
        again = _fold(key)
        if again == key:
            break
        key = again
    return key


def _has_letters(key: str) -> bool:
    return any(ch.isalnum() for ch in key)


def check_learner_name(raw: object) -> str:
    """A learner's name as typed, tidied; BillingInputError for one we cannot file."""
    # Invisible characters (zero-width space, byte-order mark, variation selectors) come from
    # pasting: dropped. Blank fillers (Hangul filler, blank Braille) are spaces.
    text = _BLANKS.sub(" ", _IGNORABLE.sub("", str(raw or "")))
    name = " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())
    if not name:
        raise BillingInputError(
            "type your name before submitting, so your instructor can find your work"
        )
    if len(name) > MAX_NAME or any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise BillingInputError(f"your name must be plain text of at most {MAX_NAME} characters")
    if not _has_letters(learner_key(name)):
        raise BillingInputError(
            "your name must contain letters or digits (invisible "
            "characters and punctuation alone are not a name)"
        )
    return name


def _slug(name: str) -> str:
    """The file-name form of the learner key; a fingerprint keeps lossy spellings apart.

    A plain slug is words joined by single dashes; the fingerprint follows a double dash,
    which no plain slug contains, so "Ann Lee!" and "Ann Lee <its fingerprint>" differ."""
    key = learner_key(name)
    slug = re.sub(r"\W+", "-", key)[:40].strip("-") or "learner"
    if slug.replace("-", " ") != key:
        slug += "--" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return slug


def new_submission(
    learner: str, *, exercise_id: str, answers: Answers | dict, now: datetime | None = None
) -> dict:
    """The JSON payload for one attempt (`now`: default the current time).

    Raises:
        BillingInputError: a learner name that cannot be filed (empty, too long, no letter
            or digit).
        AnswerFormatError: malformed answers (`clean_answers` says what is wrong).
    """
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


def write_submission(payload: dict, *, folder: Path | None = None) -> Path:
    """Save one attempt under a new name in `folder` (default `submissions_dir()`); never
    replaces an existing file.

    Raises:
        BillingInputError: an exercise id that is not letters, digits and _, too many
            submissions in one second, or something other than a folder at `folder`.
        OSError: the folder cannot be made or written (permissions, a full disk).
    """
    folder = Path(folder) if folder else submissions_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # "[Errno 17] File exists" means nothing
        raise BillingInputError(
            f"the submissions folder {folder} is not a folder (a file, a pipe or a broken link"
            " is in its place): move it away, or set CPT97530_SUBMISSIONS to a folder"
        ) from None
    exercise_id = str(payload["exercise"])
    if not _EXERCISE_ID.fullmatch(exercise_id):  # it becomes part of a file name
        raise BillingInputError(f"exercise id {exercise_id[:60]!r} is not letters, digits and _")
    stamp = datetime.fromisoformat(payload["submitted_at"]).strftime(_STAMP)
    stem = f"{_slug(payload['learner'])}__{exercise_id}__{stamp}"
    try:
        path = write_new_file(folder, stem, json.dumps(payload, indent=2, sort_keys=True) + "\n")
    except FileExistsError:
        raise BillingInputError(f"too many submissions in one second in {folder}") from None
    if not os.access(folder, os.R_OK):  # a class folder learners cannot list: remember the name
        _note_receipt(path)
    return path


def receipts_file() -> Path:
    """The names of this learner's files in class folders they may write to but not list."""
    return learner_home() / "submitted-files.txt"


def _note_receipt(path: Path) -> None:
    # Best effort: the submission is saved either way; without the note only the attempt
    # count shown in the exercise can be too low.
    try:
        with open(receipts_file(), "a", encoding="utf-8") as notes:
            notes.write(os.path.abspath(path) + "\n")
    except OSError:
        pass


def instructor_cannot_read(path: Path) -> str:
    """Why the class folder's group (the instructor) cannot read a saved file; "" if it can."""
    try:
        folder, info = os.stat(Path(path).parent), os.stat(path)
    except OSError:
        return ""
    if folder.st_mode & stat.S_ISGID and not info.st_mode & stat.S_IRGRP:
        return (
            "your instructor may not be able to read it (this computer refused to give the "
            "class folder's group read access); tell your instructor"
        )
    return ""


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
        raise SubmissionError(
            f"submitted_at is outside the years 1-9999 in UTC: {raw[:40]!r}"
        ) from None


def parse_submission(data: object, known_exercises=None, path: Path | None = None) -> Submission:
    """A checked Submission from decoded JSON, or SubmissionError with the reason."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SubmissionError("not a cpt97530 submission (a foreign file)")
    _check_tree(data)
    version = data.get("format_version")
    if type(version) is not int or version < 1:
        raise SubmissionError("format_version is missing or not a whole number")
    if version > FORMAT_VERSION:
        raise SubmissionError(
            f"made by a newer toolkit (format version {version}); update the toolkit"
        )
    learner = data.get("learner")
    if not isinstance(learner, str) or not _has_letters(learner_key(learner)):
        raise SubmissionError("learner name is missing, not text, or has no letters or digits")
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
        learner=" ".join(learner.split()),
        exercise_id=exercise_id,
        answers=answers,
        submitted_at=_time(data.get("submitted_at")),
        toolkit_version=version_text if isinstance(version_text, str) else "?",
        path=path,
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


def _no_repeated_keys(pairs: list) -> dict:
    """A key given twice is refused: readers disagree on which value counts."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise SubmissionError(f"the field {twice[:40]!r} is given twice")
    return found


def decode_submission(raw: bytes) -> object:
    """JSON from a file's bytes, within the documented limits, or SubmissionError."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError("not UTF-8 text (binary or wrongly encoded file)") from None
    try:
        return json.loads(
            text,
            parse_int=_whole_number,
            parse_constant=_no_constant,
            object_pairs_hook=_no_repeated_keys,
        )
    except json.JSONDecodeError as bad:
        raise SubmissionError(f"not valid JSON, cut off or corrupt (line {bad.lineno})") from None
    except RecursionError:
        raise SubmissionError(f"nested more than {MAX_DEPTH} levels deep") from None


_KINDS = (
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


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
            raise SubmissionError(
                f"too large to be a submission ({info.st_size} bytes, limit {MAX_BYTES})"
            )
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise SubmissionError(f"too large to be a submission (over {MAX_BYTES} bytes)")
    return raw, info.st_mtime


def read_submission(path: Path, *, known_exercises=None, now: datetime | None = None) -> Submission:
    """One file, checked.

    Raises:
        SubmissionError: the file cannot be graded (not a .json file, unfinished, a link,
            empty, too large, not a submission, or an exercise not in `known_exercises`),
            saying why in one line.
        OSError: the file cannot be opened (gone, or no permission).
    """
    path = Path(path)
    if path.name.startswith(".") and path.suffix in (".tmp", ".pending"):
        raise SubmissionError("unfinished temporary file: a save that never completed")
    if path.suffix.lower() != ".json":
        raise SubmissionError("not a submission (.json) file")
    raw, mtime = _read_bytes(path)
    sub = parse_submission(decode_submission(raw), known_exercises, path)
    ordered_at, note = _ordering(sub.submitted_at, mtime, now or datetime.now(UTC))
    return replace(sub, ordered_at=ordered_at, clock_note=note) if note else sub


def _ordering(submitted: datetime, mtime: float, now: datetime) -> tuple[datetime | None, str]:
    """When submitted_at cannot be true, the time that orders the attempt, and why.

    Ahead of the grader's clock by more than CLOCK_SLACK (a wrong clock, or a date typed to
    win), or before FORMAT_EPOCH (a clock reset to 2000): the file's own time orders the
    attempt. If the file's time cannot be true either, the attempt is ordered as the
    learner's OLDEST, so it can never outrank an attempt with a true time. A file time
    merely later than submitted_at proves nothing (copying a file gives it a new time)."""

    def possible(moment: datetime) -> bool:
        return FORMAT_EPOCH <= moment <= now + CLOCK_SLACK

    if possible(submitted):
        return None, ""
    where = (
        "ahead of this computer's clock"
        if submitted > now
        else f"before {FORMAT_EPOCH:%Y}, when this submission format did not exist yet"
    )
    said = f"submitted_at {submitted:%Y-%m-%d %H:%M} UTC is {where}"
    try:
        file_time = datetime.fromtimestamp(mtime, UTC)
    except (OverflowError, OSError, ValueError):
        file_time = _OLDEST
    if possible(file_time):
        return (
            file_time,
            f"{said}; ordered by the file's time ({file_time:%Y-%m-%d %H:%M} UTC) instead",
        )
    return _OLDEST, (
        f"{said}, and the file's time cannot be right either; ordered as this "
        "learner's oldest attempt of the exercise"
    )


def _link_reason(path: Path) -> str:
    if not path.exists():
        return "symbolic link to nothing (dangling): not followed"
    if path.is_dir():
        return (
            "symbolic link to a folder: not followed (its files are not graded; copy them "
            "into the class folder instead)"
        )
    return "symbolic link: not followed (copy the file itself into the class folder)"


def walk(folder: Path, skip: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Every entry under `folder`, sorted: (path, "") to read, or (path, reason) if it cannot be.

    Entries in `skip` (the grader's own outputs) are left out; the caller says so."""
    root = Path(folder)
    skipped = {os.path.abspath(p) for p in skip}
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
            if os.path.abspath(path) in skipped:
                continue
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


def scan_folder(
    folder: Path,
    known_exercises=None,
    now: datetime | None = None,
    each: Callable[[list], Iterable] = iter,
    skip: Iterable[Path] = (),
) -> Scan:
    """Every entry under `folder` (subfolders too): read, or listed with its reason.

    No file can stop the scan: any failure while reading one file is that file's reason.
    `each` wraps the list of entries (a progress bar); `skip` as in `walk`."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BillingInputError(f"{folder} is not a folder of submissions")
    now = now or datetime.now(UTC)
    good, bad, copies, seen = [], [], [], {}
    # Shallowest first: of two copies of one attempt, the one in a backup/ subfolder is ignored.
    entries = sorted(walk(folder, skip), key=lambda e: (len(e[0].relative_to(folder).parts), e[0]))
    for path, problem in each(entries):
        if problem:
            bad.append((path, problem))
            continue
        try:
            sub = read_submission(path, known_exercises=known_exercises, now=now)
        except SubmissionError as reason:
            bad.append((path, str(reason)))
            continue
        except OSError as error:
            bad.append((path, f"cannot be read: {error.strerror or error}"))
            continue
        except Exception as error:  # noqa: BLE001 - one crafted file must not stop the class
            bad.append((path, f"cannot be read ({type(error).__name__}: {str(error)[:120]})"))
            continue
        if sub.identity in seen:  # same learner, exercise, time and answers: one attempt
            copies.append((path, seen[sub.identity]))
        else:
            seen[sub.identity] = path
            good.append(sub)
    bad, leftovers = _explain_pending(bad, {s.path for s in good} | {c for c, _ in copies})
    return Scan(tuple(good), tuple(bad), tuple(copies + leftovers))


def _explain_pending(bad: list, finals: set[Path]) -> tuple[list, list]:
    """A .pending file left by a crash: a copy of a saved file, or a complete save without a name.

    The writer links the finished temporary file to its final name, then removes the temporary
    name; a crash between the two leaves a .pending file identical to a graded file."""
    still, leftovers = [], []
    for path, reason in bad:
        if path.name.startswith(".") and path.suffix == ".pending":
            stem = path.name[1 : -len(".pending")].rsplit(".", 1)[0]
            try:
                raw, _ = _read_bytes(path)
            except (OSError, SubmissionError):
                raw = None
            twin = next(
                (
                    f
                    for f in sorted(finals)
                    if raw is not None
                    and f.parent == path.parent
                    and f.name.startswith(stem + "-")
                    and _same_bytes(f, raw)
                ),
                None,
            )
            if twin:
                leftovers.append((path, twin))
                continue
            if raw is not None and _complete(raw):
                reason = (
                    "a save interrupted before the file got its name; the answers inside "
                    "are complete: rename it to end in .json (no leading dot) to grade it"
                )
        still.append((path, reason))
    return still, leftovers


def _same_bytes(path: Path, raw: bytes) -> bool:
    try:
        return _read_bytes(path)[0] == raw
    except (OSError, SubmissionError):
        return False


def _complete(raw: bytes) -> bool:
    try:
        parse_submission(decode_submission(raw))
    except Exception:  # noqa: BLE001 - anything unreadable is simply not complete
        return False
    return True


def attempt_files(learner: str, exercise_id: str, folder: Path | None = None) -> list[Path]:
    """This learner's saved attempts of one exercise, oldest first (by file name).

    In a class folder learners may write to but not list (chmod 3733, see the README), the
    names this learner saved there are looked up one by one (os.stat) from their receipts."""
    folder = Path(folder) if folder else submissions_dir()
    if not _EXERCISE_ID.fullmatch(exercise_id):
        return []
    prefix = f"{_slug(learner)}__{exercise_id}__"
    try:
        names = os.listdir(folder)
    except PermissionError:
        names = [p.name for p in _receipts(folder) if _exists(p)]
    except OSError:
        return []
    return sorted(folder / n for n in names if n.startswith(prefix) and n.endswith(".json"))


def _receipts(folder: Path) -> list[Path]:
    where = os.path.abspath(folder)
    try:
        lines = receipts_file().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [Path(line) for line in dict.fromkeys(lines) if os.path.dirname(line) == where]


def _exists(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path, follow_symlinks=False).st_mode)
    except OSError:
        return False


def attempt_order(sub: Submission) -> tuple:
    """Sort key: time (the file's when submitted_at is in the future), then the file name."""
    return (sub.ordered_at or sub.submitted_at, sub.path.name if sub.path else "")
