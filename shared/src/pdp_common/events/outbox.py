"""Record events in the service's outbox, in the same transaction as the change they describe."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from opentelemetry import propagate
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.db import new_id, note_outbox_rows, utcnow
from pdp_common.events.dataschema import dataschema_uri
from pdp_common.events.envelope import (
    AnyEnvelope,
    Envelope,
    EventData,
    encode,
    source_of,
)
from pdp_common.events.subjects import publish_subject
from pdp_common.platform_tables import outbox


def build_envelope(data: EventData, *, event_id: uuid.UUID | None = None) -> Envelope[Any]:
    """Wrap ``data`` in a CloudEvents envelope stamped now, carrying the current trace context and
    the URI of its data's schema."""
    if not data.event_type:
        raise ValueError(f"{type(data).__qualname__} is not a registered event")
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return AnyEnvelope(
        id=str(event_id or new_id()),
        source=source_of(data.event_type),
        type=data.event_type,
        subject=data.event_subject(),
        time=utcnow(),
        dataschema=dataschema_uri(data.event_type),
        traceparent=carrier.get("traceparent"),
        tracestate=carrier.get("tracestate"),
        data=data.model_dump(mode="json"),
    )


def outbox_row(data: EventData, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the outbox row of one event: its envelope encoded, the trace context in headers.

    The row's ``subject`` is the NATS subject the relay publishes on,
    ``<type>.<country>.<category>`` (:func:`pdp_common.events.subjects.publish_subject`); the
    envelope's CloudEvents ``subject`` stays the id of the entity the event is about. Bulk paths
    write the same rows from a template (:class:`pdp_common.bulk.EventTemplate`)."""
    event_id = new_id()
    envelope = build_envelope(data, event_id=event_id)
    if headers is None:
        headers = {}
        propagate.inject(headers)
    return {
        "id": event_id,
        "subject": publish_subject(data.event_type, envelope.data),
        "event_type": data.event_type,
        "payload": encode(envelope),
        "headers": headers,
        "created_at": envelope.time,
        "attempts": 0,
    }


_INSERT_OUTBOX = insert(outbox)


async def record_event(session: AsyncSession, data: EventData) -> uuid.UUID:
    """Add ``data`` to the outbox in the session's transaction and return the event id."""
    row = outbox_row(data)
    await session.execute(_INSERT_OUTBOX, row)
    note_outbox_rows(session, (row,))
    event_id: uuid.UUID = row["id"]
    return event_id


async def record_events(session: AsyncSession, events: Sequence[EventData]) -> list[uuid.UUID]:
    """Add many events to the outbox in one statement; return their ids in order."""
    if not events:
        return []
    headers: dict[str, str] = {}
    propagate.inject(headers)
    rows = [outbox_row(data, headers) for data in events]
    await session.execute(_INSERT_OUTBOX, rows)
    note_outbox_rows(session, rows)
    return [row["id"] for row in rows]
