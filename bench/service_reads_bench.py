"""The real services under load: each service's main read by id and its 20-item list, and the
incident create and change, sent straight to the service (with a signed identity, as the gateway
sends it) and through the real gateway (with an API key), in one run, on SQLite and PostgreSQL.

The platform runs as ``make run`` runs it: every service and the gateway its own uvicorn process
(one worker), on loopback ports, with the session's nats-server (``bench/service_reads/``). The
incidents service holds a million incidents (seeded around the API and kept between runs, see
``bench.service_reads.incidents_cache``); the other services hold what the benchmark creates
through their APIs. Each load is a bounded number of requests over 16 keep-alive connections from
a load generator in a process of its own, after a warm-up; figures per request kind, route and
backend:

- ``throughput_per_s``, ``p50_ms``, ``p99_ms``: completed requests per second and their latency;
- ``cpu_ms``: the service process's CPU time per request (user + system, all its threads, from
  ``/proc``), the figure the targets are on: a single incident read <= 0.5 ms, a 20-incident list
  <= 1.5 ms, the other services' reads and lists within twice those; creates and changes have no
  target (their CPU is recorded);
- ``gateway_cpu_ms`` (through the gateway) and ``pg_cpu_ms`` (PostgreSQL's backends);
- ``gateway_ratio``: requests/s through the gateway over requests/s direct (the incidents read
  and list have a target of >= 0.5, as ``gateway_bench`` against its stand-in upstream).

The floor (``bench/service_reads/floor.py``) is measured by the same harness, direct only: a
bare FastAPI app (``floor.bare``), the platform's app with identity verification
(``floor.platform``) and the same plus ``SELECT 1`` through the request's read session
(``floor.session``), the least a database read can cost on this stack. Every service figure
carries ``ratio_to_floor``: its ``cpu_ms`` over ``floor.session``'s on the same backend.

``--profile`` adds a pass after the measured loads: the same loads again, each with a cProfile
profile of the service process, written to ``bench/results/profiles/<backend>/<kind>.prof`` with a
text summary beside it (the measured figures are taken without the profiler).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

from incidents.models import incidents_table
from incidents.settings import IncidentsSettings
from pdp_common.db import Database
from pdp_common.testing.databases import drop_database, postgres_admin_url
from sqlalchemy import func, select

from bench.harness import BenchContext, Result, Target
from bench.service_reads.floor import running_floors
from bench.service_reads.incidents_cache import IncidentsCache
from bench.service_reads.kinds import Kind, floors, reads, writes
from bench.service_reads.load import LoadSpec
from bench.service_reads.measure import DatabaseClock, Measured, measure
from bench.service_reads.platform import SEEDER, Platform, Store, running_platform
from bench.service_reads.profiles import profile_load
from bench.service_reads.seeding import create_incidents, etags, seed_services

REPO_DIR = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO_DIR / "var" / "bench" / "service_reads"
CONCURRENCY = 16
READ_IDS = 200
RATIO_TARGET = Target("gateway_ratio", 0.5, "at_least")
RATIO_KINDS = frozenset({"incidents.read", "incidents.list"})
FLOOR = "floor.session.direct"


@dataclass(frozen=True)
class Plan:
    """The size of a run: incidents stored, requests per load, records per other service."""

    incidents: int
    requests: int
    warm_up: int
    records: int
    cache: IncidentsCache
    concurrency: int = CONCURRENCY


def plan_for(ctx: BenchContext) -> Plan:
    """Return the full plan (a million incidents), or the quick one."""
    cache = IncidentsCache(CACHE_DIR, log=ctx.log)
    full = Plan(incidents=1_000_000, requests=2_000, warm_up=200, records=60, cache=cache)
    return ctx.pick(full, replace(full, incidents=5_000, requests=400, warm_up=50, records=25))


async def run(ctx: BenchContext) -> list[Result]:
    """Measure every request kind direct and through the gateway on every backend."""
    return await run_plan(ctx, plan_for(ctx))


async def run_plan(ctx: BenchContext, plan: Plan) -> list[Result]:
    """Measure every request kind with ``plan`` on every backend of ``ctx``."""
    results: list[Result] = []
    for backend in ctx.backends:
        async with _stores(ctx, backend, plan) as (stores, clock):
            ctx.log(f"service_reads/{backend}: {plan.incidents} incidents in place")
            results += await _run_backend(ctx, plan, backend, stores, clock)
    return results


async def _run_backend(
    ctx: BenchContext,
    plan: Plan,
    backend: str,
    stores: dict[str, Store],
    clock: DatabaseClock | None,
) -> list[Result]:
    work_dir = ctx.work_dir / f"service_reads_{backend}"
    floor_store = stores["floor"]
    async with (
        running_platform(
            stores, nats_url=ctx.nats_url, work_dir=work_dir, profiled=ctx.profile
        ) as services,
        running_floors(
            floor_store.url, floor_store.schema, work_dir=work_dir, profiled=ctx.profile
        ) as floor_apps,
    ):
        ctx.log(f"service_reads/{backend}: the services, the gateway and the floors are ready")
        platform = replace(services, services=services.services | floor_apps)
        kinds = floors() + await _prepare(platform, stores["incidents"], plan)
        measured: list[Result] = []
        for kind in kinds:
            ctx.log(f"service_reads/{backend}: {kind.name}")
            measured += await _measure_kind(platform, kind, plan, backend, clock)
        if ctx.profile:
            for kind in kinds:
                await _profile_kind(ctx, platform, kind, plan, backend, work_dir)
    return with_ratio_to_floor(measured)


def with_ratio_to_floor(results: list[Result]) -> list[Result]:
    """Give every service figure its ``ratio_to_floor``: its ``cpu_ms`` over the session floor's."""
    floor = next(r for r in results if r.name == FLOOR)
    floor_ms = floor.values["cpu_ms"]
    return [
        r
        if r.name.startswith("floor.") or floor_ms <= 0
        else replace(r, values={**r.values, "ratio_to_floor": r.values["cpu_ms"] / floor_ms})
        for r in results
    ]


@contextlib.asynccontextmanager
async def _stores(
    ctx: BenchContext, backend: str, plan: Plan
) -> AsyncIterator[tuple[dict[str, Store], DatabaseClock | None]]:
    names = ("organizations", "country-teams", "briefings", "gateway", "floor")
    if backend == "sqlite":
        directory = ctx.work_dir / f"service_reads_{os.getpid()}_sqlite"
        try:
            url = await plan.cache.sqlite_copy(plan.incidents, directory / "incidents.db")
            stores = {"incidents": Store(url)} | {
                name: Store(f"sqlite+aiosqlite:///{directory / name}.db") for name in names
            }
            yield stores, None
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return
    database = f"pdp_bench_service_reads_{os.getpid()}"
    url = await plan.cache.postgres_copy(plan.incidents, database)
    try:
        stores = {"incidents": Store(url, "incidents")} | {
            name: Store(url, name.replace("-", "_")) for name in names
        }
        yield stores, DatabaseClock(database)
    finally:
        await drop_database(postgres_admin_url(), database)


async def _incident_ids(store: Store, count: int) -> list[str]:
    settings = IncidentsSettings(
        database_url=store.url, database_schema=store.schema, nats_enabled=False
    )
    async with Database.for_service(settings) as db, db.read_sessions() as session:
        query = select(incidents_table.c.id).order_by(func.random()).limit(count)
        return [str(incident_id) for incident_id in (await session.scalars(query)).all()]


async def _prepare(platform: Platform, incidents: Store, plan: Plan) -> list[Kind]:
    seeder = platform.identity(SEEDER)
    seeded = await seed_services(platform.urls, seeder, plan.records)
    seeded.ids["incidents"] = await _incident_ids(incidents, READ_IDS)
    edited = await create_incidents(platform.urls["incidents"], seeder, plan.concurrency)
    return reads(seeded.ids) + writes(edited, plan.requests)


def _routes(platform: Platform, kind: Kind) -> list[tuple[str, str, dict[str, str]]]:
    identity = {"X-PDP-Identity": platform.identity()}
    direct = ("direct", platform.services[kind.service].url, identity)
    gateway = ("gateway", platform.gateway.url, {"X-API-Key": platform.api_key})
    return [direct, gateway] if kind.through_gateway else [direct]


async def _spec(kind: Kind, plan: Plan, base_url: str, headers: dict[str, str]) -> LoadSpec:
    paths = kind.paths[: plan.concurrency] if kind.edits_own_record else kind.paths
    current = await etags(base_url, headers, paths) if kind.edits_own_record else {}
    return LoadSpec(
        base_url=base_url, method=kind.method, paths=paths, headers=headers,
        count=plan.requests, concurrency=plan.concurrency, warm_up=plan.warm_up,
        bodies=kind.bodies, if_match=current,
    )  # fmt: skip


async def _measure_kind(
    platform: Platform, kind: Kind, plan: Plan, backend: str, clock: DatabaseClock | None
) -> list[Result]:
    service = platform.services[kind.service]
    measured: dict[str, Measured] = {}
    for route, base_url, headers in _routes(platform, kind):
        watched = [("cpu", service)]
        if route == "gateway":
            watched.append(("gateway_cpu", platform.gateway))
        spec = await _spec(kind, plan, base_url, headers)
        measured[route] = await measure(spec, watched, clock)
        if measured[route].report.failed:
            statuses = measured[route].report.statuses
            raise RuntimeError(f"{kind.name} {route} on {backend}: failed requests {statuses}")
    direct = measured["direct"].values()
    params = {
        "method": kind.method,
        "path": kind.paths[0],
        "requests": plan.requests,
        "warm_up": plan.warm_up,
        "concurrency": plan.concurrency,
        "incidents": plan.incidents,
    }
    results = [Result(f"{kind.name}.direct", backend, direct, kind.target, params)]
    if "gateway" in measured:
        via = measured["gateway"].values()
        via["gateway_ratio"] = via["throughput_per_s"] / direct["throughput_per_s"]
        ratio_target = RATIO_TARGET if kind.name in RATIO_KINDS else None
        results.append(Result(f"{kind.name}.gateway", backend, via, ratio_target, params))
    return results


async def _profile_kind(
    ctx: BenchContext, platform: Platform, kind: Kind, plan: Plan, backend: str, work_dir: Path
) -> None:
    service = platform.services[kind.service]
    _, base_url, headers = _routes(platform, kind)[0]
    spec = await _spec(kind, plan, base_url, headers)
    written_to = work_dir / "profiles" / f"{kind.service}.prof"
    destination = ctx.results_dir / "profiles" / backend / f"{kind.name}.prof"
    await profile_load(spec, service, written_to, destination)
    ctx.log(f"service_reads/{backend}: profile of {kind.name} in {destination}")
