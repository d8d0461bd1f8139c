"""The incidents service: create throughput (single and batch import) and filtered list / search
latency with 100k and 1M stored incidents, on SQLite and PostgreSQL, through the service layer.

Figures per backend: single creates/s (one transaction each, every check and event), batch
import incidents/s (parsed JSON rows validated one by one, geo-checked, de-duplicated and stored
in bulk with bulk outbox events, 5,000 a transaction), the fill rate of the bulk storage path
that seeds the sizes, and p50/p99 of lists (country + category + 30-day window, newest first, 50
a page, as a Centre analyst and as a partner under an agreement and consents) and free-text
searches (a rare word and a common one) at each size. Rates also carry the process's CPU time
per incident (``cpu_us``), which moves far less than wall time with other load on the machine.
Data is generated, bounded and deterministic.
"""

from __future__ import annotations

import itertools
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from incidents.access.rule import Viewer
from incidents.imports.parsing import Candidate
from incidents.imports.service import import_candidates
from incidents.imports.storing import store_new
from incidents.main import MIGRATIONS_DIR
from incidents.models import incidents_table
from incidents.schemas import IncidentCreate, SourceIn
from incidents.search.schemas import IncidentFilters, IncidentSort
from incidents.search.service import list_incidents
from incidents.service import create_incident
from incidents.settings import IncidentsSettings
from incidents.taxonomy import EventType, ThreatCategory, TimePrecision
from pdp_common.contracts.organizations import AgreementStatus, ConsentKind, ConsentStatus
from pdp_common.db import Database
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.migrations import upgrade
from pdp_common.sharing import AgreementTerms, ConsentTerms
from sqlalchemy import text

from bench.harness import BenchContext, Result, Target
from bench.stats import latency_summary

PRINCIPAL = Principal(
    subject="bench",
    org="UNRCCA",
    roles=frozenset({Role.OFFICER, Role.SYSTEM}),
    clearance=Clearance.STRICTLY_CONFIDENTIAL,
    credential="bench",
)
ANALYST = Principal(
    subject="analyst", org="UNRCCA", roles=frozenset({Role.ANALYST}),
    clearance=Clearance.CONFIDENTIAL, credential="bench",
)  # fmt: skip
PARTNER = Principal(
    subject="partner", org="UNAMA", roles=frozenset({Role.PARTNER}),
    clearance=Clearance.INTERNAL, credential="bench",
)  # fmt: skip
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
# A vocabulary of 4,000 words drawn with Zipf's law, as in real text (and so the databases'
# statistics see many distinct words, as they would in production).
VOCABULARY = tuple(
    a + b + c for a in ("ka", "to", "mi", "ru", "se", "no", "ba", "di", "fa", "go")
    for b in ("ran", "lek", "vos", "tim", "sul", "bor", "nez", "pah", "qor", "wen")
    for c in ("", "a", "o", "i", "u", "e", "an", "ov", "iz", "ek", "ul", "am", "et", "ir",
              "os", "ug", "ya", "ji", "ze", "ko", "ra", "ne", "ti", "lo", "mu", "pe", "sa",
              "vi", "xo", "zu", "ba", "de", "fi", "gu", "ho", "ja", "ke", "li", "mo", "nu")
)  # fmt: skip
ZIPF = tuple(itertools.accumulate(1.0 / rank for rank in range(1, len(VOCABULARY) + 1)))
SENSITIVITIES = (Clearance.PUBLIC, Clearance.INTERNAL, Clearance.CONFIDENTIAL)
SOURCE = SourceIn(name="Field office", type="field_report", reliability="B", credibility=2)
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 700_000
BATCH = 5_000
FILLED, FILLED_QUICK = 100_000, 10_000  # incidents stored through the bulk path; then cloned


def payload(rng: random.Random, n: int) -> IncidentCreate:
    """Return the n-th generated incident, built without validation (see ``_check_generator``)."""
    country, admin1, lon, lat = rng.choice(PLACES)
    category, event_type, sub_event_type = rng.choice(KINDS)
    return IncidentCreate.model_construct(
        title=f"{rng.choice(WORDS)} {rng.choice(WORDS)} incident {n}",
        summary=" ".join(
            [
                *(rng.choice(WORDS) for _ in range(4)),
                *rng.choices(VOCABULARY, cum_weights=ZIPF, k=8),
            ]
        ),
        occurred_at=EPOCH + timedelta(minutes=rng.randrange(SPAN_MINUTES)),
        time_precision=TimePrecision.DAY,
        country=country,
        admin1=admin1,
        latitude=lat + rng.uniform(-0.01, 0.01),
        longitude=lon + rng.uniform(-0.01, 0.01),
        category=ThreatCategory(category),
        event_type=EventType(event_type),
        sub_event_type=sub_event_type,
        severity=rng.randint(1, 5),
        sensitivity=rng.choice(SENSITIVITIES),
        sources=[SOURCE],
    )


def _check_generator() -> None:
    rng = random.Random(0)
    for n in range(50):
        built = payload(rng, n)
        assert IncidentCreate.model_validate(built.model_dump()) == built


async def _single_creates(db: Database, count: int) -> dict[str, float]:
    rng = random.Random(1)
    payloads = [IncidentCreate.model_validate(payload(rng, n).model_dump()) for n in range(count)]
    started, cpu = time.perf_counter(), time.process_time()
    for body in payloads:
        async with db.transaction() as session:
            await create_incident(session, PRINCIPAL, body)
    return _rate(count, started, cpu)


async def _batch_import(db: Database, count: int) -> dict[str, float]:
    rng = random.Random(2)
    rows = [payload(rng, n).model_dump(mode="json") for n in range(count)]
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, count, BATCH):
        candidates = [Candidate(n, r) for n, r in enumerate(rows[start : start + BATCH], 1)]
        async with db.transaction() as session:
            report = await import_candidates(session, PRINCIPAL, candidates, batch_size=BATCH)
        assert report.rejected == 0, report.rows[:3]
    return _rate(count, started, cpu)


async def _fill(db: Database, total: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    stored, elapsed, cpu = 0, 0.0, 0.0
    while stored < total:
        batch = [payload(rng, stored + n) for n in range(min(BATCH, total - stored))]
        started, cpu_started = time.perf_counter(), time.process_time()
        async with db.transaction() as session:
            await store_new(session, PRINCIPAL, batch)
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        stored += len(batch)
    return {"per_s": total / elapsed, "cpu_us": cpu / total * 1e6}


CLONED = {
    "postgres": {
        "id": "gen_random_uuid()",
        "reference": "'INC-' || country || '-' || (3000 + :generation) || '-' "
        "|| right(reference, 6)",
        "created_by": "'bench-clone'",
        "occurred_at": "timestamptz '2025-01-01 00:00:00+00' "
        f"+ floor(random() * {SPAN_MINUTES}) * interval '1 minute'",
    },
    "sqlite": {
        "id": "lower(hex(randomblob(16)))",
        "reference": "'INC-' || country || '-' || (3000 + :generation) || '-' "
        "|| substr(reference, -6)",
        "created_by": "'bench-clone'",
        "occurred_at": "strftime('%Y-%m-%d %H:%M:%S', '2025-01-01', "
        f"'+' || (abs(random()) % {SPAN_MINUTES}) || ' minutes') || '.000000'",
    },
}


async def _clone(db: Database, backend: str, total: int, generation: int) -> dict[str, float]:
    """Add ``total`` copies of stored incidents (new ids, references and times), in SQL."""
    columns = [c.key for c in incidents_table.columns]
    computed = CLONED[backend]
    select_list = ", ".join(computed.get(c, c) for c in columns)
    started = time.perf_counter()
    added = 0
    # The originals come first: in rowid order on SQLite, by id (UUIDv7, older) on PostgreSQL.
    originals = "ORDER BY rowid" if backend == "sqlite" else "WHERE created_by <> 'bench-clone'"
    while added < total:
        size = min(50_000, total - added)
        sql = (
            f"INSERT INTO incidents ({', '.join(columns)}) SELECT {select_list} FROM incidents "
            f"{originals} LIMIT {size}"
        )
        async with db.transaction() as session:
            if backend == "sqlite":  # a page cache for the indexes of a 1M-row table
                await session.execute(text("PRAGMA cache_size = -262144"))
            await session.execute(text(sql), {"generation": generation})
        added += size
        generation += 100
    return {"per_s": total / (time.perf_counter() - started)}


def _rate(count: int, started: float, cpu_started: float) -> dict[str, float]:
    elapsed = time.perf_counter() - started
    return {"per_s": count / elapsed, "cpu_us": (time.process_time() - cpu_started) / count * 1e6}


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
            session, viewer, filters, sort=IncidentSort.OCCURRED_DESC, limit=50, cursor=None
        )

    return query


def _search(words: Callable[[int], str]) -> Query:
    viewer = _viewer(ANALYST)

    async def query(session: Any, i: int) -> object:
        filters = IncidentFilters(q=words(i))
        return await list_incidents(
            session, viewer, filters, sort=IncidentSort.OCCURRED_DESC, limit=50, cursor=None
        )

    return query


async def run(ctx: BenchContext) -> list[Result]:
    """Measure creates, imports, and list/search latency on every backend."""
    _check_generator()
    sizes = ctx.pick((100_000, 1_000_000), (5_000, 20_000))
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
    creates, imports = ctx.pick(300, 50), ctx.pick(20_000, 2_000)
    ctx.log(f"incidents/{backend}: {creates} single creates, a {imports}-row import")
    single = await _single_creates(db, creates)
    imported = await _batch_import(db, imports)
    import_target = Target("per_s", 20_000, "at_least") if backend == "postgres" else None
    results = [
        Result("create_single", backend, single, None, {"creates": creates}),
        Result("import_batch", backend, imported, import_target, {"rows": imports, "batch": BATCH}),
    ]
    stored = creates + imports
    direct = ctx.pick(FILLED, FILLED_QUICK)
    for step, size in enumerate(sizes):
        ctx.log(f"incidents/{backend}: filling to {size} incidents")
        filled = max(0, min(size, direct) - stored)
        if filled:
            fill = await _fill(db, filled, seed=size)
            results.append(Result("fill", backend, fill, None, {"incidents": filled}))
        if size > stored + filled:
            cloned = size - stored - filled
            clone = await _clone(db, backend, cloned, generation=step)
            results.append(Result(f"seed_clone_{size}", backend, clone, None, {"rows": cloned}))
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
