"""Turn a reader's messages into server-sent events the caller may see.

Every message is decoded as a CloudEvent, checked against the reader's filters and against what
the caller may receive (:meth:`pdp_common.events.entitlement.Recipient.may_receive`: clearance,
agreements, consent, embargo), and sent as::

    id: <sequence in PDP_EVENTS>
    event: <CloudEvents type>
    data: <the CloudEvent, structured-mode JSON on one line>

An event the caller may not see, or did not ask for, is left out, but its position is not: when
a batch ends with events left out, a block with only ``id:`` follows, which moves the reader's
``Last-Event-ID`` on without dispatching an event (the EventSource rule), so a reconnection does
not read them again.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import anyio
import structlog
from nats.aio.msg import Msg
from pdp_common.events.envelope import EnvelopeError, decode, encode
from pdp_common.identity import Principal

from gateway.events.filters import EventFilters
from gateway.events.metrics import StreamMetrics
from gateway.events.reader import ReaderGone, StreamReader
from gateway.events.recipients import Recipients

log = structlog.get_logger(__name__)

SEP = "\n"
RETRY_MILLISECONDS = 3000
"""How long a client waits before reconnecting (the ``retry:`` field sent first)."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class StreamCounts:
    """What one stream did, for its closing log line."""

    sent: int = 0
    withheld: int = 0
    unreadable: int = 0
    last_id: int | None = None


@dataclass
class EventStream:
    """One caller's stream of events, as the bytes of ``text/event-stream``."""

    reader: StreamReader
    principal: Principal
    recipients: Recipients
    filters: EventFilters
    max_seconds: float
    metrics: StreamMetrics
    release: Callable[[], None] = lambda: None
    clock: Callable[[], datetime] = _now
    counts: StreamCounts = field(default_factory=StreamCounts)
    closed: bool = False
    finished: bool = False
    ending: str = "client"

    async def chunks(self) -> AsyncIterator[bytes]:
        """Yield the stream, a chunk per batch read, until the connection's time is up or the
        reader fails (the client then resumes from its last id)."""
        ends_at = time.monotonic() + self.max_seconds
        try:
            yield f"retry: {RETRY_MILLISECONDS}{SEP}{SEP}".encode()
            async for batch in self.reader.batches():
                chunk = await self._render(batch) if batch else b""
                if chunk:
                    yield chunk
                if time.monotonic() >= ends_at:
                    self.ending = "time_limit"
                    return
        except ReaderGone as exc:
            self.ending = "reader_lost"
            log.warning("event stream lost its consumer", error=str(exc))
        except Exception:
            # The sharing terms could not be read, say: end the stream; the client resumes.
            self.ending = "failed"
            log.exception("event stream failed")
        finally:
            await self.close()

    def stalled(self) -> None:
        """Record that the client stopped reading (the connection is being closed)."""
        self.ending = "stalled"

    async def close(self) -> None:
        """Delete the reader's consumer and give the stream's slot back (once)."""
        if self.closed:
            return
        self.closed = True
        try:
            with anyio.CancelScope(shield=True):
                await self.reader.close()
        finally:
            self.release()

    async def finish(self) -> None:
        """Close the stream and record how it ended (once, after the response is over)."""
        await self.close()
        if self.finished:
            return
        self.finished = True
        self.metrics.ended[self.ending].inc()
        log.info(
            "event stream closed",
            cause=self.ending,
            subject=self.principal.subject,
            sent=self.counts.sent,
            withheld=self.counts.withheld,
            unreadable=self.counts.unreadable,
            last_id=self.counts.last_id,
        )

    async def _render(self, batch: list[Msg]) -> bytes:
        recipient = await self.recipients.of(self.principal)
        now = self.clock()
        parts: list[str] = []
        skipped_last = False
        for msg in batch:
            sequence = msg.metadata.sequence.stream
            self.counts.last_id = sequence
            try:
                envelope = decode(msg.data, dict(msg.headers or {}))
            except EnvelopeError:
                self.counts.unreadable += 1
                self.metrics.withheld.inc()
                log.warning("unreadable event skipped", sequence=sequence, subject=msg.subject)
                skipped_last = True
                continue
            if not self.filters.matches(envelope.type, envelope.data) or not recipient.may_receive(
                envelope.type, envelope.data, time=envelope.time, now=now
            ):
                self.counts.withheld += 1
                self.metrics.withheld.inc()
                skipped_last = True
                continue
            self.counts.sent += 1
            self.metrics.sent.inc()
            skipped_last = False
            data = encode(envelope).decode()
            parts.append(f"id: {sequence}{SEP}event: {envelope.type}{SEP}data: {data}{SEP}{SEP}")
        if skipped_last and self.counts.last_id is not None:
            parts.append(f"id: {self.counts.last_id}{SEP}{SEP}")
        return "".join(parts).encode()
