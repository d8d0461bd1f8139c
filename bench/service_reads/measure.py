"""One measured load: requests per second and the CPU time per request of the processes serving
it (the service, the gateway when in the path, the PostgreSQL backends of the database), read
from ``/proc`` just before and just after the load; the load generator's own CPU is not counted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg
from pdp_common.testing.databases import postgres_admin_url
from sqlalchemy.engine import make_url

from bench.cpu_time import cpu_seconds
from bench.service_reads.load import LoadReport, LoadSpec, run_load
from bench.service_reads.processes import Running


class DatabaseClock:
    """CPU time of the PostgreSQL backends connected to one database."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.started: dict[int, float] = {}

    async def _pids(self) -> list[int]:
        dsn = make_url(postgres_admin_url()).set(drivername="postgresql")
        conn = await asyncpg.connect(dsn.render_as_string(hide_password=False), timeout=10)
        try:
            rows = await conn.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1", self.database
            )
        finally:
            await conn.close()
        return [int(row["pid"]) for row in rows]

    async def start(self) -> None:
        """Note the CPU time each backend has used so far."""
        self.started = {pid: cpu_seconds(pid) for pid in await self._pids()}

    async def used(self) -> float:
        """Return the backends' CPU seconds since :meth:`start` (new backends: all of theirs)."""
        pids = await self._pids()
        return sum(cpu_seconds(pid) - self.started.get(pid, 0.0) for pid in pids)


@dataclass(frozen=True)
class Measured:
    """A load's report with the CPU seconds each watched process spent during it."""

    report: LoadReport
    cpu: dict[str, float]

    def values(self) -> dict[str, float]:
        """Return the figures: rate, latencies, failures, and ``<process>_ms`` CPU per request."""
        count = max(self.report.count, 1)
        values = {
            "throughput_per_s": self.report.per_s,
            "p50_ms": self.report.p50_ms,
            "p99_ms": self.report.p99_ms,
            "requests": float(self.report.count),
            "failed": float(self.report.failed),
        }
        for name, seconds in self.cpu.items():
            values[f"{name}_ms"] = seconds / count * 1000
        return values


async def measure(
    spec: LoadSpec,
    watched: Sequence[tuple[str, Running]],
    database: DatabaseClock | None = None,
) -> Measured:
    """Run ``spec`` and return its report with the CPU of each watched process during the load.

    ``watched`` names each process by the figure it gives (``cpu`` for the service itself).
    """
    before: dict[str, float] = {}

    async def on_ready() -> None:
        if database is not None:
            await database.start()
        before.update({name: running.cpu_seconds() for name, running in watched})

    report = await run_load(spec, on_ready)
    cpu = {name: running.cpu_seconds() - before[name] for name, running in watched}
    if database is not None:
        cpu["pg_cpu"] = await database.used()
    return Measured(report, cpu)
