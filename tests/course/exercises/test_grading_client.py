"""The learner's side of the grading service: its token goes to the service's account only.

[red team S3] On one machine the service listens on a loopback port; while it restarts, a
learner's process can take that port. A Submit then sent a classmate's hub token to it.
"""

from __future__ import annotations

import json
import os
import socket
import threading

import pytest

from toolkit.course.exercises import grading_client


class Listener:
    """A stand-in for whatever listens at the service's address: it keeps what it is sent
    and answers a JSON attempt."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            try:
                while b"\r\n\r\n" not in self.received:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    self.received += chunk
            except OSError:
                return
            body = json.dumps({"latest": None, "count": 0}).encode()
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )

    def close(self) -> None:
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def listener(monkeypatch):
    found = Listener()
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "bobs-secret-token")
    monkeypatch.setenv(
        "CPT97530_GRADING_URL", f"http://127.0.0.1:{found.port}/services/cpt97530-grading/"
    )
    yield found
    found.close()


def test_the_token_is_not_sent_to_a_listener_of_another_account(listener, monkeypatch):
    monkeypatch.setenv("CPT97530_GRADING_UID", str(os.geteuid() + 1))  # not this listener's
    with pytest.raises(grading_client.NotAnswering, match="another program"):
        grading_client.latest_attempt("ex02")
    listener.close()
    assert b"bobs-secret-token" not in listener.received
    assert listener.received == b""


def test_the_services_own_account_gets_the_request(listener, monkeypatch):
    monkeypatch.setenv("CPT97530_GRADING_UID", str(os.geteuid()))  # this listener's own
    assert grading_client.latest_attempt("ex02") == {"latest": None, "count": 0}
    listener.close()
    assert b"Authorization: token bobs-secret-token" in listener.received


def test_the_listeners_account_is_read_from_the_connection():
    server = socket.create_server(("127.0.0.1", 0))
    try:
        client = socket.create_connection(server.getsockname())
        with client:
            assert grading_client.peer_uid(client) == os.geteuid()
    finally:
        server.close()
