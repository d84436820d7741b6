"""The grading service's web face (run by the hub: `python -m toolkit.classroom.grading_service`).

Learners' servers (their kernels) call the `api/` addresses with the learner's own hub
token in the Authorization header (JUPYTERHUB_API_TOKEN, whose scopes reach this service
and nothing more of it). The hub says whose token it is; the body never names anyone: a
body with any field but the ones listed is refused. A request carries a random `request`
id: the same id again (a retry, a replay) answers with the earlier record and adds none.

    POST api/attempts     {"exercise", "answers", "request"}  -> the graded attempt
    GET  api/attempts?exercise=ID                             -> count and latest attempt
    POST api/quick-checks {"lesson", "item", "answer", "request"} -> right or not
    POST api/practice     {"lesson", "tried", "right", "request"} -> kept (as reported)
    GET  api/progress                                         -> attempts, best, latest per exercise

Bounds, each with a plain answer (429): MAX_ATTEMPTS per exercise and MAX_CHECK_ANSWERS
quick-check answers per learner (records.py), and RATE_PER_SECOND requests per learner
(bursts up to RATE_BURST). In practice mode a graded attempt shows the right answer and
the why only for the items the learner answered: a blank attempt reveals no key.
There is no browser page (see the note above `make_app`). Every answer forbids framing.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from pathlib import Path

from jupyterhub.services.auth import HubAuth
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.log import app_log

from toolkit.course import class_folder
from toolkit.course.exercises.grading import clean_answers, grade
from toolkit.course.exercises.records import LimitReached, Records, RecordsError
from toolkit.errors import AnswerFormatError
from toolkit.settings import value

MAX_BODY = 64 * 1024  # a real attempt is under 1 KB
RATE_PER_SECOND = 5  # a learner clicks far slower; a script is slowed to this
RATE_BURST = 20  # a lesson restored at once sends a few answers together
_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}


def open_records(bank) -> Records:
    """The records database named by CPT97530_GRADING_DB, prepared for this hub and bank.

    Raises:
        RecordsError: it cannot be used (unreachable, newer, another hub's).
    """
    url = value("CPT97530_GRADING_DB")
    if not url:
        raise RecordsError("CPT97530_GRADING_DB names no database (the hub sets it)")
    records = Records(url)
    records.prepare(
        hub_id=value("CPT97530_GRADING_HUB_ID") or "local",
        exercises={ex_id: ex.title for ex_id, ex in bank.items()},
    )
    return records


def shown_result(result: dict, *, hide_answers: bool) -> dict:
    """What the class mode lets a learner see of a grade: in an assessment before release,
    the score and each item's status and answer given, never the right answer or the why;
    in practice, the right answer and the why of the items answered only (a blank attempt
    must not hand a script the exercise's key)."""
    if not hide_answers:
        return dict(
            result,
            items=[
                item
                if item.get("status") != "unanswered"
                else {
                    k: item[k] for k in ("item", "section", "question", "score", "status", "given")
                }
                for item in result["items"]
            ],
        )
    return {
        "exercise": result["exercise"],
        "score": result["score"],
        "items": [
            {k: item[k] for k in ("item", "section", "question", "score", "status", "given")}
            for item in result["items"]
        ],
    }


def keep_mode(settings: dict) -> class_folder.ClassMode:
    """The class's mode from the dashboard's file, kept with the records (mode and the
    attempt it counts) whenever it changed, so an export and `cpt97530 grade` on the records
    count as the dashboard does. Called on every learner request and every few seconds."""
    try:  # the file is read again only when it changed (any change moves its ctime)
        info = os.stat(class_folder.settings_path(settings["class_dir"]))
        stamp = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    except OSError:
        stamp = None
    if stamp is None or settings.get("mode_stamp") != stamp:
        settings["mode"] = class_folder.read_mode(settings["class_dir"])
        settings["mode_stamp"] = stamp
    mode = settings["mode"]
    kept = (mode.mode, mode.count)
    if settings.get("mode_kept") != kept:
        try:
            settings["records"].set_mode(mode.mode, count=mode.count)
            settings["mode_kept"] = kept
        except Exception as error:  # noqa: BLE001  (kept at the next call instead)
            app_log.warning("class mode not kept with the records: %s", error)
    return mode


class GroupWriter:
    """Attempts arriving together are stored together: one transaction, one wait for the
    disk, for everything that came in while the previous batch was being written (a room
    pressing Submit at once). Each request still gets its answer only after its own
    attempt is committed. The database work runs in a thread; the service stays responsive.
    """

    def __init__(self, records: Records):
        self.records = records
        self.waiting: list[tuple[dict, asyncio.Future]] = []
        self.busy = False

    async def record(self, job: dict):
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((job, future))
        if not self.busy:
            self.busy = True
            asyncio.ensure_future(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self.waiting:
                batch, self.waiting = self.waiting, []
                try:
                    saved = await loop.run_in_executor(
                        None, self.records.record_attempts, [job for job, _ in batch]
                    )
                except Exception as error:  # noqa: BLE001  (each waiting request is told)
                    for _, future in batch:
                        future.set_exception(error)
                    continue
                for (_, future), one in zip(batch, saved):
                    if isinstance(one, Exception):  # a bound reached: that one was not stored
                        future.set_exception(one)
                    else:
                        future.set_result(one)
        finally:
            self.busy = False


class _Secured(web.RequestHandler):
    def set_default_headers(self):
        for name, header in _SECURITY_HEADERS.items():
            self.set_header(name, header)

    def write_error(self, status_code: int, **kwargs):
        reason = self._reason
        error = kwargs.get("exc_info", (None, None))[1]
        if isinstance(error, web.HTTPError) and error.log_message:
            reason = error.log_message
        self.set_header("Content-Type", "application/json; charset=utf-8")
        if getattr(self, "retry_later", False):  # too fast: the same request may come again
            self.set_header("Retry-After", "2")
            self.finish(json.dumps({"error": reason, "retry": True}))
            return
        self.finish(json.dumps({"error": reason}))


class _Learner(_Secured):
    """A learner's server calling with the learner's token; never a cookie (so a page
    elsewhere cannot make a signed-in browser send answers)."""

    learner: str = ""

    def check_xsrf_cookie(self):  # token in a header, not a cookie: nothing to forge
        return

    async def prepare(self):
        auth = self.settings["hub_auth"]
        found = re.match(
            r"(?:token|bearer)\s+(\S+)$", self.request.headers.get("Authorization", "")
        )
        if not found:
            raise web.HTTPError(403, "no hub token came with the request: sign in to the hub")
        model = await auth.user_for_token(found.group(1), sync=False)
        if (
            not model
            or model.get("kind", "user") != "user"
            or not auth.check_scopes(auth.access_scopes, model)
        ):
            raise web.HTTPError(403, "this token does not belong to a learner of this class")
        self.learner = model["name"]
        if not self.settings["rate"].allow(self.learner):
            self.retry_later = True
            raise web.HTTPError(
                429, "too many requests from you in a short time: wait a few seconds, then retry"
            )

    def body(self, fields: tuple[str, ...]) -> dict:
        raw = self.request.body
        if len(raw) > MAX_BODY:
            raise web.HTTPError(413, f"too large: at most {MAX_BODY // 1024} KB of answers")

        def no_repeats(pairs):
            keys = [k for k, _ in pairs]
            if len(keys) != len(set(keys)):
                raise ValueError("a field given twice")
            return dict(pairs)

        try:
            data = json.loads(raw.decode("utf-8"), object_pairs_hook=no_repeats)
        except (UnicodeDecodeError, ValueError, RecursionError) as why:
            raise web.HTTPError(400, f"not answers (not JSON: {str(why)[:80]})") from None
        if not isinstance(data, dict):
            raise web.HTTPError(400, "not answers (a JSON object is expected)")
        extra = sorted(set(data) - set(fields))
        if extra:
            if {"learner", "name", "user"} & set(extra):
                raise web.HTTPError(
                    400, "the learner is whoever signed in: a name in the answers is not accepted"
                )
            raise web.HTTPError(400, f"unknown field(s): {', '.join(e[:30] for e in extra[:5])}")
        request_id = data.get("request")
        if not isinstance(request_id, str) or not _REQUEST_ID.fullmatch(request_id):
            raise web.HTTPError(400, "request must be a random id of 16-64 letters and digits")
        return data

    @staticmethod
    async def off_loop(work, *args, **kwargs):
        """Database work in a thread: a commit waiting for the disk never holds up the
        other learners' requests."""
        return await asyncio.get_running_loop().run_in_executor(None, lambda: work(*args, **kwargs))

    def mode(self) -> class_folder.ClassMode:
        return keep_mode(self.settings)

    def answer(self, data: dict) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data))


class AttemptsHandler(_Learner):
    async def post(self):
        data = self.body(("exercise", "answers", "request"))
        bank = self.settings["bank"]
        exercise = data.get("exercise")
        if not isinstance(exercise, str) or exercise not in bank:
            raise web.HTTPError(404, f"no exercise {str(exercise)[:60]!r} in this course")
        try:
            answers = clean_answers(data.get("answers"))
        except AnswerFormatError as bad:
            raise web.HTTPError(400, f"answers are malformed: {bad}") from None
        result = grade(bank[exercise], answers=answers).as_dict()
        hide = self.mode().hide_answers
        try:  # committed before the learner hears anything
            saved = await self.settings["writer"].record(
                {
                    "learner": self.learner,
                    "exercise": exercise,
                    "request_id": data["request"],
                    "answers": answers.as_dict(),
                    "result": result,
                }
            )
        except LimitReached as limit:
            raise web.HTTPError(429, str(limit)) from None
        except Exception as error:  # noqa: BLE001  (the database failed: nothing was stored)
            app_log.error("attempt not stored: %s", error)
            raise web.HTTPError(503, "the answers could not be stored; nothing was saved") from None
        self.answer(self._shown(saved, hide))

    @staticmethod
    def _shown(saved, hide: bool) -> dict:
        return {
            "attempt": saved.attempt,
            "submitted_at": saved.submitted_at,
            "replayed": saved.replayed,
            "hide_answers": hide,
            "answers": saved.answers,
            "result": shown_result(saved.result, hide_answers=hide),
        }

    async def get(self):
        exercise = self.get_query_argument("exercise", "")
        if exercise not in self.settings["bank"]:
            raise web.HTTPError(404, f"no exercise {exercise[:60]!r} in this course")
        mine = await self.off_loop(
            self.settings["records"].learner_attempts, self.learner, exercise=exercise
        )
        hide = self.mode().hide_answers
        self.answer({"count": len(mine), "latest": self._shown(mine[-1], hide) if mine else None})


class ProgressHandler(_Learner):
    """Lesson 1's table: the learner's attempts, best and latest score per exercise."""

    async def get(self):
        found: dict[str, dict] = {}
        for saved in await self.off_loop(self.settings["records"].learner_attempts, self.learner):
            row = found.setdefault(saved.exercise, {"attempts": 0, "best": None, "latest": None})
            row["attempts"] += 1
            row["best"] = max(row["best"] or 0, saved.score)
            row["latest"] = saved.score
        self.answer({"exercises": found})


class QuickChecksHandler(_Learner):
    async def post(self):
        from toolkit.course.lessons.quick_checks import question

        data = self.body(("lesson", "item", "answer", "request"))
        try:
            item = question(str(data.get("item")))
        except KeyError:
            raise web.HTTPError(404, "no such quick check in this course") from None
        if data.get("lesson") != item.lesson:
            raise web.HTTPError(400, "that quick check is not in that lesson")
        answer = data.get("answer")
        if len(json.dumps(answer)) > 4096:
            raise web.HTTPError(413, "too large an answer for a quick check")
        try:
            correct = await self.off_loop(
                self.settings["records"].record_check,
                self.learner,
                lesson=item.lesson,
                item=item.key,
                answer=answer,
                correct=item.is_right(answer),
                request_id=data["request"],
            )
        except LimitReached as limit:
            raise web.HTTPError(429, str(limit)) from None
        except Exception as error:  # noqa: BLE001
            app_log.error("quick check not stored: %s", error)
            raise web.HTTPError(503, "the answer could not be stored; nothing was saved") from None
        self.answer({"correct": correct})


class PracticeHandler(_Learner):
    """A lesson's practice counts (problems made and checked on the learner's server with
    public rules: the dashboard marks them as reported by the learner's server)."""

    async def post(self):
        from toolkit.course.lessons import LESSONS

        data = self.body(("lesson", "tried", "right", "request"))
        lesson, tried, right = data.get("lesson"), data.get("tried"), data.get("right")
        if not isinstance(lesson, str) or lesson not in LESSONS:
            raise web.HTTPError(404, "no such lesson in this course")
        if not all(type(n) is int and n >= 0 for n in (tried, right)):
            raise web.HTTPError(400, "tried and right must be whole numbers, 0 or more")
        try:
            await self.off_loop(
                self.settings["records"].record_practice,
                self.learner,
                lesson=lesson,
                tried=tried,
                right=right,
            )
        except Exception as error:  # noqa: BLE001
            app_log.error("practice counts not stored: %s", error)
            raise web.HTTPError(503, "the counts could not be stored; nothing was saved") from None
        self.answer({"kept": True})


class RateLimit:
    """Requests per learner: a bucket of RATE_BURST refilled at RATE_PER_SECOND."""

    def __init__(self, per_second: float = RATE_PER_SECOND, burst: int = RATE_BURST):
        self.per_second, self.burst = per_second, burst
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, learner: str) -> bool:
        now = time.monotonic()
        level, then = self.buckets.get(learner, (self.burst, now))
        level = min(self.burst, level + (now - then) * self.per_second)
        if level < 1:
            self.buckets[learner] = (level, now)
            return False
        self.buckets[learner] = (level - 1, now)
        return True


class _NotFound(_Secured):
    """Any other address: a plain JSON 404, like the API's other answers."""

    def prepare(self):
        raise web.HTTPError(404, "no such page: this service has only its learners' API")


# -- no instructors' page -----------------------------------------------------------------
# Everything the hub proxies shares the hub's origin with the learners' servers, so a page a
# learner made and an instructor opened could read or drive an instructor's page here (the red
# team started a new class that way). The service therefore has no browser page at all:
# instructors see the class on the dashboard (its own origin) and export or start a new class
# on the hub's machine (`make hub-export`, `make hub-new-class`: records_admin.py).


def make_app(class_dir, bank, records: Records, staff=(), hub_auth=None) -> web.Application:
    prefix = value("JUPYTERHUB_SERVICE_PREFIX") or "/services/cpt97530-grading/"
    return web.Application(
        [
            (url_path_join(prefix, "api/attempts"), AttemptsHandler),
            (url_path_join(prefix, "api/quick-checks"), QuickChecksHandler),
            (url_path_join(prefix, "api/progress"), ProgressHandler),
            (url_path_join(prefix, "api/practice"), PracticeHandler),
        ],
        default_handler_class=_NotFound,
        cookie_secret=__import__("os").urandom(32),
        xsrf_cookies=True,
        class_dir=Path(class_dir),
        bank=bank,
        records=records,
        writer=GroupWriter(records),
        rate=RateLimit(),
        staff=set(staff),
        prefix=prefix,
        hub_auth=hub_auth or HubAuth(),
    )
