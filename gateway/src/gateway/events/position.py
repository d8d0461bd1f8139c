"""Where a reader's stream starts: after the event it saw last, from a time, or with new events.

The id of every event sent is its sequence in the aggregate stream. A reader that reconnects
sends the last id it received (``Last-Event-ID``, or ``last_event_id`` for clients that cannot
set headers) and receives the events after it, none twice and none missed, as long as the stream
still holds them; when it no longer does, the reader learns so (410) instead of silently missing
events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from nats.js.api import DeliverPolicy

from gateway.events.aggregate import Bounds
from gateway.events.errors import EventPositionExpired, EventPositionInvalid

MAX_EVENT_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Start:
    """The deliver policy of a reader's consumer, with its start sequence or time."""

    policy: DeliverPolicy
    sequence: int | None = None
    time: datetime | None = None


def parse_event_id(value: str | None) -> int | None:
    """Return the event id a reader resumes after, or None; raise EventPositionInvalid."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or not text.isascii() or int(text) > MAX_EVENT_ID:
        raise EventPositionInvalid(
            "Last-Event-ID must be the id of an event of this stream (a whole number).",
            errors=[
                {"loc": ["header", "Last-Event-ID"], "msg": "not an event id", "type": "event_id"}
            ],
        )
    return int(text)


def check_since(value: datetime | None) -> datetime | None:
    """Return ``since`` in UTC, or None; raise EventPositionInvalid for a time without a zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise EventPositionInvalid(
            "since must be an RFC 3339 time with a time zone (2026-12-06T08:00:00Z).",
            errors=[{"loc": ["query", "since"], "msg": "time zone required", "type": "timezone"}],
        )
    return value.astimezone(UTC)


def start_of(
    *,
    last_event_id: int | None,
    since: datetime | None,
    bounds: Bounds,
    retention_seconds: float,
    now: datetime,
) -> Start:
    """Return where a reader starts; raise EventPositionExpired when the stream no longer holds
    the events that follow its position. ``last_event_id`` wins over ``since``."""
    if last_event_id is not None:
        following = last_event_id + 1
        if last_event_id > bounds.last or following < bounds.first:
            raise EventPositionExpired(
                f"The stream no longer holds the events after {last_event_id}.",
                first_event_id=max(bounds.first, 1),
            )
        return Start(DeliverPolicy.BY_START_SEQUENCE, sequence=following)
    if since is not None:
        dropped = bounds.first > 1
        if dropped and since < now - timedelta(seconds=retention_seconds):
            raise EventPositionExpired(
                f"The stream no longer holds the events since {since.isoformat()}.",
                first_event_id=bounds.first,
            )
        return Start(DeliverPolicy.BY_START_TIME, time=since)
    return Start(DeliverPolicy.NEW)
