"""Every statement on the delivery tables: enqueue in the caller's transaction, claim due rows
under a lease, record attempts, hold and release a suspended target's deliveries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.db import new_id, utcnow
from pdp_common.webhook_delivery.tables import DeliveryStatus, DeliveryTables


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attempt gave."""

    started_at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None

    @property
    def is_success(self) -> bool:
        """Tell whether the target accepted the message (2xx)."""
        return self.status_code is not None and 200 <= self.status_code < 300


async def enqueue(
    session: AsyncSession,
    tables: DeliveryTables,
    *,
    target_id: uuid.UUID,
    event_type: str,
    payload: bytes,
    message_id: str | None = None,
    content_type: str = "application/json",
    now: datetime | None = None,
) -> uuid.UUID:
    """Add a delivery in the caller's transaction (it is sent once that commits); return its id.

    ``message_id`` (``webhook-id``) defaults to ``msg_<delivery id>``; pass the event id so that
    a receiver can de-duplicate across targets and retries."""
    delivery_id = new_id()
    now = now or utcnow()
    await session.execute(
        insert(tables.deliveries).values(
            id=delivery_id,
            target_id=target_id,
            message_id=message_id or f"msg_{delivery_id.hex}",
            event_type=event_type,
            payload=payload,
            content_type=content_type,
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    return delivery_id


async def claim_due(
    session: AsyncSession,
    tables: DeliveryTables,
    *,
    now: datetime,
    lease: timedelta,
    limit: int,
) -> Sequence[Row[tuple[object, ...]]]:
    """Lease up to ``limit`` due deliveries: their next attempt moves to ``now + lease``, so no
    other worker takes them meanwhile, and again after the lease should this worker die.

    PostgreSQL skips the rows another worker is claiming (``FOR UPDATE SKIP LOCKED``); SQLite
    runs one writing transaction at a time, so the second claimer sees the moved times."""
    d = tables.deliveries
    stmt = (
        select(d)
        .where(d.c.status == DeliveryStatus.PENDING, d.c.next_attempt_at <= now)
        .order_by(d.c.next_attempt_at, d.c.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = (await session.execute(stmt)).all()
    if rows:
        await session.execute(
            update(d).where(d.c.id.in_([r.id for r in rows])).values(next_attempt_at=now + lease)
        )
    return rows


async def record_attempt(
    session: AsyncSession,
    tables: DeliveryTables,
    *,
    delivery: Row[tuple[object, ...]],
    outcome: Outcome,
    status: DeliveryStatus,
    next_attempt_at: datetime | None,
) -> bool:
    """Log one attempt and bring its delivery to ``status``; return False (and change nothing)
    when another worker has recorded an attempt of it meanwhile (its lease ran out)."""
    attempt = int(delivery.attempts) + 1
    values: dict[str, object] = {
        "status": status,
        "attempts": attempt,
        "last_attempt_at": outcome.started_at,
        "last_status_code": outcome.status_code,
        "last_error": outcome.error,
        "last_duration_ms": outcome.duration_ms,
    }
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    if outcome.is_success:
        values["delivered_at"] = outcome.started_at + timedelta(milliseconds=outcome.duration_ms)
    d = tables.deliveries
    result = await session.execute(
        update(d).where(d.c.id == delivery.id, d.c.attempts == delivery.attempts).values(**values)
    )
    if not getattr(result, "rowcount", 0):
        return False
    await session.execute(
        insert(tables.attempts).values(
            id=new_id(),
            delivery_id=delivery.id,
            target_id=delivery.target_id,
            attempt=attempt,
            started_at=outcome.started_at,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            error=outcome.error,
            is_success=outcome.is_success,
        )
    )
    return True


async def failures_in_a_row(
    session: AsyncSession, tables: DeliveryTables, *, target_id: uuid.UUID, window: int
) -> int:
    """Return how many of the target's latest ``window`` attempts failed since its last success."""
    a = tables.attempts
    stmt = (
        select(a.c.is_success)
        .where(a.c.target_id == target_id)
        .order_by(a.c.started_at.desc(), a.c.id.desc())
        .limit(window)
    )
    count = 0
    for (is_success,) in (await session.execute(stmt)).all():
        if is_success:
            break
        count += 1
    return count


async def set_status(
    session: AsyncSession,
    tables: DeliveryTables,
    *,
    delivery_ids: Sequence[uuid.UUID],
    status: DeliveryStatus,
    error: str | None = None,
) -> None:
    """Bring deliveries to ``status`` without an attempt (held, cancelled)."""
    d = tables.deliveries
    values: dict[str, object] = {"status": status}
    if error is not None:
        values["last_error"] = error
    await session.execute(update(d).where(d.c.id.in_(delivery_ids)).values(**values))


async def hold_target(
    session: AsyncSession, tables: DeliveryTables, *, target_id: uuid.UUID
) -> int:
    """Hold every pending delivery of a suspended target; return how many."""
    d = tables.deliveries
    result = await session.execute(
        update(d)
        .where(d.c.target_id == target_id, d.c.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.HELD)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def release_target(
    session: AsyncSession,
    tables: DeliveryTables,
    *,
    target_id: uuid.UUID,
    now: datetime | None = None,
) -> int:
    """Make a resumed target's held deliveries due now, in the caller's transaction."""
    d = tables.deliveries
    result = await session.execute(
        update(d)
        .where(d.c.target_id == target_id, d.c.status == DeliveryStatus.HELD)
        .values(status=DeliveryStatus.PENDING, next_attempt_at=now or utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)
