"""The inbox: which events a consumer has applied, so that a redelivered event is applied once."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.db import utcnow
from pdp_common.platform_tables import inbox

# Built once per dialect, so that claiming does not compile a statement per event.
_CLAIM = {
    "postgresql": postgresql.insert(inbox).on_conflict_do_nothing(),
    "sqlite": sqlite.insert(inbox).on_conflict_do_nothing(),
}


async def claim(
    session: AsyncSession,
    *,
    consumer: str,
    event_id: str,
    event_type: str,
    stream_sequence: int | None,
) -> bool:
    """Record that ``consumer`` applies ``event_id`` now; return False if it already had."""
    values = {
        "consumer": consumer,
        "event_id": event_id,
        "event_type": event_type,
        "stream_sequence": stream_sequence,
        "applied_at": utcnow(),
    }
    stmt = _CLAIM[session.get_bind().dialect.name]
    result = await session.execute(stmt, values)
    return bool(getattr(result, "rowcount", 0))


async def forget(session: AsyncSession, *, consumer: str, event_id: str) -> None:
    """Remove the record of ``event_id`` for ``consumer`` (before a deliberate re-apply)."""
    await session.execute(
        delete(inbox).where(inbox.c.consumer == consumer, inbox.c.event_id == event_id)
    )
