"""The early-warning update cost per incident event, against a real database.

A fresh, migrated incidents database holds the consumer's copy of ``HISTORY`` incidents spread
over two years and five places (inserted untimed). Timed: ``EVENTS`` incident events delivered one
by one to the early-warning handler, each in its own transaction, as the consumer does: the copy
is updated, the four places of the incident are recomputed for today (day totals over the
indicators' history, assess, step) and alert rows and events are written to the outbox.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from incidents.early_warning import subscribers
from incidents.early_warning.models import incidents_copy_table
from incidents.early_warning.weights import incident_weight
from incidents.main import MIGRATIONS_DIR
from incidents.settings import IncidentsSettings
from pdp_common.contracts import incidents as incident_events
from pdp_common.db import Database, new_id, utcnow
from pdp_common.events.outbox import build_envelope
from pdp_common.migrations import upgrade
from sqlalchemy import insert

from bench.harness import BenchContext, Result, Target
from bench.stats import latency_summary

HISTORY = 20_000
EVENTS = 300
PLACES = (
    ("KGZ", "Batken"),
    ("KGZ", "Osh"),
    ("TJK", "Sughd"),
    ("UZB", "Fergana"),
    ("KAZ", "Almaty"),
)
CATEGORIES = ("border_incident", "water_energy_dispute", "political_unrest")


def _history(rng: random.Random, count: int) -> list[dict[str, object]]:
    now = utcnow()
    rows: list[dict[str, object]] = []
    for _ in range(count):
        country, admin1 = rng.choice(PLACES)
        occurred = now - timedelta(days=rng.randint(1, 730), hours=rng.randint(0, 23))
        severity, casualties = rng.randint(1, 5), rng.choice((None, 0, 1, 3))
        rows.append(
            {
                "incident_id": new_id(),
                "country": country,
                "admin1": admin1,
                "category": rng.choice(CATEGORIES),
                "occurred_at": occurred,
                "occurred_on": occurred.date(),
                "severity": severity,
                "casualties_best": casualties,
                "confidence_score": 0.7,
                "sensitivity": "internal",
                "sensitivity_rank": 1,
                "status": "verified",
                "weight": incident_weight(
                    severity=severity,
                    casualties_best=casualties,
                    confidence_score=0.7,
                    status="verified",
                ),
                "source_version": 3,
                "updated_at": now,
            }
        )
    return rows


def _event(rng: random.Random) -> incident_events.IncidentReported:
    country, admin1 = rng.choice(PLACES)
    return incident_events.IncidentReported(
        incident_id=new_id(),
        reference="INC-BENCH-0001",
        country=country,
        admin1=admin1,
        category=rng.choice(CATEGORIES),
        acled_event_type="Battles",
        acled_sub_event_type="Armed clash",
        severity=rng.randint(3, 5),
        casualties_best=rng.randint(0, 5),
        confidence_score=0.8,
        sensitivity="internal",
        status="reported",
        occurred_at=datetime.now(UTC) - timedelta(days=rng.randint(0, 6)),
        latitude=40.0,
        longitude=70.0,
        origin_org="UNRCCA",
        version=1,
    )


def _constant(settings: IncidentsSettings) -> Callable[[], IncidentsSettings]:
    return lambda: settings


async def per_event_figures(ctx: BenchContext) -> list[Result]:
    """Return the per-event update cost on each backend of the run."""
    history, events = ctx.pick(HISTORY, 2_000), ctx.pick(EVENTS, 30)
    results = []
    for backend in ctx.backends:
        async with ctx.database(backend, "early_warning") as target:
            settings = IncidentsSettings(
                database_url=target.url,
                database_schema=target.schema,
                nats_enabled=False,
                var_dir=ctx.work_dir,
            )
            await upgrade(MIGRATIONS_DIR, settings)
            rng = random.Random(7)
            subscription = subscribers.subscription(_constant(settings))
            (handler,) = [
                h for h in subscription.handlers if h.event is incident_events.IncidentReported
            ]
            samples: list[float] = []
            async with Database.for_service(settings) as db:
                async with db.transaction() as session:
                    await session.execute(insert(incidents_copy_table), _history(rng, history))
                for _ in range(events):
                    envelope = handler.typed(build_envelope(_event(rng)))
                    start = time.perf_counter()
                    async with db.transaction() as session:
                        await handler.handler(session, envelope)
                    samples.append((time.perf_counter() - start) * 1000)
            results.append(
                Result(
                    name="update_per_event",
                    backend=backend,
                    values=latency_summary(samples),
                    target=Target("p50_ms", 50),
                    params={"history_incidents": history, "events": events},
                )
            )
    return results
