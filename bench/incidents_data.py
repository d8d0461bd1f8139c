"""Generated incidents shared by the incidents benchmarks: callers, places, words and payloads.

Data is bounded and deterministic (seeded ``random.Random``); payloads are built without
validation for speed and checked against validation by :func:`check_generator`.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from incidents.main import MIGRATIONS_DIR
from incidents.schemas import IncidentCreate, SourceIn
from incidents.settings import IncidentsSettings
from incidents.vocabulary import EventType, ThreatCategory, TimePrecision
from pdp_common.db import Database
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.migrations import upgrade

from bench.harness import BenchContext

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


def payload(rng: random.Random, n: int) -> IncidentCreate:
    """Return the n-th generated incident, built without validation (see ``check_generator``)."""
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


def check_generator() -> None:
    """Make sure generated payloads are what validation would give for them."""
    rng = random.Random(0)
    for n in range(50):
        built = payload(rng, n)
        assert IncidentCreate.model_validate(built.model_dump()) == built


def rate(count: int, started: float, cpu_started: float) -> dict[str, float]:
    """Return ``per_s`` (wall clock) and ``cpu_us`` (this process's CPU per item) since a start."""
    elapsed = time.perf_counter() - started
    return {"per_s": count / elapsed, "cpu_us": (time.process_time() - cpu_started) / count * 1e6}


@contextlib.asynccontextmanager
async def migrated(ctx: BenchContext, backend: str, name: str) -> AsyncIterator[Database]:
    """Yield the service's database, fresh and migrated, on ``backend``; remove it afterwards."""
    async with ctx.database(backend, name) as target:
        settings = IncidentsSettings(
            database_url=target.url, database_schema=target.schema, nats_enabled=False
        )
        await upgrade(MIGRATIONS_DIR, settings)
        async with Database.for_service(settings) as db:
            yield db
