"""Dead letters: messages a consumer gave up on, kept in the service's database and on a stream."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.db import Database, new_id, utcnow
from pdp_common.events.bus import Bus
from pdp_common.events.streams import DEAD_LETTER_PREFIX
from pdp_common.platform_tables import dead_letters

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class DeadLetter:
    """What is known of a message a consumer gave up on."""

    consumer: str
    stream: str
    stream_sequence: int | None
    subject: str
    event_id: str | None
    event_type: str | None
    reason: str
    error: str
    deliveries: int
    payload: bytes
    headers: dict[str, str]


async def exists(session: AsyncSession, *, consumer: str, stream: str, sequence: int) -> bool:
    """Tell whether a dead letter is already recorded for this message."""
    stmt = select(dead_letters.c.id).where(
        dead_letters.c.consumer == consumer,
        dead_letters.c.stream == stream,
        dead_letters.c.stream_sequence == sequence,
    )
    return (await session.execute(stmt)).first() is not None


async def record(db: Database, bus: Bus, letter: DeadLetter) -> uuid.UUID:
    """Store ``letter`` in the database and copy it to the dead-letter stream."""
    letter_id = new_id()
    async with db.transaction() as session:
        if letter.stream_sequence is not None and await exists(
            session, consumer=letter.consumer, stream=letter.stream, sequence=letter.stream_sequence
        ):
            return letter_id
        await session.execute(
            insert(dead_letters).values(
                id=letter_id,
                consumer=letter.consumer,
                stream=letter.stream,
                stream_sequence=letter.stream_sequence,
                subject=letter.subject,
                event_id=letter.event_id,
                event_type=letter.event_type,
                reason=letter.reason,
                error=letter.error[:4000],
                deliveries=letter.deliveries,
                payload=letter.payload,
                headers=letter.headers,
                created_at=utcnow(),
            )
        )
    log.error(
        "event dead-lettered",
        consumer=letter.consumer,
        subject=letter.subject,
        event_id=letter.event_id,
        reason=letter.reason,
        error=letter.error[:500],
    )
    await _copy_to_stream(bus, letter, letter_id)
    return letter_id


async def _copy_to_stream(bus: Bus, letter: DeadLetter, letter_id: uuid.UUID) -> None:
    headers = {
        **{k: v for k, v in letter.headers.items() if k.lower() != "nats-msg-id"},
        "Nats-Msg-Id": str(letter_id),
        "Pdp-Dead-Letter-Reason": letter.reason,
        "Pdp-Dead-Letter-Consumer": letter.consumer,
        "Pdp-Original-Subject": letter.subject,
        "Pdp-Original-Stream": letter.stream,
        "Pdp-Original-Sequence": str(letter.stream_sequence or 0),
        "Pdp-Error": letter.error[:500].replace("\r", " ").replace("\n", " "),
    }
    try:
        await bus.js.publish(
            f"{DEAD_LETTER_PREFIX}.{letter.consumer}", letter.payload, headers=headers, timeout=5
        )
    except Exception as exc:
        log.warning("dead letter not copied to stream", error=str(exc))


async def list_open(
    session: AsyncSession, *, consumer: str | None = None, limit: int = 100
) -> list[Row[Any]]:
    """Return dead letters not yet resolved (of one consumer, if named), oldest first."""
    stmt = select(dead_letters).where(dead_letters.c.resolved_at.is_(None))
    if consumer is not None:
        stmt = stmt.where(dead_letters.c.consumer == consumer)
    stmt = stmt.order_by(dead_letters.c.created_at).limit(limit)
    return list((await session.execute(stmt)).all())


async def get(session: AsyncSession, letter_id: uuid.UUID) -> Row[Any] | None:
    """Return one dead letter, resolved or not, or None."""
    stmt = select(dead_letters).where(dead_letters.c.id == letter_id)
    return (await session.execute(stmt)).first()


async def resolve(session: AsyncSession, letter_id: uuid.UUID) -> None:
    """Mark a dead letter as dealt with."""
    await session.execute(
        update(dead_letters).where(dead_letters.c.id == letter_id).values(resolved_at=utcnow())
    )
