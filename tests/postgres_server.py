"""A throw-away PostgreSQL server for the tests: Debian's own programs (make postgres-deps),
run as an unprivileged account (PostgreSQL refuses root) in a temporary folder, on a free
loopback port, stopped by its own pid. `find_bin()` is None where PostgreSQL is not
installed (the tests that need it are skipped, saying so).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534


def find_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Postgres:
    folder: Path
    port: int
    bin: Path
    pid: int = 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _as_owner(self, *args, check=True):
        user = {} if os.geteuid() != 0 else {"user": NOBODY, "group": NOBODY}
        return subprocess.run(
            [str(a) for a in args], check=check, capture_output=True, text=True, **user
        )

    def start(self) -> None:
        self._as_owner(
            self.bin / "pg_ctl",
            "-D",
            self.folder / "data",
            "-l",
            self.folder / "server.log",
            "-w",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on",
            "start",
        )
        self.pid = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        """Fast shutdown by the server's own pid, waiting until it is gone."""
        if not self.pid:
            return
        try:
            os.kill(self.pid, signal.SIGINT)
        except ProcessLookupError:
            self.pid = 0
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        self.pid = 0

    def new_database(self) -> str:
        """An empty database of its own; its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def start_postgres() -> Postgres:
    """initdb in a new temporary folder, then start; stop with `stop_postgres`."""
    bin_dir = find_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (make postgres-deps)")
    folder = Path(tempfile.mkdtemp(prefix="cpt97530-pg-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
    server = Postgres(folder, _free_port(), bin_dir)
    server._as_owner(
        bin_dir / "initdb", "-D", folder / "data", "-U", "postgres", "--auth=trust", "-E", "UTF8"
    )
    server.start()
    return server


def stop_postgres(server: Postgres) -> None:
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
