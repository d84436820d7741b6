"""The class records of the grading service: every attempt and quick-check answer, once.

On a hub the grading service (`toolkit.classroom.grading_service`) is the only writer: it
stamps each attempt with its own clock, grades it with the exercise bank and commits the
record before the learner sees the answer. The dashboard, its downloads and
`cpt97530 grade` read these same rows (`class_results`) and count them with the one rule
(`gradebook.gradebook_frame`), so they give the same grade for everyone.

Where: SQLite by default (`records.sqlite` in the hub's state folder), PostgreSQL when
`CPT97530_GRADING_DB` holds a database URL (SQLAlchemy Core; `postgresql+psycopg://...`).
The schema is versioned (`SCHEMA_VERSION` in the `grading_meta` table): a database made by
a newer toolkit is refused, never half-read. One database belongs to one hub
(`claim`): a second hub pointed at it is refused with the reason, so two classes never mix.

Each attempt keeps what the grade was worked out from (the answers) and the grade itself
(score and items, with the explanations and rule ids), so a reader needs no exercise bank:
the keys stay with the service. Attempts are ordered by the service's record number (its
clock stamps the time shown); "first" and "latest" are the lowest and highest number of a
learner's attempts at an exercise. A class is a `class_id`; `new_class` starts an empty one
and keeps the old rows (exported first, see `export_sqlite`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit.errors import BillingInputError

SCHEMA_VERSION = 2  # 2: quick checks keep their request id; practice counts
MAX_ANSWER_JSON = 16 * 1024  # a real attempt's answers are well under 1 KB
# Bounds per learner and class, so one script cannot fill the database or mine the grader.
# A learner needs a handful of attempts per exercise and answers each of the course's ~40
# quick checks a few times; these are far above that and far below harm.
MAX_ATTEMPTS = 30  # attempts at one exercise
MAX_CHECK_ANSWERS = 1000  # quick-check answers in all
MAX_PRACTICE = 1000  # practice problems a lesson can show (as class_folder.MAX_PRACTICE)


class RecordsError(BillingInputError):
    """The records database cannot be used (newer schema, another hub's, unreachable)."""


class LimitReached(BillingInputError):
    """A learner reached one of the bounds above; the message says which, plainly."""


def _tables():
    from sqlalchemy import (
        Boolean,
        Column,
        Float,
        Integer,
        MetaData,
        String,
        Table,
        Text,
        UniqueConstraint,
    )

    md = MetaData()
    meta = Table(
        "grading_meta",
        md,
        Column("key", String(40), primary_key=True),
        Column("value", Text, nullable=False),
    )
    attempts = Table(
        "attempts",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("class_id", String(40), nullable=False, index=True),
        Column("learner", String(80), nullable=False),
        Column("exercise", String(60), nullable=False),
        Column("request_id", String(64), nullable=False),
        Column("submitted_at", String(32), nullable=False),  # the service's clock, UTC ISO
        Column("answers", Text, nullable=False),  # JSON, as graded
        Column("score", Float, nullable=False),
        Column("result", Text, nullable=False),  # JSON: GradeResult.as_dict()
        UniqueConstraint("class_id", "learner", "request_id", name="one_attempt_per_request"),
    )
    checks = Table(
        "quick_checks",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("class_id", String(40), nullable=False, index=True),
        Column("learner", String(80), nullable=False),
        Column("lesson", String(60), nullable=False),
        Column("item", String(80), nullable=False),
        Column("answer", Text, nullable=False),
        Column("correct", Boolean, nullable=False),
        Column("answered_at", String(32), nullable=False),
        Column("request_id", String(64)),  # schema 2 (rows of schema 1 have none)
        UniqueConstraint("class_id", "learner", "request_id", name="one_check_per_request"),
    )
    practice = Table(  # schema 2: each learner's practice counts per lesson, as reported
        "practice",
        md,
        Column("class_id", String(40), nullable=False),
        Column("learner", String(80), nullable=False),
        Column("lesson", String(60), nullable=False),
        Column("tried", Integer, nullable=False),
        Column("right", Integer, nullable=False),
        Column("reported_at", String(32), nullable=False),
        UniqueConstraint("class_id", "learner", "lesson", name="one_practice_row"),
    )
    return md, meta, attempts, checks, practice


def attempts_used_up() -> LimitReached:
    return LimitReached(
        f"you have used all {MAX_ATTEMPTS} attempts at this exercise, the most one learner "
        "can make; your answers are still on screen; ask your instructor"
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).absolute()}"


def database_url(source: str | Path) -> str:
    """A database URL from what an instructor typed: a URL as it is, a file as SQLite."""
    text = str(source)
    return text if "://" in text else sqlite_url(Path(text))


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001  (an unparsable URL is said as unparsable)
        return "(a database URL that cannot be read)"


@dataclass(frozen=True)
class Recorded:
    """One attempt as stored: its number, time, answers and grade (as_dict form)."""

    number: int
    learner: str
    exercise: str
    submitted_at: str
    answers: dict
    score: float
    result: dict
    attempt: int  # this learner's attempts at this exercise, this one included
    replayed: bool = False  # the same request arrived before: nothing new was recorded


class Records:
    """A connection to the records database (one per process; thread-safe through the
    engine's pool). `read_only`: the dashboard's and the CLI's view of a SQLite file,
    which never creates or changes anything."""

    def __init__(self, url: str, *, read_only: bool = False):
        from sqlalchemy import create_engine, event

        self.url = url
        self.read_only = read_only
        kwargs = {}
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if read_only:
                if not Path(path).is_file():
                    raise RecordsError(f"no records database at {path}")
                url = f"sqlite:///file:{path}?mode=ro&uri=true"
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine = create_engine(url, **kwargs)
        except Exception as error:  # noqa: BLE001  (a bad URL or a missing driver: said plainly)
            raise RecordsError(
                f"cannot use the records database {shown_url(self.url)}: {error}"
            ) from None
        if url.startswith("sqlite"):

            @event.listens_for(self.engine, "connect")
            def _pragmas(connection, _record):
                cursor = connection.cursor()
                cursor.execute("PRAGMA synchronous=FULL")  # committed = on disk
                cursor.close()

        self.md, self.meta, self.attempts, self.checks, self.practice = _tables()

    # -- set-up ------------------------------------------------------------------------------
    def _get(self, connection, key: str) -> str | None:
        from sqlalchemy import select

        return connection.execute(
            select(self.meta.c.value).where(self.meta.c.key == key)
        ).scalar_one_or_none()

    def _set(self, connection, key: str, value: str) -> None:
        from sqlalchemy import delete, insert

        connection.execute(delete(self.meta).where(self.meta.c.key == key))
        connection.execute(insert(self.meta).values(key=key, value=value))

    def prepare(self, *, hub_id: str, exercises: dict[str, str]) -> None:
        """Create the tables (once), check the schema version and that this database is this
        hub's (`hub_id`), and keep the bank's exercise ids and titles for readers.

        Raises:
            RecordsError: a newer schema, another hub's database, or no database there.
        """
        from sqlalchemy.exc import SQLAlchemyError

        try:
            self.md.create_all(self.engine)
            with self.engine.begin() as connection:
                version = self._get(connection, "schema_version")
                if version is None:
                    self._set(connection, "schema_version", str(SCHEMA_VERSION))
                elif int(version) > SCHEMA_VERSION:
                    raise RecordsError(
                        f"the records database {shown_url(self.url)} was made by a newer toolkit "
                        f"(schema {version}); update the toolkit"
                    )
                elif int(version) == 1:
                    self._upgrade_from_1(connection)
                owner = self._get(connection, "hub_id")
                if owner is None:
                    self._set(connection, "hub_id", hub_id)
                elif owner != hub_id:
                    raise RecordsError(
                        f"the records database {shown_url(self.url)} belongs to another hub; "
                        "give each hub its own database (CPT97530_GRADING_DB)"
                    )
                if self._get(connection, "class_id") is None:
                    self._set(connection, "class_id", uuid.uuid4().hex)
                    self._set(connection, "class_started", _now())
                self._set(connection, "exercises", json.dumps(exercises))
        except SQLAlchemyError as error:
            raise RecordsError(
                f"cannot open the records database {shown_url(self.url)}: "
                f"{str(error.orig if hasattr(error, 'orig') else error).splitlines()[0]}"
            ) from None

    @staticmethod
    def _upgrade_from_1(connection) -> None:
        """Schema 1 -> 2 in the same transaction: quick checks get their request id (old rows
        none); the practice table was made by create_all."""
        from sqlalchemy import text

        connection.execute(text("ALTER TABLE quick_checks ADD COLUMN request_id VARCHAR(64)"))
        connection.execute(
            text(
                "CREATE UNIQUE INDEX one_check_per_request "
                "ON quick_checks (class_id, learner, request_id)"
            )
        )
        connection.execute(text("UPDATE grading_meta SET value = '2' WHERE key = 'schema_version'"))

    def class_id(self, connection=None) -> str:
        if connection is None:
            with self.engine.connect() as connection:
                return self.class_id(connection)
        found = self._get(connection, "class_id")
        if found is None:
            raise RecordsError(f"{shown_url(self.url)} holds no class records")
        return found

    def exercises(self) -> dict[str, str]:
        """{exercise id: title} of the bank the service grades with."""
        with self.engine.connect() as connection:
            raw = self._get(connection, "exercises")
        return json.loads(raw) if raw else {}

    def set_mode(self, mode: str, *, count: str | None = None) -> None:
        """Keep the class's mode and the attempt it counts with the records (an export or
        `cpt97530 grade` on them then counts as the dashboard does)."""
        with self.engine.begin() as connection:
            if self._get(connection, "mode") != mode:
                self._set(connection, "mode", mode)
            if count is not None and self._get(connection, "count") != count:
                self._set(connection, "count", count)

    def mode(self) -> str | None:
        with self.engine.connect() as connection:
            return self._get(connection, "mode")

    def count(self) -> str | None:
        """The attempt the class counts ('first' or 'latest'), as last kept; None if never."""
        with self.engine.connect() as connection:
            return self._get(connection, "count")

    # -- writing ----------------------------------------------------------------------------
    def record_attempt(
        self, learner: str, *, exercise: str, request_id: str, answers: dict, result: dict
    ) -> Recorded:
        """Store one graded attempt (committed when this returns). The same `request_id`
        from the same learner again is the earlier record, marked `replayed`: a retried or
        replayed request never adds an attempt.

        Raises:
            LimitReached: MAX_ATTEMPTS at this exercise are stored already.
            SQLAlchemyError: the database failed; nothing was stored.
        """
        done = self.record_attempts(
            [
                {
                    "learner": learner,
                    "exercise": exercise,
                    "request_id": request_id,
                    "answers": answers,
                    "result": result,
                }
            ]
        )[0]
        if isinstance(done, LimitReached):
            raise done
        return done

    def record_attempts(self, attempts: list[dict]) -> list[Recorded | LimitReached]:
        """Store several graded attempts in ONE transaction (one commit, one wait for the
        disk): what a room submitting at once needs. Each dict holds `record_attempt`'s
        arguments; the answer is one Recorded each, in order (a LimitReached instead of an
        attempt over MAX_ATTEMPTS, which is not stored). All or nothing.

        Raises:
            SQLAlchemyError: the database failed; nothing of the batch was stored.
        """
        from sqlalchemy import func, insert, select

        a = self.attempts
        done: list[Recorded | None] = []
        replays: list[tuple[int, dict]] = []
        with self.engine.begin() as connection:
            class_id = self.class_id(connection)
            learners = sorted({job["learner"] for job in attempts})
            mine = a.c.class_id == class_id, a.c.learner.in_(learners)
            # Two queries for the whole batch: which of its requests are stored already (by
            # the unique index, not every earlier request), and the attempts so far.
            requests = sorted({job["request_id"] for job in attempts})
            stored = set(
                connection.execute(
                    select(a.c.learner, a.c.request_id).where(*mine, a.c.request_id.in_(requests))
                )
            )
            counts = {
                (learner, exercise): n
                for learner, exercise, n in connection.execute(
                    select(a.c.learner, a.c.exercise, func.count())
                    .where(*mine)
                    .group_by(a.c.learner, a.c.exercise)
                )
            }
            for job in attempts:
                learner, request_id = job["learner"], job["request_id"]
                if (learner, request_id) in stored:
                    replays.append((len(done), job))
                    done.append(None)
                    continue
                key = (learner, job["exercise"])
                if counts.get(key, 0) >= MAX_ATTEMPTS:
                    done.append(attempts_used_up())
                    continue
                stored.add((learner, request_id))
                stamp = _now()
                number = connection.execute(
                    insert(a)
                    .values(
                        class_id=class_id,
                        learner=learner,
                        exercise=job["exercise"],
                        request_id=request_id,
                        submitted_at=stamp,
                        answers=json.dumps(job["answers"], sort_keys=True),
                        score=float(job["result"]["score"]),
                        result=json.dumps(job["result"]),
                    )
                    .returning(a.c.id)
                ).scalar_one()
                counts[key] = counts.get(key, 0) + 1
                done.append(
                    Recorded(
                        number,
                        learner,
                        job["exercise"],
                        stamp,
                        job["answers"],
                        job["result"]["score"],
                        job["result"],
                        counts[key],
                    )
                )
        for place, job in replays:  # after the commit: the earlier record as it is stored
            done[place] = self._by_request(job["learner"], job["request_id"])
        return done

    def _by_request(self, learner: str, request_id: str) -> Recorded | None:
        from sqlalchemy import select

        a = self.attempts
        with self.engine.connect() as connection:
            row = connection.execute(
                select(a).where(
                    a.c.class_id == self.class_id(connection),
                    a.c.learner == learner,
                    a.c.request_id == request_id,
                )
            ).one_or_none()
        if row is None:
            return None
        mine = self.learner_attempts(learner, exercise=row.exercise)
        place = next(i for i, r in enumerate(mine, 1) if r.number == row.id)
        return Recorded(
            row.id,
            row.learner,
            row.exercise,
            row.submitted_at,
            json.loads(row.answers),
            row.score,
            json.loads(row.result),
            place,
            replayed=True,
        )

    def record_check(
        self,
        learner: str,
        *,
        lesson: str,
        item: str,
        answer: object,
        correct: bool,
        request_id: str | None = None,
    ) -> bool:
        """Store one quick-check answer (committed when this returns); whether it was right
        as stored. The same `request_id` again is the earlier answer: nothing is added.

        Raises:
            LimitReached: MAX_CHECK_ANSWERS of this learner are stored already.
            SQLAlchemyError: the database failed; nothing was stored.
        """
        from sqlalchemy import func, insert, select
        from sqlalchemy.exc import IntegrityError

        c = self.checks
        try:
            with self.engine.begin() as connection:
                class_id = self.class_id(connection)
                mine = c.c.class_id == class_id, c.c.learner == learner
                if request_id is not None:
                    earlier = connection.execute(
                        select(c.c.correct).where(*mine, c.c.request_id == request_id)
                    ).scalar_one_or_none()
                    if earlier is not None:
                        return bool(earlier)
                used = connection.execute(select(func.count()).where(*mine)).scalar_one()
                if used >= MAX_CHECK_ANSWERS:
                    raise LimitReached(
                        f"you have sent {MAX_CHECK_ANSWERS} quick-check answers, the most one "
                        "learner can send in a class; your answers stay on your own server"
                    )
                connection.execute(
                    insert(c).values(
                        class_id=class_id,
                        learner=learner,
                        lesson=lesson,
                        item=item,
                        answer=json.dumps(answer),
                        correct=bool(correct),
                        answered_at=_now(),
                        request_id=request_id,
                    )
                )
        except IntegrityError:  # the same request arrived at the same moment: that one stands
            if request_id is None:
                raise
            with self.engine.connect() as connection:
                earlier = connection.execute(
                    select(c.c.correct).where(
                        c.c.class_id == self.class_id(connection),
                        c.c.learner == learner,
                        c.c.request_id == request_id,
                    )
                ).scalar_one_or_none()
            if earlier is None:  # not the same request: a real fault, said as one
                raise
            return bool(earlier)
        return bool(correct)

    def record_practice(self, learner: str, *, lesson: str, tried: int, right: int) -> None:
        """Keep a learner's practice counts for a lesson (as the learner's server reports
        them: practice problems are made and checked there, with public rules). Counts only
        grow (a lower report is an older one), capped at MAX_PRACTICE, right at most tried."""
        from sqlalchemy import insert, select, update

        p = self.practice
        tried = max(0, min(int(tried), MAX_PRACTICE))
        right = max(0, min(int(right), tried))
        with self.engine.begin() as connection:
            class_id = self.class_id(connection)
            where = p.c.class_id == class_id, p.c.learner == learner, p.c.lesson == lesson
            found = connection.execute(select(p.c.tried, p.c.right).where(*where)).one_or_none()
            if found is None:
                connection.execute(
                    insert(p).values(
                        class_id=class_id,
                        learner=learner,
                        lesson=lesson,
                        tried=tried,
                        right=right,
                        reported_at=_now(),
                    )
                )
            elif tried > found.tried or (tried == found.tried and right > found.right):
                connection.execute(
                    update(p).where(*where).values(tried=tried, right=right, reported_at=_now())
                )

    def new_class(self) -> str:
        """Start an empty class (the earlier rows stay in the database, not shown); its id."""
        fresh = uuid.uuid4().hex
        with self.engine.begin() as connection:
            self._set(connection, "class_id", fresh)
            self._set(connection, "class_started", _now())
        return fresh

    # -- reading ----------------------------------------------------------------------------
    def _rows(self, learner: str | None = None, exercise: str | None = None):
        from sqlalchemy import select

        a = self.attempts
        with self.engine.connect() as connection:
            query = select(a).where(a.c.class_id == self.class_id(connection))
            if learner is not None:
                query = query.where(a.c.learner == learner)
            if exercise is not None:
                query = query.where(a.c.exercise == exercise)
            return list(connection.execute(query.order_by(a.c.id)))

    def learner_attempts(self, learner: str, *, exercise: str | None = None) -> list[Recorded]:
        """One learner's attempts, oldest first (per exercise numbering in `attempt`)."""
        seen: dict[str, int] = {}
        found = []
        for row in self._rows(learner, exercise):
            seen[row.exercise] = seen.get(row.exercise, 0) + 1
            found.append(
                Recorded(
                    row.id,
                    row.learner,
                    row.exercise,
                    row.submitted_at,
                    json.loads(row.answers),
                    row.score,
                    json.loads(row.result),
                    seen[row.exercise],
                )
            )
        return found

    def all_attempts(self) -> list:
        """Every attempt of the class as raw rows, oldest first."""
        return self._rows()

    def lesson_counts(self) -> dict[str, dict[str, dict[str, int]]]:
        """{learner: {lesson: counts}} from the quick-check answers recorded: each item's
        latest answer counts (answered, right), capped by the course's own questions; the
        practice counts as the learners' servers reported them (`record_practice`)."""
        from sqlalchemy import select

        from toolkit.course.lessons import LESSONS
        from toolkit.course.lessons.quick_checks import for_lesson

        c, p = self.checks, self.practice
        latest: dict[tuple[str, str, str], bool] = {}
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(c.c.learner, c.c.lesson, c.c.item, c.c.correct)
                .where(c.c.class_id == self.class_id(connection))
                .order_by(c.c.id)
            )
            for learner, lesson, item, correct in rows:
                latest[(learner, lesson, item)] = bool(correct)
            practice = list(
                connection.execute(
                    select(p.c.learner, p.c.lesson, p.c.tried, p.c.right).where(
                        p.c.class_id == self.class_id(connection)
                    )
                )
            )
        out: dict[str, dict[str, dict[str, int]]] = {}

        def counts_of(learner: str, lesson: str) -> dict[str, int]:
            return out.setdefault(learner, {}).setdefault(
                lesson,
                {
                    "answered": 0,
                    "right": 0,
                    "questions": len(for_lesson(lesson)),
                    "done": 0,
                    "practice_tried": 0,
                    "practice_right": 0,
                },
            )

        for (learner, lesson, _item), correct in latest.items():
            if lesson in LESSONS:
                counts = counts_of(learner, lesson)
                counts["answered"] += 1
                counts["right"] += int(correct)
        for learner, lesson, tried, right in practice:
            if lesson in LESSONS:
                counts = counts_of(learner, lesson)
                counts["practice_tried"], counts["practice_right"] = tried, right
        for lessons in out.values():
            for counts in lessons.values():
                counts["answered"] = min(counts["answered"], counts["questions"])
                counts["right"] = min(counts["right"], counts["answered"])
                counts["done"] = int(
                    counts["questions"] > 0 and counts["answered"] == counts["questions"]
                )
        return out

    # -- export -----------------------------------------------------------------------------
    def export_sqlite(self, target: Path) -> Path:
        """The current class's records as a new SQLite file (the same schema), which
        `cpt97530 grade FILE` reads; written aside and renamed, never half-written.

        Raises:
            OSError: the file cannot be written.
            BillingInputError: `target` exists already.
        """
        import os

        from sqlalchemy import insert, select

        target = Path(target)
        if target.exists():
            raise BillingInputError(f"{target} exists already; choose a new file")
        part = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
        # [red team S13] Every name, answer and score: the account's own (0600), made so
        # before SQLite writes a byte (an empty file is an empty database to SQLite).
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
        copy = Records(sqlite_url(part))
        try:
            copy.md.create_all(copy.engine)
            with self.engine.connect() as source, copy.engine.begin() as into:
                class_id = self.class_id(source)
                for table in (self.meta, self.attempts, self.checks, self.practice):
                    query = select(table)
                    if "class_id" in table.c:
                        query = query.where(table.c.class_id == class_id)
                    rows = [dict(r._mapping) for r in source.execute(query)]
                    if rows:
                        into.execute(insert(copy.md.tables[table.name]), rows)
            copy.engine.dispose()
            os.replace(part, target)
        finally:
            copy.engine.dispose()
            part.unlink(missing_ok=True)
        return target

    def close(self) -> None:
        self.engine.dispose()


def result_from_dict(data: dict):
    """A GradeResult rebuilt from its stored (or sent) `as_dict()` form; the bank is not needed.

    Raises:
        KeyError, TypeError, ValueError: `data` is not a grade's dict.
    """
    from toolkit.course.exercises.bank import Explanation
    from toolkit.course.exercises.grading import GradeResult, ItemResult

    return GradeResult(
        str(data["exercise"]),
        tuple(
            ItemResult(
                item_id=str(i["item"]),
                section=str(i["section"]),
                question=str(i["question"]),
                score=float(i["score"]),
                answered=i["status"] != "unanswered",
                given=str(i["given"]),
                expected=str(i.get("expected", "")),
                explanation=Explanation(
                    str(i.get("explanation", "")), tuple(str(r) for r in i.get("rules", ()))
                ),
            )
            for i in data["items"]
        ),
    )


def class_results(records: Records):
    """The class's attempts as the gradebook reads them (`gradebook.ClassResults`): one
    attempt per record, graded as the service graded it, in the service's order."""
    from toolkit.course.exercises.gradebook import ClassResults, GradedAttempt
    from toolkit.course.exercises.grading import clean_answers
    from toolkit.course.exercises.submission import Submission

    attempts, problems = [], []
    for row in records.all_attempts():
        shown = f"record {row.id}"
        try:
            sub = Submission(
                learner=row.learner,
                exercise_id=row.exercise,
                answers=clean_answers(json.loads(row.answers)),
                submitted_at=datetime.fromisoformat(row.submitted_at.replace("Z", "+00:00")),
                toolkit_version="service",
                # The record number breaks ties of time: the service's order is the order.
                path=Path(f"record-{row.id:012d}"),
            )
            attempts.append(GradedAttempt(sub, result_from_dict(json.loads(row.result)), shown))
        except Exception as error:  # noqa: BLE001  (one damaged row must not hide the class)
            problems.append((shown, f"cannot be read ({type(error).__name__})"))
    return ClassResults(records.exercises(), tuple(attempts), tuple(problems))
