"""What a consumer subscribes to: a durable name, a stream and a handler per event type.

A subscription lists its handlers as a table, one :class:`EventHandler` per event type::

    Subscription(
        durable="briefings_incidents",
        stream=incident_events.STREAM,
        handlers=[
            EventHandler(incident_events.IncidentReported, on_incident_changed),
            EventHandler(incident_events.IncidentVerified, on_incident_verified),
        ],
    )

The type checker holds each handler to its event: ``on_incident_verified`` receives an
``Envelope[incident_events.IncidentVerified]``, and registering it for another event type is an
error. A handler of a base class (``Envelope[incident_events.IncidentSnapshot]``) may be registered
for each of its subclasses.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeAlias, TypeVar

import sqlalchemy.exc
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.errors import TransientError
from pdp_common.events.envelope import Envelope, EventData, typed_envelope
from pdp_common.events.subjects import type_filters

E = TypeVar("E", bound=EventData)

Handler: TypeAlias = Callable[[AsyncSession, Envelope[E]], Awaitable[None]]
"""A function applying one event in the consumer's transaction (``Handler[IncidentVerified]``)."""

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    ConnectionError,
    TimeoutError,
    OSError,
)


@dataclass(frozen=True)
class EventHandler(Generic[E]):
    """The handler of one event type: ``handler`` applies envelopes whose data is an ``event``."""

    event: type[E]
    handler: Handler[E]

    def __post_init__(self) -> None:
        if not self.event.event_type:
            raise ValueError(f"{self.event.__qualname__} is not a registered event")

    def typed(self, envelope: Envelope[Any]) -> Envelope[E]:
        """Return ``envelope`` with its data validated as this handler's event."""
        return typed_envelope(envelope, self.event)


@dataclass(frozen=True)
class Subscription:
    """A durable consumer of one stream and the handler of each event type it applies."""

    durable: str
    stream: str
    handlers: Sequence[EventHandler[Any]]
    max_deliver: int | None = None
    ack_wait: float | None = None
    description: str = ""
    subjects: tuple[str, ...] = field(default=())
    _by_type: dict[str, EventHandler[Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "handlers", tuple(self.handlers))
        by_type: dict[str, EventHandler[Any]] = {}
        for entry in self.handlers:
            if entry.event.event_type in by_type:
                raise ValueError(f"{self.durable} handles {entry.event.event_type} twice")
            by_type[entry.event.event_type] = entry
        object.__setattr__(self, "_by_type", by_type)

    def filter_subjects(self) -> list[str]:
        """Return the subjects this consumer receives: every subject of its handlers' event types.

        Each type is received on its tokenized subjects (``<type>.>``) and on the bare type that
        events published before subjects carried a country and a category have, so a durable
        created before then keeps going and a replay reads the whole stream. Handlers are found by
        the envelope's ``type``, never by the subject.
        """
        if self.subjects:
            return list(self.subjects)
        return sorted(f for event_type in self._by_type for f in type_filters(event_type))

    def handler_for(self, event_type: str) -> EventHandler[Any] | None:
        """Return the handler of ``event_type``, if this subscription applies it."""
        return self._by_type.get(event_type)


def nak_delay(deliveries: int) -> float:
    """Return how long to wait before redelivering after ``deliveries`` failed attempts."""
    return float(min(30.0, 0.25 * 2 ** max(0, deliveries - 1)))
