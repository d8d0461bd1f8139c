"""The incidents service: create throughput (single and batch import) and filtered list / search
latency with 100k and 1M stored incidents, on SQLite and PostgreSQL, through the service layer.

Figures per backend: single creates/s (one transaction each, every check and event), batch import
incidents/s (validated row by row, geo-checked, stored in bulk with bulk outbox events), the fill
rate of the storage fast path, and p50/p99 of filtered lists, free-text searches and counts at
each size. Data is generated, bounded and deterministic.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from incidents.access.rule import Viewer
from incidents.imports.parsing import Candidate
from incidents.imports.service import import_candidates
from incidents.main import MIGRATIONS_DIR
from incidents.schemas import IncidentCreate
from incidents.search.schemas import IncidentFilters, IncidentSort
from incidents.search.service import list_incidents
from incidents.service import create_incident, record_new
from incidents.settings import IncidentsSettings
from pdp_common.db import Database
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.migrations import upgrade

from bench.harness import BenchContext, Result, Target

PRINCIPAL = Principal(
    subject="bench",
    org="UNRCCA",
    roles=frozenset({Role.OFFICER, Role.SYSTEM}),
    clearance=Clearance.STRICTLY_CONFIDENTIAL,
    credential="bench",
)
PLACES = (
    ("KGZ", "Osh", 72.798, 40.528), ("KGZ", "Batken", 70.819, 40.062),
    ("KAZ", "Almaty", 76.886, 43.238), ("TJK", "Sughd", 70.625, 40.126),
    ("UZB", "Fergana", 71.784, 40.384), ("AFG", "Balkh", 67.110, 36.709),
    ("TKM", "Ahal", 58.383, 37.950),
)  # fmt: skip
KINDS = (
    ("water_energy_dispute", "Riots", "Mob violence"),
    ("border_incident", "Battles", "Armed clash"),
    ("political_unrest", "Protests", "Peaceful protest"),
    ("drug_trafficking", "Strategic developments", "Arrests"),
)
WORDS = ("water", "canal", "border", "post", "protest", "bazaar", "вода", "граница", "рынок")
BATCH = 5_000


def payload(rng: random.Random, n: int) -> IncidentCreate:
    """Return the n-th generated incident."""
    country, admin1, lon, lat = rng.choice(PLACES)
    category, event_type, sub_event_type = rng.choice(KINDS)
    occurred = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(700_000))
    return IncidentCreate.model_validate(
        {
            "title": f"{rng.choice(WORDS)} {rng.choice(WORDS)} incident {n}",
            "summary": " ".join(rng.choice(WORDS) for _ in range(12)),
            "occurred_at": occurred,
            "country": country,
            "admin1": admin1,
            "latitude": lat + rng.uniform(-0.01, 0.01),
            "longitude": lon + rng.uniform(-0.01, 0.01),
            "category": category,
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "severity": rng.randint(1, 5),
            "sensitivity": rng.choice(("public", "internal", "confidential")),
            "sources": [
                {
                    "name": "Field office",
                    "type": "field_report",
                    "reliability": "B",
                    "credibility": 2,
                }
            ],
        }
    )


async def _single_creates(db: Database, count: int) -> float:
    rng = random.Random(1)
    payloads = [payload(rng, n) for n in range(count)]
    started = time.perf_counter()
    for body in payloads:
        async with db.transaction() as session:
            await create_incident(session, PRINCIPAL, body)
    return count / (time.perf_counter() - started)


async def _batch_import(db: Database, count: int) -> float:
    rng = random.Random(2)
    rows = [payload(rng, n).model_dump(mode="json") for n in range(count)]
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        candidates = [Candidate(n, r) for n, r in enumerate(rows[start : start + BATCH], 1)]
        async with db.transaction() as session:
            report = await import_candidates(session, PRINCIPAL, candidates, batch_size=BATCH)
        assert report.rejected == 0, report.rows[:3]
    return count / (time.perf_counter() - started)


async def _fill(db: Database, total: int, seed: int) -> float:
    rng = random.Random(seed)
    stored, elapsed = 0, 0.0
    while stored < total:
        size = min(BATCH, total - stored)
        batch = [payload(rng, stored + n) for n in range(size)]
        started = time.perf_counter()
        async with db.transaction() as session:
            await record_new(session, PRINCIPAL, batch)
        elapsed += time.perf_counter() - started
        stored += size
    return total / elapsed


async def _latencies(
    db: Database, query: Callable[[Any, int], Awaitable[object]], n: int
) -> dict[str, float]:
    timings = []
    for i in range(n):
        async with db.read_sessions() as session:
            started = time.perf_counter()
            await query(session, i)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50_ms": statistics.median(timings),
        "p99_ms": timings[min(len(timings) - 1, int(len(timings) * 0.99))],
    }


def _viewer() -> Viewer:
    return Viewer(principal=PRINCIPAL, agreements=(), consents=(), now=datetime.now(UTC))


async def _filtered(session: Any, i: int) -> object:
    country, _, _, _ = PLACES[i % len(PLACES)]
    category = KINDS[i % len(KINDS)][0]
    filters = IncidentFilters.model_validate({"country": [country], "category": [category]})
    return await list_incidents(
        session, _viewer(), filters, sort=IncidentSort.OCCURRED_DESC, limit=50, cursor=None
    )


async def _search(session: Any, i: int) -> object:
    filters = IncidentFilters(q=WORDS[i % len(WORDS)])
    return await list_incidents(
        session, _viewer(), filters, sort=IncidentSort.OCCURRED_DESC, limit=50, cursor=None
    )


async def run(ctx: BenchContext) -> list[Result]:
    """Measure creates, imports, and list/search latency on every backend."""
    sizes = ctx.pick((100_000, 1_000_000), (5_000,))
    results: list[Result] = []
    for backend in ctx.backends:
        async with ctx.database(backend, "incidents") as target:
            settings = IncidentsSettings(
                database_url=target.url, database_schema=target.schema, nats_enabled=False
            )
            await upgrade(MIGRATIONS_DIR, settings)
            db = Database(settings.database_url, schema=settings.database_schema)
            try:
                results += await _measure(ctx, db, backend, sizes)
            finally:
                await db.dispose()
    return results


async def _measure(
    ctx: BenchContext, db: Database, backend: str, sizes: tuple[int, ...]
) -> list[Result]:
    single = await _single_creates(db, ctx.pick(1_000, 100))
    imported = await _batch_import(db, ctx.pick(20_000, 2_000))
    results = [
        Result("create_single", backend, {"per_s": single}, Target("per_s", 500, "at_least")),
        Result("import_batch", backend, {"per_s": imported},
               Target("per_s", 20_000, "at_least") if backend == "postgres" else None),
    ]  # fmt: skip
    stored = ctx.pick(1_100, 100) + ctx.pick(20_000, 2_000)
    for size in sizes:
        fill = await _fill(db, size - stored, seed=size)
        stored = size
        queries = ctx.pick(300, 50)
        listed = await _latencies(db, _filtered, queries)
        searched = await _latencies(db, _search, queries)
        params = {"incidents": size}
        results += [
            Result(f"fill_{size}", backend, {"per_s": fill}, None, params),
            Result(f"list_filtered_{size}", backend, listed, Target("p99_ms", 20.0), params),
            Result(f"search_{size}", backend, searched, None, params),
        ]
    return results
