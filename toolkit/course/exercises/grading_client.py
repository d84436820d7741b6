"""A learner's server talking to the grading service (on a hub only; standard library).

On a hub (`toolkit.settings.grading_url()` is set) the exercise widget and the quick checks
send answers here instead of grading them: the learner's server holds no keys. Each call
carries the learner's own hub token (JUPYTERHUB_API_TOKEN) and a random request id, so a
retry after a lost answer never counts twice. A service that does not answer is
`NotAnswering` (the widget keeps the answers and says so); a service that refuses says why
(`Refused`, its one-line reason).
"""

from __future__ import annotations

import http.client
import json
import secrets
import socket
import urllib.parse

from toolkit.errors import BillingInputError
from toolkit.settings import grading_uid, grading_url, value

NOT_ANSWERING = "Not sent: the grading service is not answering; your answers stay here"
IMPOSTOR = "another program, not the grading service, is answering at its address"
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
    where = urllib.parse.urlsplit(base.rstrip("/") + "/" + path + query)
    connection = _ServiceConnection(where.hostname, where.port or 80, timeout=TIMEOUT)
    try:
        connection.request(
            "POST" if body is not None else "GET",
            where.path + (f"?{where.query}" if where.query else ""),
            body=json.dumps(body).encode("utf-8") if body is not None else None,
            headers={
                "Authorization": f"token {value('JUPYTERHUB_API_TOKEN')}",
                "Content-Type": "application/json",
            },
        )
        answer = connection.getresponse()
        raw = answer.read()
    except (OSError, http.client.HTTPException) as error:  # refused, timeout, impostor
        raise NotAnswering(str(error)) from None
    finally:
        connection.close()
    if answer.status < 300:
        try:
            return json.loads(raw)
        except ValueError as error:  # a broken answer
            raise NotAnswering(str(error)) from None
    retry = False
    try:
        said = json.loads(raw)
        reason, retry = said.get("error") or answer.reason, said.get("retry") is True
    except (ValueError, AttributeError):
        reason = answer.reason
    if answer.status >= 500:  # the service failed before storing: try again later
        raise NotAnswering(str(reason))
    problem = Refused(str(reason))
    problem.retry = retry
    raise problem


class _ServiceConnection(http.client.HTTPConnection):
    """[red team S3] On one machine the service listens on a loopback port any process may
    take while the service restarts; the learner's token is sent only once the other end
    of the connection is seen to belong to the service's own account
    (CPT97530_GRADING_UID, set by the hub)."""

    def connect(self) -> None:
        super().connect()
        expected = grading_uid()
        if expected is not None and peer_uid(self.sock) != expected:
            self.sock.close()
            self.sock = None
            raise ConnectionRefusedError(IMPOSTOR)


def peer_uid(sock: socket.socket) -> int | None:
    """The account owning the other end of a connected loopback IPv4 TCP socket, from
    /proc/net/tcp (the server's end is listed, from the handshake on, with the uid of the
    process that listens); None when it is not found there."""

    def key(address) -> str:
        ip, port = address[:2]
        return socket.inet_aton(ip)[::-1].hex().upper() + f":{port:04X}"

    try:
        theirs, ours = key(sock.getpeername()), key(sock.getsockname())
        with open("/proc/net/tcp", encoding="ascii") as table:
            next(table)
            for line in table:
                fields = line.split()
                if fields[1] == theirs and fields[2] == ours:
                    return int(fields[7])
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return None


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
