"""The hub's own threads leave its event loop a core (toolkit/classroom/capacity.py)."""

from __future__ import annotations

import os
import threading

from toolkit.classroom import authenticator, capacity, spawner


def own_niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_the_hubs_worker_threads_yield_to_its_event_loop():
    """[issue 25] Password checks and preparation ran at the loop's priority and took both
    cores from it while a room signed in (login page 2.3-3.3 s at p95; 0.3 s after)."""
    loop_thread = own_niceness()
    for pool in (authenticator._CHECKING, spawner.PREPARING):
        assert pool.submit(own_niceness).result() == capacity.BEHIND_THE_LOOP
    assert own_niceness() == loop_thread  # the calling thread keeps its own
