"""The running parts of one service: database, broker, outbox relay, consumers and identity."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import nats.errors
import structlog

from pdp_common.db import Database
from pdp_common.events.advisories import AdvisoryWatcher
from pdp_common.events.bus import Bus
from pdp_common.events.consumer import Consumer, Subscription
from pdp_common.events.relay import OutboxRelay
from pdp_common.events.streams import StreamSpec, advisory_stream, dead_letter_stream, ensure_stream
from pdp_common.identity import IdentityError, IdentityVerifier, Principal, load_public_key
from pdp_common.settings import ServiceSettings

log = structlog.get_logger(__name__)

STREAM_RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0)
"""Waits between attempts to ensure the streams after a (re)connection."""


class Worker(Protocol):
    """A background task a service runs beside its consumers (e.g. a periodic checker)."""

    def start(self) -> None:
        """Start working in the background."""

    async def stop(self) -> None:
        """Stop working; return within a few seconds."""


WorkerFactory = Callable[["Platform"], Worker]


class _NoIdentity:
    """Stands in for the verifier when no gateway key is configured: every call is refused."""

    def verify(self, token: str | None) -> Principal:
        raise IdentityError("no identity verification key configured")


class Platform:
    """Open and close everything a service needs, in order."""

    def __init__(
        self,
        settings: ServiceSettings,
        *,
        producer: StreamSpec | None,
        subscriptions: Sequence[Subscription] = (),
        migrations: Path | None = None,
        workers: Sequence[WorkerFactory] = (),
    ) -> None:
        self.settings = settings
        self.producer = producer
        self.migrations = migrations
        self.db = Database.for_service(settings)
        self.bus = Bus.for_service(settings)
        self.bus.on_connected(self._on_bus_connected)
        self._streams_lock = asyncio.Lock()
        self.relay = OutboxRelay(
            self.db,
            self.bus,
            service=settings.service_name,
            batch_size=settings.relay_batch_size,
            poll_seconds=settings.relay_poll_seconds,
            max_backoff_seconds=settings.relay_max_backoff_seconds,
            mark_seconds=settings.relay_mark_seconds,
        )
        self.db.set_outbox_listener(self.relay)
        self.consumers = [
            Consumer(
                sub,
                self.db,
                self.bus,
                service=settings.service_name,
                max_deliver=settings.consumer_max_deliver,
                ack_wait=settings.consumer_ack_wait_seconds,
                batch_size=settings.consumer_batch_size,
            )
            for sub in subscriptions
        ]
        self.advisories = AdvisoryWatcher(
            self.db, self.bus, subscriptions, service=settings.service_name
        )
        self.workers = [make(self) for make in workers]
        pem = settings.public_key_pem()
        self.identity: IdentityVerifier | _NoIdentity = (
            IdentityVerifier(load_public_key(pem)) if pem else _NoIdentity()
        )

    def consumer(self, durable: str) -> Consumer:
        """Return the consumer with this durable name."""
        for consumer in self.consumers:
            if consumer.sub.durable == durable:
                return consumer
        raise KeyError(durable)

    async def start(self) -> None:
        """Migrate if asked, connect to NATS in the background, start relay and consumers."""
        if self.migrations is not None and self.settings.migrate_on_start:
            from pdp_common.migrations import upgrade

            await upgrade(self.migrations, self.settings)
        await self.db.ping()
        for worker in self.workers:
            worker.start()
        if not self.settings.nats_enabled:
            return
        self.bus.start()
        if await self.bus.wait_connected(timeout=2.0):
            await self._ensure_streams()
        else:
            log.warning("starting without NATS; events wait in the outbox", url=self.bus.url)
        self.relay.start()
        self.relay.wake()
        for consumer in self.consumers:
            consumer.start()
        self.advisories.start()

    async def _ensure_streams(self) -> None:
        async with self._streams_lock:
            js = self.bus.js
            replicas = self.settings.stream_replicas
            if self.producer is not None:
                await ensure_stream(js, self.producer)
            await ensure_stream(js, dead_letter_stream(replicas))
            await ensure_stream(js, advisory_stream(replicas))

    async def _on_bus_connected(self) -> None:
        """After any (re)connection: re-create streams a broker may have lost, then drain the
        outbox at once instead of at the end of the relay's back-off.

        A cluster that has just lost a node may time out JetStream requests until it has elected
        new leaders, so the streams are tried again a few times; the relay is woken either way."""
        try:
            for delay in (*STREAM_RETRY_SECONDS, None):
                try:
                    await self._ensure_streams()
                    return
                except (nats.errors.Error, TimeoutError, OSError) as exc:
                    if delay is None or not self.bus.is_connected:
                        raise
                    log.warning("streams not ensured", error=str(exc), retry_in=delay)
                    await asyncio.sleep(delay)
        finally:
            self.relay.resume()

    async def stop(self) -> None:
        """Stop workers and consumers, then the relay, drain NATS and close the database."""
        for worker in self.workers:
            await worker.stop()
        await self.advisories.stop()
        for consumer in self.consumers:
            await consumer.stop()
        await self.relay.stop()
        await self.bus.close()
        await self.db.dispose()
