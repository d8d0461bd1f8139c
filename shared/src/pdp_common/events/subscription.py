"""What a consumer subscribes to: a durable name, a stream and a handler per event type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy.exc
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common.errors import TransientError
from pdp_common.events.envelope import Envelope, EventData

Handler = Callable[[AsyncSession, Envelope[Any]], Awaitable[None]]
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
class Subscription:
    """A durable consumer of one stream and the handler of each event type it applies."""

    durable: str
    stream: str
    handlers: Mapping[type[EventData], Handler]
    max_deliver: int | None = None
    ack_wait: float | None = None
    description: str = ""
    subjects: tuple[str, ...] = field(default=())

    def filter_subjects(self) -> list[str]:
        """Return the subjects this consumer receives: its handlers' event types."""
        return list(self.subjects) or sorted(model.event_type for model in self.handlers)

    def handler_for(self, event_type: str) -> tuple[type[EventData], Handler] | None:
        """Return the model and handler of ``event_type``, if this subscription applies it."""
        for model, handler in self.handlers.items():
            if model.event_type == event_type:
                return model, handler
        return None


def nak_delay(deliveries: int) -> float:
    """Return how long to wait before redelivering after ``deliveries`` failed attempts."""
    return float(min(30.0, 0.25 * 2 ** max(0, deliveries - 1)))
