"""What the dashboard shows, computed from the class folder alone.

Grading uses `toolkit.course.exercises.gradebook` (the code behind `cpt97530 grade`), so the
dashboard, the downloads and the command line agree. A file is credited to the learner
whose folder holds it: a submission that names someone else is listed, not counted.
Results are plain JSON-ready data; the page escapes every learner-entered text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from toolkit.classroom.names import hub_name
from toolkit.course import class_folder
from toolkit.course.exercises import gradebook
from toolkit.course.exercises.gradebook import ClassResults, GradedAttempt
from toolkit.course.exercises.grading import grade
from toolkit.course.exercises.submission import read_submission
from toolkit.course.lessons import LESSONS
from toolkit.errors import SubmissionError

PROBLEMS_SHOWN = 10  # problem files listed on the dashboard (all are in the HTML report)
# Which figures a learner's own code could report, said plainly. On a hub the grading service
# grades exercises and quick checks itself, but the lessons (so the learner's server) carry
# the quick checks' answers and make and check practice problems with public rules.
TRUST_NOTE_RECORDS = (
    "Exercise scores are graded and timed by the grading service; a learner cannot change "
    "them. Lessons, Quick checks and Practice are self-reported: the grading service records "
    "the answers, but the lessons carry the quick checks' answers and check practice "
    "problems on the learner's own server, so a learner's script could report them."
)
TRUST_NOTE_FILES = (
    "Every figure comes from files the learners' own servers write in the class folder "
    "(self-reported); on a hub with the grading service, exercise scores are not."
)


@dataclass
class _Cached:
    stamp: tuple
    attempt: GradedAttempt | None
    problem: str


class ClassGrader:
    """Grades the class folder's submissions, re-reading only files that changed.

    A refresh every few seconds must stay fast with a whole room; a file is graded again
    only when its size or modification time changes, and at most MAX_FILES_PER_LEARNER
    files are read per learner (a room needs about 14 exercises x a few attempts each), so
    one learner's folder of junk cannot slow every refresh: the rest is one listed line.
    """

    MAX_FILES_PER_LEARNER = 300

    def __init__(self, class_dir: Path, bank):
        self.root = Path(class_dir) / "submissions"
        self.bank = bank
        self._cache: dict[Path, _Cached] = {}

    def results(self) -> ClassResults:
        attempts, problems, seen = [], [], set()
        for path in self._files(problems):
            seen.add(path)
            try:
                info = path.lstat()
            except OSError:  # removed since it was listed
                continue
            stamp = (info.st_mtime_ns, info.st_size)
            cached = self._cache.get(path)
            if cached is None or cached.stamp != stamp:
                cached = self._cache[path] = _Cached(stamp, *self._grade(path))
            if cached.attempt is not None:
                attempts.append(cached.attempt)
            else:
                problems.append((str(path.relative_to(self.root)), cached.problem))
        for gone in set(self._cache) - seen:
            del self._cache[gone]
        return ClassResults(self.bank, tuple(attempts), tuple(problems))

    def _files(self, problems: list) -> list[Path]:
        """Each learner's files, the first MAX_FILES_PER_LEARNER by name; the overflow is
        one line in `problems`."""
        files = []
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError:
            return files
        learners = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                learners.append(entry)
            else:
                problems.append((entry.name, "not a learner's folder (a file or a link)"))
        for learner in learners:
            try:
                names = sorted(os.listdir(learner.path))
            except OSError as error:
                problems.append((f"{learner.name}/", f"folder cannot be read: {error.strerror}"))
                continue
            cap = self.MAX_FILES_PER_LEARNER
            files += [Path(learner.path) / name for name in names[:cap]]
            if len(names) > cap:
                problems.append(
                    (
                        f"{learner.name}/",
                        f"{len(names) - cap} more file(s) not read: at most "
                        f"{cap} files are read per learner",
                    )
                )
        return files

    def _grade(self, path: Path) -> tuple[GradedAttempt | None, str]:
        if path.is_symlink():
            return None, "a link, not a submission file"
        if path.is_dir():
            return None, "a folder, not a submission file"
        try:
            sub = read_submission(path, known_exercises=self.bank)
        except SubmissionError as reason:
            return None, str(reason)
        except OSError as error:
            return None, f"cannot be read: {error.strerror}"
        except Exception as error:  # noqa: BLE001  (a crafted file must never stop the dashboard)
            return None, f"cannot be read ({type(error).__name__})"
        if hub_name(sub.learner) != path.parent.name:
            return None, f"names another learner ({sub.learner[:40]!r}) than the folder it is in"
        return GradedAttempt(
            sub,
            grade(self.bank[sub.exercise_id], answers=sub.answers),
            str(path.relative_to(self.root)),
        ), ""


class RecordsGrader:
    """The dashboard's data from the grading service's records (on a hub): every attempt
    as the service graded it, and lesson progress from the quick-check answers it recorded
    (no file a learner writes is read)."""

    def __init__(self, records):
        self.records = records

    def results(self) -> ClassResults:
        from toolkit.course.exercises.records import class_results

        return class_results(self.records)

    def summaries(self, class_dir: Path, problems: list) -> dict[str, dict]:
        return {
            learner: {"lessons": lessons, "updated_at": ""}
            for learner, lessons in self.records.lesson_counts().items()
        }


def _summaries(class_dir: Path, problems: list) -> dict[str, dict]:
    """Each learner's checked summary; one that cannot be read is listed in `problems`
    (its learner's row shows no lesson counts)."""
    found = {}
    progress = Path(class_dir) / "progress"
    for path in sorted(progress.glob("*/summary.json")) if progress.is_dir() else []:
        try:
            found[path.parent.name] = class_folder.read_summary(path)
        except OSError as error:
            problems.append(
                (f"progress/{path.parent.name}/summary.json", f"cannot be read: {error.strerror}")
            )
        except Exception as error:  # noqa: BLE001  (ValueError says why; anything else, its name)
            reason = (
                str(error)
                if isinstance(error, ValueError)
                else f"cannot be read ({type(error).__name__})"
            )
            problems.append((f"progress/{path.parent.name}/summary.json", reason))
    return found


def _number(value) -> float | None:
    return None if value is None or value != value else float(value)


def class_view(class_dir: Path, grader: ClassGrader, roster: list[str] = (), staff=()) -> dict:
    """Everything the dashboard page shows, as JSON-ready data (`staff`: hub names of the
    instructors, who are not rows even when they tried the course themselves)."""
    mode = class_folder.read_mode(class_dir)
    results = grader.results()
    book = gradebook.gradebook_frame(results, count=mode.count)
    items = gradebook.items_frame(results)
    summary_problems: list = []
    read = grader.summaries if isinstance(grader, RecordsGrader) else _summaries
    summaries = read(class_dir, summary_problems)
    exercise_ids = list(results.bank)
    by_key = {hub_name(row.learner.lstrip("'")): row for row in book.itertuples(index=False)}
    submitted = {}
    for attempt in results.attempts:
        submitted.setdefault(hub_name(attempt.submission.learner), set()).add(
            attempt.submission.exercise_id
        )
    names = sorted(
        (set(by_key) | set(summaries) | {hub_name(n) for n in roster}) - {""} - set(staff)
    )
    rows, not_started = [], []
    for name in names:
        lessons = summaries.get(name, {}).get("lessons", {})
        answered = sum(c["answered"] for c in lessons.values())
        right = sum(c["right"] for c in lessons.values())
        done = sum(1 for c in lessons.values() if c["done"])  # every quick check answered
        tried = sum(c["practice_tried"] for c in lessons.values())
        tried_right = sum(c["practice_right"] for c in lessons.values())
        row = by_key.get(name)
        scores = {ex: _number(getattr(row, ex)) if row is not None else None for ex in exercise_ids}
        if not answered and not submitted.get(name) and not tried:
            # Signed in: a summary, or (records) the empty one the hub makes at a sign-in (the
            # folders alone say nothing: the hub prepares the whole class list at start-up).
            signed_in = name in summaries or (
                isinstance(grader, RecordsGrader)
                and os.path.lexists(class_folder.summary_path(class_dir, name))
            )
            not_started.append({"learner": name, "signed_in": signed_in})
        rows.append(
            {
                "learner": name,
                "lessons_done": done,
                "quick_right": right,
                "quick_answered": answered,
                "practice_tried": tried,
                "practice_right": tried_right,
                "submitted": len(submitted.get(name, ())),
                "scores": scores,
                "overall": _number(row.overall) if row is not None else None,
                "updated_at": summaries.get(name, {}).get("updated_at", ""),
            }
        )
    first = items[items["attempt"] == 1] if len(items) else items
    hardest = []
    if len(first):
        per_ex = first.groupby(["learner", "exercise"])["score"].mean().groupby("exercise").mean()
        hardest = [
            {"exercise": ex, "mean_first_score": round(float(v) * 100, 1)}
            for ex, v in per_ex.sort_values().head(5).items()
        ]
    rules = []
    if len(items):
        from toolkit.reference import rule

        for r in gradebook.rule_analysis(items).head(6).itertuples(index=False):
            if r.missed > 0:
                found = rule(r.rule)
                rules.append(
                    {
                        "rule": r.rule,
                        "title": found.title,
                        "source": found.citation,
                        "missed": round(float(r.missed) * 100),
                        "missed_items": int(r.missed_items),
                        "items": int(r.items),
                    }
                )
    return {
        "mode": {"mode": mode.mode, "answers_released": mode.answers_released, "count": mode.count},
        "trust_note": TRUST_NOTE_RECORDS if isinstance(grader, RecordsGrader) else TRUST_NOTE_FILES,
        "exercises": exercise_ids,
        "lessons_total": sum(1 for lid in LESSONS if _has_checks(lid)),
        "learners": rows,
        "hardest_exercises": hardest,
        "missed_rules": rules,
        "not_started": not_started,
        # Counts plus the first few problems: a flood of junk files stays one short list.
        "not_graded_total": len(results.not_graded),
        "not_graded": [{"file": f, "reason": r} for f, r in results.not_graded[:PROBLEMS_SHOWN]],
        "summaries_not_readable": [
            {"file": f, "reason": r} for f, r in summary_problems[:PROBLEMS_SHOWN]
        ],
        "summaries_not_readable_total": len(summary_problems),
    }


def _has_checks(lesson_id: str) -> bool:
    from toolkit.course.lessons.quick_checks import for_lesson

    return bool(for_lesson(lesson_id))
