"""The incidents service's create paths: single creates and batch imports, on SQLite and PostgreSQL.

Figures per backend: single creates/s (one transaction each, every check and event) and batch
import incidents/s: parsed JSON rows, as from an ACLED JSON batch (each with its ACLED origin and
event id), sent as requests of ``REQUEST`` rows, each through
``incidents.imports.service.import_candidates`` in one transaction, as the import endpoint does
(chunks of the service's default ``import_batch_size``): validated, geo-checked, de-duplicated and
stored in bulk with their timeline entries and ``incident.reported`` events. And the floor under
that: the same storing of rows built beforehand (``store_only``: COPY of the incidents, timeline
entries and events, and the commits), which is what the database alone can take.

A small import runs first, untimed (what a process does once: statement caches, pydantic and
geometry set-up), and the garbage collector runs before each timed part (its debt from making the
generated rows is not the measured path's). Rates carry the process's CPU time per incident
(``cpu_us``), which moves far less than wall time with other load on the machine, and on
PostgreSQL the server's CPU time per incident (``pg_cpu_us``: user + system time of the database's
backends, read from ``/proc``).
"""

from __future__ import annotations

import gc
import random
import time
from typing import Any

from incidents.imports.parsing import Candidate
from incidents.imports.repository import BulkRepository
from incidents.imports.service import import_candidates
from incidents.imports.storing import Records, RowBuilder, allocate, write
from incidents.schemas import IncidentCreate
from incidents.service import create_incident
from incidents.settings import IncidentsSettings
from pdp_common.db import Database, utcnow
from sqlalchemy import text

from bench.cpu_time import cpu_seconds
from bench.harness import BenchContext, Result, Target
from bench.incidents_data import PRINCIPAL, check_generator, migrated, payload, rate

REQUEST = 10_000
WARM_UP = 500  # rows imported first, untimed: one-time work of a process's first import
CHUNK = IncidentsSettings.model_fields["import_batch_size"].default


class ServerClock:
    """CPU time spent by the PostgreSQL backends serving one database (none on SQLite)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.started: dict[int, float] = {}

    async def _pids(self) -> list[int]:
        if self.db.is_sqlite:
            return []
        query = text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        async with self.db.engine.connect() as connection:
            return [int(pid) for (pid,) in await connection.execute(query)]

    async def start(self) -> None:
        """Note the CPU time each backend has used so far."""
        self.started = {pid: cpu_seconds(pid) for pid in await self._pids()}

    async def per_item_us(self, count: int) -> dict[str, float]:
        """Return ``pg_cpu_us``, the backends' CPU per item since :meth:`start` (PostgreSQL)."""
        pids = await self._pids()
        if not pids:
            return {}
        used = sum(cpu_seconds(pid) - self.started.get(pid, 0.0) for pid in pids)
        return {"pg_cpu_us": used / count * 1e6}


class Measure:
    """One timed part: wall clock, this process's CPU and the server's CPU, per item."""

    def __init__(self, clock: ServerClock) -> None:
        self.clock = clock
        self.started = time.perf_counter()
        self.cpu = time.process_time()

    @classmethod
    async def start(cls, db: Database) -> Measure:
        """Collect garbage (the set-up's debt is not the measured path's), then start timing."""
        gc.collect()
        clock = ServerClock(db)
        await clock.start()
        return cls(clock)

    async def result(self, count: int) -> dict[str, float]:
        """Return ``per_s``, ``cpu_us`` and, on PostgreSQL, ``pg_cpu_us`` for ``count`` items."""
        return rate(count, self.started, self.cpu) | await self.clock.per_item_us(count)


async def _single_creates(db: Database, count: int) -> dict[str, float]:
    rng = random.Random(1)
    payloads = [IncidentCreate.model_validate(payload(rng, n).model_dump()) for n in range(count)]
    measure = await Measure.start(db)
    for body in payloads:
        async with db.transaction() as session:
            await create_incident(session, principal=PRINCIPAL, payload=body)
    return await measure.result(count)


def acled_rows(count: int, seed: int) -> list[dict[str, Any]]:
    """Return ``count`` create payloads as parsed from JSON, each with its ACLED origin."""
    rng = random.Random(seed)
    rows = [payload(rng, n).model_dump(mode="json") for n in range(count)]
    for n, row in enumerate(rows):
        row["origin"] = {"org": "ACLED", "external_id": f"{row['country']}{seed}{n:07d}"}
    return rows


async def _import(db: Database, rows: list[dict[str, Any]], request: int) -> None:
    for start in range(0, len(rows), request):
        candidates = [Candidate(n, r) for n, r in enumerate(rows[start : start + request], 1)]
        async with db.transaction() as session:
            report = await import_candidates(session, PRINCIPAL, candidates, batch_size=CHUNK)
        assert report.accepted == len(candidates), report.rows[:3]


async def _batch_import(db: Database, count: int, request: int) -> dict[str, float]:
    await _import(db, acled_rows(WARM_UP, seed=1), request)  # the process's first import
    rows = acled_rows(count, seed=2)
    measure = await Measure.start(db)
    await _import(db, rows, request)
    return await measure.result(count)


async def _store_only(db: Database, count: int, request: int) -> dict[str, float]:
    """Time only the storing of rows built beforehand: what the database alone can take."""
    payloads = [IncidentCreate.model_validate(row) for row in acled_rows(count, seed=4)]
    batches: list[Records] = []
    for start in range(0, count, request):
        builder = RowBuilder(PRINCIPAL, utcnow(), binary=not db.is_sqlite)
        drafts = [builder.draft(payload) for payload in payloads[start : start + request]]
        async with db.transaction() as session:
            countries = [draft.country for draft in drafts]
            references = await allocate(BulkRepository(session), countries, builder.now.year)
        batches.append(builder.records(drafts, references))
    measure = await Measure.start(db)
    for records in batches:
        async with db.transaction() as session:
            await write(session, records)
    return await measure.result(count)


async def run(ctx: BenchContext) -> list[Result]:
    """Measure single creates, batch imports and the storing alone on every backend."""
    check_generator()
    creates, imports = ctx.pick(300, 50), ctx.pick(20_000, 2_000)
    results: list[Result] = []
    for backend in ctx.backends:
        async with migrated(ctx, backend, "incidents_import") as db:
            ctx.log(f"incidents_import/{backend}: {creates} single creates, a {imports}-row import")
            single = await _single_creates(db, creates)
            imported = await _batch_import(db, imports, REQUEST)
            stored = await _store_only(db, imports, REQUEST)
        target = Target("per_s", 20_000, "at_least") if backend == "postgres" else None
        params = {"rows": imports, "request": REQUEST, "chunk": CHUNK}
        results += [
            Result("create_single", backend, single, None, {"creates": creates}),
            Result("import_batch", backend, imported, target, params),
            Result("store_only", backend, stored, None, params),
        ]
    return results
