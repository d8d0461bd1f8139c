"""Incident events and the early-warning consumer's handlers, for the early-warning tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

from incidents.early_warning import subscribers
from incidents.settings import IncidentsSettings
from pdp_common.contracts import incidents as incident_events
from pdp_common.db import Database, new_id
from pdp_common.events.outbox import build_envelope
from pdp_common.platform_tables import outbox
from sqlalchemy import func, select

PLACE = {"country": "KGZ", "admin1": "Batken", "category": "border_incident"}


def snapshot(
    kind: type[incident_events.IncidentSnapshot] = incident_events.IncidentReported,
    *,
    incident_id: uuid.UUID | None = None,
    days_ago: int = 1,
    **fields: Any,
) -> incident_events.IncidentSnapshot:
    """Return an incident event of ``kind`` in Batken (severity 5, 5 casualties by default)."""
    occurred = datetime.combine(datetime.now(UTC).date(), time(12), tzinfo=UTC)
    data: dict[str, Any] = PLACE | {
        "incident_id": incident_id or new_id(),
        "reference": "INC-KGZ-2026-000001",
        "acled_event_type": "Battles",
        "acled_sub_event_type": "Armed clash",
        "severity": 5,
        "casualties_best": 5,
        "confidence_score": 0.8,
        "sensitivity": "internal",
        "status": "reported",
        "occurred_at": occurred - timedelta(days=days_ago),
        "latitude": 40.06,
        "longitude": 70.82,
        "title": "Exchange of fire at a border post",
        "origin_org": "UNRCCA",
        "version": 1,
    }
    return kind(**data | fields)


async def deliver(
    db: Database, data: incident_events.IncidentSnapshot, settings: IncidentsSettings
) -> None:
    """Deliver one incident event to the early-warning handlers in one transaction."""
    subscription = subscribers.subscription(lambda: settings)
    envelope = build_envelope(data)
    (handler,) = [h for h in subscription.handlers if h.event is type(data)]
    async with db.transaction() as session:
        await handler.handler(session, handler.typed(envelope))


async def outbox_types(db: Database) -> list[str]:
    """Return the types of the events waiting in the outbox, in order."""
    async with db.transaction() as session:
        rows = await session.execute(select(outbox.c.event_type).order_by(outbox.c.id))
        return [r[0] for r in rows]


async def count(db: Database, table: Any) -> int:
    """Return how many rows ``table`` holds."""
    async with db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)
