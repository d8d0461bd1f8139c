"""Open a caller's stream of events: check its position, take a slot, start a reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import nats.errors
from pdp_common.events.bus import BusUnavailable
from pdp_common.identity import Principal

from gateway.events.aggregate import AggregateStream
from gateway.events.errors import EventStreamsExhausted, EventsUnavailable
from gateway.events.filters import EventFilters
from gateway.events.metrics import StreamMetrics
from gateway.events.position import start_of
from gateway.events.reader import StreamReader
from gateway.events.recipients import Recipients
from gateway.events.slots import StreamSlots
from gateway.events.streaming import EventStream

RETRY_AFTER_SECONDS = "5"


@dataclass(frozen=True, slots=True)
class StreamLimits:
    """The limits of every stream (``PDP_GATEWAY_EVENTS_*`` settings)."""

    retention_seconds: float
    buffer_size: int
    fetch_seconds: float
    stall_seconds: float
    heartbeat_seconds: float
    max_connection_seconds: float

    @property
    def inactive_seconds(self) -> float:
        """Return how long the broker keeps a reader's consumer that nobody reads."""
        return max(60.0, 2 * (self.stall_seconds + self.fetch_seconds))


class EventStreams:
    """Everything the event streams of one gateway share."""

    def __init__(
        self,
        aggregate: AggregateStream,
        recipients: Recipients,
        slots: StreamSlots,
        limits: StreamLimits,
        metrics: StreamMetrics,
    ) -> None:
        self.aggregate = aggregate
        self.recipients = recipients
        self.slots = slots
        self.limits = limits
        self.metrics = metrics

    async def open(
        self,
        *,
        principal: Principal,
        filters: EventFilters,
        last_event_id: int | None,
        since: datetime | None,
    ) -> EventStream:
        """Return the caller's stream from its position; raise EventPositionExpired,
        EventStreamsExhausted or EventsUnavailable when it cannot start."""
        if not self.slots.take(principal.credential):
            raise EventStreamsExhausted(
                "Too many event streams are open; close one first.",
                headers={"Retry-After": RETRY_AFTER_SECONDS},
            )
        try:
            stream = await self._stream(principal, filters, last_event_id, since)
        except BaseException:
            self.slots.give_back(principal.credential)
            raise
        self.metrics.open.inc()
        return stream

    async def _stream(
        self,
        principal: Principal,
        filters: EventFilters,
        last_event_id: int | None,
        since: datetime | None,
    ) -> EventStream:
        limits = self.limits
        try:
            start = start_of(
                last_event_id=last_event_id,
                since=since,
                bounds=await self.aggregate.bounds(),
                retention_seconds=limits.retention_seconds,
                now=datetime.now(UTC),
            )
            reader = StreamReader(
                self.aggregate.bus.js,
                self.aggregate.name,
                start=start,
                subjects=filters.subjects(),
                buffer=limits.buffer_size,
                fetch_seconds=limits.fetch_seconds,
                inactive_seconds=limits.inactive_seconds,
            )
            await reader.open()
        except (BusUnavailable, nats.errors.Error, TimeoutError) as exc:
            raise EventsUnavailable(
                "The event broker cannot be reached right now.",
                headers={"Retry-After": RETRY_AFTER_SECONDS},
            ) from exc
        return EventStream(
            reader,
            principal=principal,
            recipients=self.recipients,
            filters=filters,
            max_seconds=limits.max_connection_seconds,
            metrics=self.metrics,
            release=lambda: self._release(principal.credential),
        )

    def _release(self, credential: str) -> None:
        self.slots.give_back(credential)
        self.metrics.open.dec()
