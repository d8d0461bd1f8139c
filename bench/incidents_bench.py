"""The incidents service: filtered list / search latency with 100k and 1M stored incidents, on
SQLite and PostgreSQL, through the service layer (the create paths are in
``incidents_import_bench``).

Figures per backend: the fill rate of the bulk storage path that seeds the sizes (with the
process's CPU time per incident, ``cpu_us``), and p50/p99 of lists (country + category + 30-day
window, newest first, 50 a page, as a Centre analyst and as a partner under an agreement and
consents) and free-text searches (a rare word and a common one) at each size. Data is generated,
bounded and deterministic (``bench.incidents_data``).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from incidents.access.rule import Viewer
from incidents.search.schemas import IncidentFilters, IncidentSort
from incidents.search.service import list_incidents
from pdp_common.contracts.organizations import AgreementStatus, ConsentKind, ConsentStatus
from pdp_common.db import Database
from pdp_common.identity import Clearance, Principal
from pdp_common.sharing import AgreementTerms, ConsentTerms
from sqlalchemy import text

from bench.harness import BenchContext, Result, Target
from bench.incidents_data import (
    ANALYST,
    EPOCH,
    KINDS,
    PARTNER,
    PLACES,
    WORDS,
    check_generator,
    migrated,
)
from bench.incidents_fill import clone, fill
from bench.stats import latency_summary

FILLED, FILLED_QUICK = 100_000, 10_000  # incidents stored through the bulk path; then cloned


Query = Callable[[Any, int], Awaitable[object]]


async def _latencies(
    db: Database, query: Query, n: int, budget_s: float = 30.0
) -> dict[str, float]:
    """Time up to ``n`` queries (fewer when ``budget_s`` runs out, but at least 20)."""
    timings: list[float] = []
    deadline = time.perf_counter() + budget_s
    for i in range(n):
        if i >= 20 and time.perf_counter() > deadline:
            break
        async with db.read_sessions() as session:
            started = time.perf_counter()
            await query(session, i)
            timings.append((time.perf_counter() - started) * 1000)
    summary = latency_summary(timings)
    return {k: summary[k] for k in ("p50_ms", "p90_ms", "p99_ms", "max_ms", "count")}


def _viewer(principal: Principal) -> Viewer:
    now = datetime.now(UTC)
    if principal.is_centre_staff:
        return Viewer(principal=principal, agreements=(), consents=(), now=now)
    countries = frozenset(country for country, *_ in PLACES)
    agreement = AgreementTerms(
        agreement_id=uuid.UUID(int=1), partner_org=principal.org, countries=countries,
        categories=frozenset(kind for kind, *_ in KINDS), max_sensitivity=Clearance.INTERNAL,
        embargo_hours=0, status=AgreementStatus.ACTIVE, valid_from=EPOCH,
    )  # fmt: skip
    governments = ("KGZ", "KAZ", "TJK", "UZB")
    consents = tuple(_consent(i, country, principal.org) for i, country in enumerate(governments))
    return Viewer(principal=principal, agreements=(agreement,), consents=consents, now=now)


def _consent(index: int, country: str, org: str) -> ConsentTerms:
    return ConsentTerms(
        consent_id=uuid.UUID(int=10 + index), government=country, party_org=org,
        kind=ConsentKind.INFORMATION_SHARING, countries=frozenset({country}),
        topics=frozenset(), status=ConsentStatus.ACTIVE, valid_from=EPOCH,
    )  # fmt: skip


def _filtered(principal: Principal) -> Query:
    viewer = _viewer(principal)

    async def query(session: Any, i: int) -> object:
        country, _, _, _ = PLACES[i % len(PLACES)]
        start = EPOCH + timedelta(days=(i * 37) % 450)
        filters = IncidentFilters.model_validate(
            {
                "country": [country],
                "category": [KINDS[i % len(KINDS)][0]],
                "occurred_from": start,
                "occurred_to": start + timedelta(days=30),
            }
        )
        return await list_incidents(
            session,
            viewer=viewer,
            filters=filters,
            sort=IncidentSort.OCCURRED_DESC,
            limit=50,
            cursor=None,
        )

    return query


def _search(words: Callable[[int], str]) -> Query:
    viewer = _viewer(ANALYST)

    async def query(session: Any, i: int) -> object:
        filters = IncidentFilters(q=words(i))
        return await list_incidents(
            session,
            viewer=viewer,
            filters=filters,
            sort=IncidentSort.OCCURRED_DESC,
            limit=50,
            cursor=None,
        )

    return query


async def run(ctx: BenchContext) -> list[Result]:
    """Measure list and search latency at each size on every backend."""
    check_generator()
    sizes = ctx.pick((100_000, 1_000_000), (5_000, 20_000))
    results: list[Result] = []
    for backend in ctx.backends:
        async with migrated(ctx, backend, "incidents") as db:
            results += await _measure(ctx, db, backend, sizes)
    return results


async def _measure(
    ctx: BenchContext, db: Database, backend: str, sizes: tuple[int, ...]
) -> list[Result]:
    results: list[Result] = []
    stored = 0
    direct = ctx.pick(FILLED, FILLED_QUICK)
    for step, size in enumerate(sizes):
        ctx.log(f"incidents/{backend}: filling to {size} incidents")
        filled = max(0, min(size, direct) - stored)
        if filled:
            rates = await fill(db, filled, seed=size)
            results.append(Result("fill", backend, rates, None, {"incidents": filled}))
        if size > stored + filled:
            cloned = size - stored - filled
            copied = await clone(db, backend, cloned, generation=step)
            results.append(Result(f"seed_clone_{size}", backend, copied, None, {"rows": cloned}))
        stored = size
        await _analyze(db)
        results += await _queries(ctx, db, backend, size)
    return results


async def _analyze(db: Database) -> None:
    async with db.transaction() as session:
        await session.execute(text("ANALYZE"))


async def _queries(ctx: BenchContext, db: Database, backend: str, size: int) -> list[Result]:
    n = ctx.pick(200, 50)
    rng = random.Random(size)
    rare = [str(rng.randrange(min(size, ctx.pick(FILLED, FILLED_QUICK)))) for _ in range(n)]
    queries: dict[str, Query] = {
        "list_filtered": _filtered(ANALYST),
        "list_partner": _filtered(PARTNER),
        "search_rare": _search(lambda i: rare[i]),
        "search_common": _search(lambda i: f"{WORDS[i % len(WORDS)]} incident"),
    }
    results: list[Result] = []
    for name, query in queries.items():
        await _latencies(db, query, 3)  # warm the connection and the statement caches
        values = await _latencies(db, query, n)
        target = Target("p99_ms", 20.0) if name.startswith("list_") else None
        results.append(Result(f"{name}_{size}", backend, values, target, {"incidents": size}))
    return results
