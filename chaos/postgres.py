"""A private PostgreSQL cluster for one case: its own data directory and loopback port, owned by
the ``postgres`` system user, stopped in immediate mode and started again at will. The machine's
own PostgreSQL is never touched."""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pdp_common.testing.nats_server import free_port

SYSTEM_USER = "postgres"


def binaries() -> Path:
    """Return the directory of the newest installed PostgreSQL's initdb and pg_ctl."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_major)
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl is None:
        raise RuntimeError("pg_ctl not found: install PostgreSQL's server binaries")
    return Path(pg_ctl).resolve().parent


def _major(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


class PrivateCluster:
    """One PostgreSQL cluster in a temporary directory on 127.0.0.1:``port``, trust
    authentication; :meth:`remove` stops it and deletes the directory."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="pdp-chaos-pg-"))
        self.data = self.directory / "pgdata"
        self.log = self.directory / "postgres.log"
        self.port = free_port()
        self.bin = binaries()
        self.stops = 0

    @property
    def url(self) -> str:
        """Return the SQLAlchemy URL of the cluster's ``postgres`` database."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix = [] if os.geteuid() != 0 else ["runuser", "-u", SYSTEM_USER, "--"]
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def create(self) -> None:
        """Initialise the data directory (as the ``postgres`` user when running as root)."""
        if os.geteuid() == 0:
            shutil.chown(self.directory, SYSTEM_USER, SYSTEM_USER)
        self._run(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "--auth=trust"),
            *("--no-sync", "-E", "UTF8", "--locale=C.UTF-8"),
        )

    def start(self) -> None:
        """Start the cluster on its port, listening on 127.0.0.1 only, and wait until it serves."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=on"
        self._run(
            str(self.bin / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60"),
            "start",
        )

    def stop_immediately(self) -> None:
        """Stop the cluster in immediate mode: every backend killed, no checkpoint."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        self.stops += 1

    def stop(self) -> None:
        """Stop the cluster quickly if it runs (at the end of a case)."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")

    def remove(self) -> None:
        """Stop the cluster and delete its directory."""
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    async def restart_after(self, seconds: float) -> None:
        """Stop in immediate mode, stay down ``seconds``, and start again."""
        await asyncio.to_thread(self.stop_immediately)
        await asyncio.sleep(seconds)
        await asyncio.to_thread(self.start)
