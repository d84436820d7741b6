"""A learner's server talking to the grading service (on a hub only; standard library).

On a hub (`toolkit.settings.grading_url()` is set) the exercise widget and the quick checks
send answers here instead of grading them: the learner's server holds no keys. Each call
carries the learner's own hub token (JUPYTERHUB_API_TOKEN) and a random request id, so a
retry after a lost answer never counts twice. A service that does not answer is
`NotAnswering` (the widget keeps the answers and says so); a service that refuses says why
(`Refused`, its one-line reason).
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request

from toolkit.errors import BillingInputError
from toolkit.settings import grading_url, value

NOT_ANSWERING = "Not sent: the grading service is not answering; your answers stay here"
TIMEOUT = 15  # seconds; a whole room submitting at once is answered well within this


class NotAnswering(Exception):
    """The service could not be reached, or failed before storing anything."""


class Refused(BillingInputError):
    """The service answered and refused the request (the reason is its message);
    `retry`: only for now (a learner sending too fast), the same request may go again."""

    retry = False


def on_hub() -> bool:
    return grading_url() is not None


def new_request_id() -> str:
    return secrets.token_hex(16)


def _call(path: str, *, body: dict | None = None, query: str = "") -> dict:
    base = grading_url()
    if base is None:
        raise NotAnswering("no grading service on this computer")
    request = urllib.request.Request(
        base.rstrip("/") + "/" + path + query,
        data=json.dumps(body).encode("utf-8") if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={
            "Authorization": f"token {value('JUPYTERHUB_API_TOKEN')}",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        retry = False
        try:
            said = json.loads(refused.read())
            reason, retry = said.get("error") or refused.reason, said.get("retry") is True
        except (ValueError, AttributeError, OSError):
            reason = refused.reason
        if refused.code >= 500:  # the service failed before storing: try again later
            raise NotAnswering(str(reason)) from None
        problem = Refused(str(reason))
        problem.retry = retry
        raise problem from None
    except (OSError, ValueError) as error:  # refused connection, timeout, a broken answer
        raise NotAnswering(str(error)) from None


def send_attempt(exercise_id: str, *, answers: dict, request_id: str) -> dict:
    """Send one attempt; the service's answer (attempt number, time, what the mode allows
    of the grade).

    Raises:
        NotAnswering: nothing is known to be stored (send again with the same request id).
        Refused: the service refused the answers (its reason).
    """
    return _call(
        "api/attempts", body={"exercise": exercise_id, "answers": answers, "request": request_id}
    )


def latest_attempt(exercise_id: str) -> dict:
    """{"count": n, "latest": the latest attempt as `send_attempt` answers it, or None}.

    Raises:
        NotAnswering, Refused: as `send_attempt`.
    """
    from urllib.parse import quote

    return _call("api/attempts", query=f"?exercise={quote(exercise_id)}")


def my_progress() -> dict[str, dict]:
    """{exercise id: {"attempts", "best", "latest"}} of the signed-in learner.

    Raises:
        NotAnswering, Refused: as `send_attempt`.
    """
    return _call("api/progress").get("exercises", {})


_pending: list[dict] = []  # quick-check answers not sent yet (sent with the next one)


def send_quick_check(lesson_id: str, *, item_id: str, answer: object) -> None:
    """Record a quick-check answer with the service (the lesson progress the dashboard
    shows); answers that could not be sent earlier go first.

    Raises:
        NotAnswering: kept here, sent with the next answer.
        Refused: the service refused it (not kept, unless only for now: `retry`).
    """
    _pending.append(
        {"lesson": lesson_id, "item": item_id, "answer": answer, "request": new_request_id()}
    )
    while _pending:
        try:
            _call("api/quick-checks", body=_pending[0])
        except Refused as refused:
            if not refused.retry:  # refused is final: sending it again would be refused again
                _pending.pop(0)
            raise
        _pending.pop(0)


def send_practice(lesson_id: str, *, tried: int, right: int) -> None:
    """Report a lesson's practice counts (the dashboard's "practice" figures, marked there as
    reported by the learner's server). The counts only grow, so a later report covers an
    earlier one that was lost.

    Raises:
        NotAnswering, Refused: as `send_attempt` (the next report carries the counts).
    """
    _call(
        "api/practice",
        body={"lesson": lesson_id, "tried": tried, "right": right, "request": new_request_id()},
    )
