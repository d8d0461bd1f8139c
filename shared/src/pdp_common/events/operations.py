"""Operator tasks on one service's events, run beside its server rather than in it.

A service's command line (``python -m incidents replay``) and the operator's ``pdp`` both call
these with the service's :class:`~pdp_common.platform.Platform`, built from its settings but not
started: replay a stream into one of its durable consumers, list its open dead letters, show one,
and re-drive one through the consumer that gave up on it.

Re-driving runs the consumer's handler on the stored message in this process, exactly as the
consumer would have (inbox claim and handler in one transaction), then marks the dead letter
resolved. A message applied meanwhile (by a replay, say) is only marked resolved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from pdp_common.events import deadletters
from pdp_common.events.consumer import Consumer
from pdp_common.events.envelope import EnvelopeError, decode
from pdp_common.events.replay import ReplayReport, replay_into
from pdp_common.platform import Platform

NATS_CONNECT_SECONDS = 10.0
"""How long a replay waits for NATS before it gives up."""


class OperationError(Exception):
    """An operator task could not be done; the message says why, for a person to read."""


class NatsUnreachable(OperationError):
    """The broker did not answer."""


class UnknownConsumer(OperationError):
    """The service has no durable consumer of that name."""


class DeadLetterNotFound(OperationError):
    """No dead letter has that id in this service."""


class RedriveFailed(OperationError):
    """The dead letter could not be applied; it stays open."""


@dataclass(frozen=True)
class DeadLetterRecord:
    """A stored dead letter, as an operator sees it."""

    id: uuid.UUID
    consumer: str
    stream: str
    stream_sequence: int | None
    subject: str
    event_id: str | None
    event_type: str | None
    reason: str
    error: str
    deliveries: int
    created_at: datetime
    resolved_at: datetime | None
    payload: bytes
    headers: dict[str, str]

    @classmethod
    def of(cls, row: Any) -> DeadLetterRecord:
        """Return the record of a ``dead_letters`` row."""
        return cls(
            id=row.id,
            consumer=row.consumer,
            stream=row.stream,
            stream_sequence=row.stream_sequence,
            subject=row.subject,
            event_id=row.event_id,
            event_type=row.event_type,
            reason=row.reason,
            error=row.error,
            deliveries=row.deliveries,
            created_at=row.created_at,
            resolved_at=row.resolved_at,
            payload=bytes(row.payload),
            headers=dict(row.headers or {}),
        )


def consumer_of(platform: Platform, durable: str) -> Consumer:
    """Return the service's consumer named ``durable``, or raise :class:`UnknownConsumer`."""
    try:
        return platform.consumer(durable)
    except KeyError:
        known = ", ".join(c.sub.durable for c in platform.consumers) or "none"
        raise UnknownConsumer(f"no consumer {durable!r} in this service (known: {known})") from None


async def replay_consumer(
    platform: Platform,
    durable: str,
    *,
    start_sequence: int | None = None,
    start_time: datetime | None = None,
    reapply: bool = False,
) -> ReplayReport:
    """Run the handlers of the consumer ``durable`` over its stream from a sequence or a time."""
    consumer = consumer_of(platform, durable)
    platform.bus.start()
    try:
        if not await platform.bus.wait_connected(timeout=NATS_CONNECT_SECONDS):
            raise NatsUnreachable(f"NATS is not reachable at {platform.bus.url}")
        return await replay_into(
            consumer, start_sequence=start_sequence, start_time=start_time, reapply=reapply
        )
    finally:
        await platform.bus.close()


async def open_dead_letters(
    platform: Platform, *, consumer: str | None = None, limit: int = 100
) -> list[DeadLetterRecord]:
    """Return the service's unresolved dead letters, oldest first."""
    async with platform.db.read_sessions() as session:
        rows = await deadletters.list_open(session, consumer=consumer, limit=limit)
    return [DeadLetterRecord.of(row) for row in rows]


async def find_dead_letter(platform: Platform, letter_id: uuid.UUID) -> DeadLetterRecord | None:
    """Return one dead letter of the service, resolved or not, or None."""
    async with platform.db.read_sessions() as session:
        row = await deadletters.get(session, letter_id)
    return None if row is None else DeadLetterRecord.of(row)


async def redrive(platform: Platform, letter_id: uuid.UUID) -> bool:
    """Apply an open dead letter with its consumer's handler and resolve it.

    Return True when the handler ran, False when the event had been applied meanwhile. Raise
    :class:`DeadLetterNotFound`, :class:`UnknownConsumer` or :class:`RedriveFailed` (the letter
    then stays open)."""
    letter = await find_dead_letter(platform, letter_id)
    if letter is None or letter.resolved_at is not None:
        state = "no open dead letter" if letter is None else "already resolved:"
        raise DeadLetterNotFound(f"{state} {letter_id}")
    consumer = consumer_of(platform, letter.consumer)
    if not letter.payload:
        raise RedriveFailed(
            f"dead letter {letter_id} kept no message; replay {letter.stream} from sequence "
            f"{letter.stream_sequence} into {letter.consumer} instead"
        )
    try:
        envelope = decode(letter.payload, letter.headers)
        found = consumer.sub.handler_for(envelope.type)
        if found is None:
            raise RedriveFailed(f"{letter.consumer} has no handler for {envelope.type}")
        applied = await consumer.apply(
            found.typed(envelope), found.handler, sequence=letter.stream_sequence
        )
    except (EnvelopeError, ValidationError) as exc:
        raise RedriveFailed(f"the message cannot be read: {exc}") from exc
    except RedriveFailed:
        raise
    except Exception as exc:
        raise RedriveFailed(f"the handler failed again: {type(exc).__name__}: {exc}") from exc
    async with platform.db.transaction() as session:
        await deadletters.resolve(session, letter_id)
    return applied
