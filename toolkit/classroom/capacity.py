"""How many learners one machine holds at once, and how long a room's sign-in may take.

Measured with scripts/bench_workshop.py: a learner's server with one lesson's kernel uses
about 195 MB (RSS), and starting a server costs about 3 s of one core. A quarter of the
memory is kept for the hub, the proxy, the dashboard and the system. JupyterHub's limits are
set from this (deploy/jupyterhub_config.py; the README's table):
- `active_server_limit`: learners at once (past it a learner is told the room is full);
- `concurrent_spawn_limit`: the whole room may be starting at the same moment (a lower
  limit would turn learners away with "too many users", not make anything faster);
- `start_timeout` / `http_timeout`: the time the whole room's start-ups take on these cores,
  with room to spare.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

BEHIND_THE_LOOP = 10  # niceness of the hub's worker threads (password hashing, preparation)
MB_PER_LEARNER = 195
SECONDS_PER_START = 3  # of one core
KEPT_FOR_THE_SYSTEM = 0.25


@dataclass(frozen=True)
class RoomLimits:
    learners: int  # servers at once
    start_timeout: int  # seconds for a server to start (and answer), the whole room starting


def room_limits(cores: int, memory_bytes: int) -> RoomLimits:
    learners = max(1, int(memory_bytes * (1 - KEPT_FOR_THE_SYSTEM) / (MB_PER_LEARNER * 2**20)))
    start = 120 + 2 * SECONDS_PER_START * learners // max(1, cores)  # twice the CPU time
    return RoomLimits(learners=learners, start_timeout=min(start, 1800))


def this_machine() -> RoomLimits:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return room_limits(len(os.sched_getaffinity(0)), memory)


def behind_the_hub_loop() -> None:
    """A worker thread of the hub yields its core to the hub's event loop (Linux sets a
    thread's own niceness). [issue 25] Four password checks at once (bcrypt, a quarter
    second of a core each) took both cores from the loop while a room signed in: the login
    page took 2.3-3.3 s at p95 (py-spy: the loop waiting, the password threads running)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BEHIND_THE_LOOP)
    except (AttributeError, OSError):  # not Linux: the threads keep the loop's priority
        pass
