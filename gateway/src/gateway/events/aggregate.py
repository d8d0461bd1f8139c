"""The aggregate stream the gateway reads events from: ``PDP_EVENTS``, which sources every
producer's stream, ensured each time the gateway's bus (re)connects."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import nats.errors
import nats.js.errors
import structlog
from pdp_common.events.bus import Bus, BusUnavailable
from pdp_common.events.streams import StreamSpec, ensure_stream

log = structlog.get_logger(__name__)

RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0)
"""Waits between attempts to ensure the stream after a (re)connection."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The first and last sequence the stream holds (``first == last + 1`` when empty)."""

    first: int
    last: int


class AggregateStream:
    """Keep the aggregate stream in place and tell what it holds."""

    def __init__(self, bus: Bus, spec: StreamSpec) -> None:
        self.bus = bus
        self.spec = spec
        self.name = spec.name

    def install(self) -> None:
        """Ensure the stream after the bus's first connection and after every reconnection."""
        self.bus.on_connected(self.ensure_with_retries)

    async def ensure(self) -> None:
        """Create the stream or bring it to its configuration."""
        await ensure_stream(self.bus.js, self.spec)

    async def ensure_with_retries(self) -> None:
        """Ensure the stream, trying again a few times while a cluster elects its leaders."""
        for delay in (*RETRY_SECONDS, None):
            try:
                await self.ensure()
                return
            except (nats.errors.Error, TimeoutError, OSError) as exc:
                if delay is None or not self.bus.is_connected:
                    raise
                log.warning("events stream not ensured", error=str(exc), retry_in=delay)
                await asyncio.sleep(delay)

    async def bounds(self) -> Bounds:
        """Return the sequences the stream holds; raise :class:`BusUnavailable` when the broker
        cannot tell (not connected, or the stream is not there yet)."""
        if not self.bus.is_connected:
            raise BusUnavailable("NATS is not connected")
        try:
            info = await self.bus.js.stream_info(self.name)
        except nats.js.errors.NotFoundError as exc:
            raise BusUnavailable(f"stream {self.name} does not exist yet") from exc
        except (nats.errors.Error, TimeoutError) as exc:
            raise BusUnavailable(str(exc)) from exc
        return Bounds(first=info.state.first_seq, last=info.state.last_seq)
