"""Record events in the service's outbox, in the same transaction as the change they describe."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import uuid_utils
from opentelemetry import propagate
from pydantic import TypeAdapter
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.db import new_id, note_outbox_rows, utcnow
from pdp_common.events.envelope import (
    SPEC_VERSION,
    AnyEnvelope,
    Envelope,
    EventData,
    encode,
    source_of,
)
from pdp_common.platform_tables import outbox

_TIME = TypeAdapter(datetime)


def build_envelope(data: EventData, *, event_id: uuid.UUID | None = None) -> Envelope[Any]:
    """Wrap ``data`` in a CloudEvents envelope stamped now, carrying the current trace context."""
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
        traceparent=carrier.get("traceparent"),
        tracestate=carrier.get("tracestate"),
        data=data.model_dump(mode="json"),
    )


def _row(data: EventData, headers: dict[str, str] | None = None) -> dict[str, Any]:
    event_id = new_id()
    envelope = build_envelope(data, event_id=event_id)
    if headers is None:
        headers = {}
        propagate.inject(headers)
    return {
        "id": event_id,
        "subject": data.event_type,
        "event_type": data.event_type,
        "payload": encode(envelope),
        "headers": headers,
        "created_at": envelope.time,
        "attempts": 0,
    }


_INSERT_OUTBOX = insert(outbox)


async def record_event(session: AsyncSession, data: EventData) -> uuid.UUID:
    """Add ``data`` to the outbox in the session's transaction and return the event id."""
    row = _row(data)
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
    rows = [_row(data, headers) for data in events]
    await session.execute(_INSERT_OUTBOX, rows)
    note_outbox_rows(session, rows)
    return [row["id"] for row in rows]


def event_rows(
    data_type: type[EventData],
    items: Sequence[tuple[str | None, Mapping[str, Any]]],
) -> list[dict[str, Any]]:
    """Return outbox rows for many events of one type from JSON-ready data, without models.

    The bulk twin of :func:`record_events` for hot paths (imports of thousands of records):
    each item is ``(subject, data)`` where ``data`` is what ``data_type(...).model_dump(
    mode="json")`` would give. The first item is validated against ``data_type`` (a cheap guard
    against drift); the time and trace context are read once for the whole batch, and each
    envelope is written with one ``json.dumps``, in the same form as :func:`encode` writes it.
    """
    if not data_type.event_type:
        raise ValueError(f"{data_type.__qualname__} is not a registered event")
    if not items:
        return []
    data_type.model_validate(items[0][1])
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    now = utcnow()
    source, event_type = source_of(data_type.event_type), data_type.event_type
    tail: dict[str, Any] = {"time": _TIME.dump_python(now, mode="json")}
    tail["datacontenttype"] = "application/json"
    tail.update((k, carrier[k]) for k in ("traceparent", "tracestate") if k in carrier)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    rows: list[dict[str, Any]] = []
    for subject, data in items:
        event_id = uuid_utils.uuid7()  # UUIDv7 as new_id(), without the stdlib conversion
        envelope: dict[str, Any] = {
            "specversion": SPEC_VERSION,
            "id": str(event_id),
            "source": source,
            "type": event_type,
        }
        if subject is not None:
            envelope["subject"] = subject
        envelope.update(tail)
        envelope["data"] = data
        rows.append(_encoded_row(event_id, event_type, dumps(envelope), carrier, now))
    return rows


def _encoded_row(
    event_id: uuid_utils.UUID, event_type: str, payload: str, headers: dict[str, str], now: datetime
) -> dict[str, Any]:
    return {
        "id": event_id,
        "subject": event_type,
        "event_type": event_type,
        "payload": payload.encode(),
        "headers": headers,
        "created_at": now,
        "attempts": 0,
    }


async def record_event_rows(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    """Add rows made by :func:`event_rows` to the outbox in the session's transaction.

    On PostgreSQL the rows are sent with ``COPY`` through the session's own connection (so in
    its transaction); on SQLite with one multi-row ``INSERT``.
    """
    if not rows:
        return
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        # The driver opens its transaction lazily: make sure COPY runs inside it.
        await connection.exec_driver_sql("SELECT 1")
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        names = list(rows[0])
        records = [tuple(json.dumps(r[n]) if n == "headers" else r[n] for n in names) for r in rows]
        await raw.copy_records_to_table(outbox.name, records=records, columns=names)
    else:
        await session.execute(insert(outbox), list(rows))
    note_outbox_rows(session, rows)
