"""Durable pull consumers that apply each event once.

For each message: decode the CloudEvent, then in one transaction record its id in the inbox and run
the handler, then ack. A redelivered event finds its id in the inbox and is only acked. While the
database cannot be reached, the consumer holds the messages it fetched (marking them in progress)
and probes the database until it answers, so that an outage does not use up their deliveries and
dead-letter them. Other transient failures are nak'ed with a growing delay; a message that cannot
be decoded or whose handler fails for another reason (a poison message), or that reached the
delivery limit, is dead-lettered and terminated, and the consumer goes on with the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from typing import Any

import nats.errors
import nats.js.errors
import structlog
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry import trace
from pydantic import ValidationError
from sqlalchemy import text

from pdp_common import metrics
from pdp_common.db import Database
from pdp_common.events import deadletters, inbox
from pdp_common.events.bus import Bus, BusUnavailable
from pdp_common.events.durables import ensure_durable
from pdp_common.events.envelope import Envelope, EnvelopeError, decode
from pdp_common.events.streams import StreamSpec, ensure_stream
from pdp_common.events.subjects import event_type_of
from pdp_common.events.subscription import (
    TRANSIENT_ERRORS,
    EventHandler,
    Handler,
    Subscription,
    nak_delay,
)
from pdp_common.events.tasks import stop_task, unsubscribe
from pdp_common.telemetry import extract_context, tracer
from pdp_common.unavailable import database_unavailable

log = structlog.get_logger(__name__)
OUTAGE_PROBE_SECONDS = 0.25
"""First wait between two probes of an unreachable database; it doubles up to 5 s."""


class Consumer:
    """Run one subscription: fetch, apply once, ack; dead-letter what cannot be applied."""

    def __init__(
        self,
        subscription: Subscription,
        db: Database,
        bus: Bus,
        *,
        service: str,
        max_deliver: int = 5,
        ack_wait: float = 30.0,
        batch_size: int = 64,
    ) -> None:
        self.sub = subscription
        self.db = db
        self.bus = bus
        self.service = service
        self.max_deliver = subscription.max_deliver or max_deliver
        self.ack_wait = subscription.ack_wait or ack_wait
        self.batch_size = batch_size
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._psub: JetStreamContext.PullSubscription | None = None
        self.ready = asyncio.Event()

    def config(self) -> ConsumerConfig:
        """Return the JetStream configuration of this durable consumer."""
        return ConsumerConfig(
            durable_name=self.sub.durable,
            description=self.sub.description or None,
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self.ack_wait,
            max_deliver=self.max_deliver,
            max_ack_pending=1000,
            filter_subjects=self.sub.filter_subjects(),
        )

    def start(self) -> None:
        """Start consuming in the background."""
        self._stopping = False
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"consumer-{self.sub.durable}")

    async def stop(self) -> None:
        """Stop consuming; unacknowledged messages are redelivered later."""
        self._stopping = True
        await stop_task(self._task)
        self._task = None
        await unsubscribe(self._psub)
        self._psub = None

    async def _run(self) -> None:
        delay = 0.2
        while not self._stopping:
            try:
                await self.bus.wait_connected()
                psub = await self._subscribe(self.bus.js)
                self._psub = psub
                self.ready.set()
                delay = 0.2
                await self._pull(psub)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.ready.clear()
                log.warning("consumer restarting", consumer=self.sub.durable, error=str(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _subscribe(self, js: JetStreamContext) -> JetStreamContext.PullSubscription:
        try:
            await js.stream_info(self.sub.stream)
        except nats.js.errors.NotFoundError:
            producer = self.sub.stream.removeprefix("PDP_").lower()
            await ensure_stream(js, StreamSpec.for_producer(producer))
        await ensure_durable(js, self.sub.stream, self.config())
        return await js.pull_subscribe_bind(self.sub.durable, self.sub.stream)

    async def _pull(self, psub: JetStreamContext.PullSubscription) -> None:
        while not self._stopping:
            try:
                messages = await psub.fetch(self.batch_size, timeout=1.0)
            except TimeoutError:  # nats-py raises its own and asyncio's; both mean "nothing yet"
                continue
            if messages and not await self.handle_batch(messages):
                for msg in messages:
                    await self.handle(msg)

    def _span(self, msg: Msg, headers: dict[str, str]) -> Any:
        return tracer().start_as_current_span(
            f"{event_type_of(msg.subject)} process",
            context=extract_context(headers),
            kind=trace.SpanKind.CONSUMER,
            attributes={
                "messaging.system": "nats",
                "messaging.destination.name": msg.subject,
                "messaging.consumer.group.name": self.sub.durable,
                "messaging.operation.type": "process",
            },
        )

    async def handle_batch(self, messages: Sequence[Msg]) -> bool:
        """Apply a fetched batch in one transaction and ack it; return False to go one by one.

        Anything unusual in the batch (a message that does not decode, has no handler or fails)
        makes the caller apply the messages one at a time, which isolates the culprit.
        """
        if not messages:
            return True
        prepared: list[tuple[Msg, dict[str, str], Envelope[Any], Handler[Any]]] = []
        for msg in messages:
            headers = dict(msg.headers or {})
            try:
                envelope = decode(msg.data, headers)
                found = self.sub.handler_for(envelope.type)
                if found is None:
                    return False
                prepared.append((msg, headers, found.typed(envelope), found.handler))
            except (EnvelopeError, ValidationError):
                return False
        started = time.perf_counter()
        try:
            applied = await self._apply_all(prepared)
        except Exception as exc:
            if database_unavailable(exc):
                await self._ride_out_outage(messages)
            return False
        for msg, *_ in prepared:
            await msg.ack()
        elapsed = (time.perf_counter() - started) / len(prepared)
        for outcome, count in (("applied", applied), ("duplicate", len(prepared) - applied)):
            metrics.EVENTS_CONSUMED.labels(self.service, self.sub.durable, outcome).inc(count)
        for _ in prepared:
            metrics.CONSUME_DURATION.labels(self.service, self.sub.durable).observe(elapsed)
        return True

    async def _apply_all(
        self, prepared: list[tuple[Msg, dict[str, str], Envelope[Any], Handler[Any]]]
    ) -> int:
        applied = 0
        async with self.db.transaction() as session:
            for msg, headers, envelope, handler in prepared:
                with self._span(msg, headers):
                    claimed = await inbox.claim(
                        session,
                        consumer=self.sub.durable,
                        event_id=envelope.id,
                        event_type=envelope.type,
                        stream_sequence=msg.metadata.sequence.stream,
                    )
                    if claimed:
                        await handler(session, envelope)
                        applied += 1
        return applied

    async def handle(self, msg: Msg) -> None:
        """Apply one message and settle it with the broker."""
        headers = dict(msg.headers or {})
        with self._span(msg, headers) as span:
            started = time.perf_counter()
            outcome = await self._settle(msg, headers)
            span.set_attribute("pdp.outcome", outcome)
            metrics.EVENTS_CONSUMED.labels(self.service, self.sub.durable, outcome).inc()
            metrics.CONSUME_DURATION.labels(self.service, self.sub.durable).observe(
                time.perf_counter() - started
            )

    async def _settle(self, msg: Msg, headers: dict[str, str]) -> str:  # noqa: PLR0911
        deliveries = msg.metadata.num_delivered
        try:
            envelope = decode(msg.data, headers)
        except EnvelopeError as exc:
            await self._dead_letter(msg, headers, None, "undecodable", exc)
            return "dead-lettered"
        found = self.sub.handler_for(envelope.type)
        if found is None:
            await msg.ack()
            return "ignored"
        try:
            typed = found.typed(envelope)
            applied = await self._apply_riding_out(msg, typed, found.handler)
        except ValidationError as exc:
            await self._dead_letter(msg, headers, envelope, "invalid", exc)
            return "dead-lettered"
        except TRANSIENT_ERRORS as exc:
            if deliveries >= self.max_deliver:
                await self._dead_letter(msg, headers, envelope, "max_deliveries", exc)
                return "dead-lettered"
            log.warning("event retry", consumer=self.sub.durable, error=str(exc))
            await msg.nak(delay=nak_delay(deliveries))
            return "retried"
        except Exception as exc:
            await self._dead_letter(msg, headers, envelope, "poison", exc)
            return "dead-lettered"
        await msg.ack()
        return "applied" if applied else "duplicate"

    async def _apply_riding_out(
        self, msg: Msg, envelope: Envelope[Any], handler: Handler[Any]
    ) -> bool:
        """Apply ``envelope``; while the database cannot be reached, wait for it instead of
        giving the message back, so that an outage does not use up its deliveries."""
        while True:
            try:
                return await self.apply(envelope, handler, sequence=msg.metadata.sequence.stream)
            except TRANSIENT_ERRORS as exc:
                if self._stopping or not database_unavailable(exc):
                    raise
                if not await self._ride_out_outage([msg]):
                    raise  # the database answers: the failure lies elsewhere

    async def _ride_out_outage(self, messages: Sequence[Msg]) -> bool:
        """Wait until the database answers again, telling the broker meanwhile that ``messages``
        are still being worked on (so that they are not redelivered, and their delivery count
        stays as it was); return whether there was an outage to wait out."""
        delay = OUTAGE_PROBE_SECONDS
        waited = False
        while not self._stopping:
            if await self._database_answers():
                return waited
            waited = True
            log.warning("database unavailable; holding messages", consumer=self.sub.durable)
            for msg in messages:
                with contextlib.suppress(Exception):
                    await msg.in_progress()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0, self.ack_wait / 3)
        return waited

    async def _database_answers(self) -> bool:
        try:
            async with self.db.transaction() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:
            if database_unavailable(exc):
                return False
            raise
        return True

    async def apply(
        self,
        envelope: Envelope[Any],
        handler: Handler[Any],
        *,
        sequence: int | None,
        reapply: bool = False,
    ) -> bool:
        """Apply ``envelope`` once in one transaction; return False when it was applied before."""
        async with self.db.transaction() as session:
            if reapply:
                await inbox.forget(session, consumer=self.sub.durable, event_id=envelope.id)
            claimed = await inbox.claim(
                session,
                consumer=self.sub.durable,
                event_id=envelope.id,
                event_type=envelope.type,
                stream_sequence=sequence,
            )
            if not claimed:
                return False
            await handler(session, envelope)
        return True

    async def _dead_letter(
        self,
        msg: Msg,
        headers: dict[str, str],
        envelope: Envelope[Any] | None,
        reason: str,
        exc: BaseException,
    ) -> None:
        letter = deadletters.DeadLetter(
            consumer=self.sub.durable,
            stream=self.sub.stream,
            stream_sequence=msg.metadata.sequence.stream,
            subject=msg.subject,
            event_id=envelope.id if envelope else headers.get("Nats-Msg-Id"),
            event_type=envelope.type if envelope else None,
            reason=reason,
            error=f"{type(exc).__name__}: {exc}",
            deliveries=msg.metadata.num_delivered,
            payload=msg.data,
            headers=headers,
        )
        try:
            await deadletters.record(self.db, self.bus, letter)
        except TRANSIENT_ERRORS as exc2:
            log.warning("dead letter not stored; will retry", error=str(exc2))
            await msg.nak(delay=nak_delay(msg.metadata.num_delivered))
            return
        await msg.term()


__all__ = ["BusUnavailable", "Consumer", "EventHandler", "Handler", "Subscription", "nak_delay"]
