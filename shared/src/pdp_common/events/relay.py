"""The outbox relay: publishes committed events to JetStream and marks them published.

It wakes right after each commit that wrote outbox rows, and otherwise polls. Each event is
published with ``Nats-Msg-Id`` = event id, so a row published twice (the process died before
marking it) is stored once by the broker; consumers' inboxes catch anything beyond the duplicate
window. While NATS is down, rows wait and the relay retries with capped exponential back-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Sequence
from typing import Any

import structlog
from nats.js.api import PubAck
from opentelemetry import trace
from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common import metrics
from pdp_common.db import Database, utcnow
from pdp_common.events.bus import Bus, BusUnavailable
from pdp_common.events.tasks import stop_task
from pdp_common.platform_tables import outbox
from pdp_common.telemetry import extract_context, inject_headers, tracer

log = structlog.get_logger(__name__)
PUBLISH_TIMEOUT = 5.0


class OutboxRelay:
    """Move committed outbox rows to JetStream."""

    def __init__(
        self,
        db: Database,
        bus: Bus,
        *,
        service: str,
        batch_size: int = 256,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
    ) -> None:
        self.db = db
        self.bus = bus
        self.service = service
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.max_backoff = max_backoff_seconds
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._failures = 0

    def wake(self) -> None:
        """Ask the relay to look at the outbox now."""
        self._wakeup.set()

    def start(self) -> None:
        """Start relaying in the background."""
        self._stopping = False
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")

    async def stop(self) -> None:
        """Stop relaying; rows not yet published stay in the outbox for the next start."""
        self._stopping = True
        await stop_task(self._task)
        self._task = None

    async def _run(self) -> None:
        while not self._stopping:
            self._wakeup.clear()
            try:
                published = await self.publish_pending()
            except Exception as exc:
                await self._back_off(exc)
                continue
            self._failures = 0
            if published >= self.batch_size:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self.poll_seconds)

    async def _back_off(self, exc: Exception) -> None:
        self._failures += 1
        delay = min(self.max_backoff, 0.05 * 2 ** min(self._failures, 12))
        delay *= 0.5 + random.random() / 2  # noqa: S311 - jitter, not security
        log.warning("outbox relay retrying", error=str(exc), retry_in=round(delay, 3))
        metrics.RELAY_FAILURES.labels(self.service).inc()
        await asyncio.sleep(delay)

    async def publish_pending(self) -> int:
        """Publish one batch of unpublished rows; return how many were published."""
        if not self.bus.is_connected:
            raise BusUnavailable("NATS is not connected; events wait in the outbox")
        if self.db.is_sqlite:
            async with self.db.read_sessions() as session:
                rows = await self._pending(session, lock=False)
            if not rows:
                return 0
            results = await self._publish(rows)
            async with self.db.transaction() as session:
                return await self._mark(session, rows, results)
        async with self.db.transaction() as session:
            rows = await self._pending(session, lock=True)
            if not rows:
                return 0
            results = await self._publish(rows)
            return await self._mark(session, rows, results)

    async def _pending(self, session: AsyncSession, *, lock: bool) -> Sequence[Any]:
        stmt = (
            select(outbox.c.id, outbox.c.subject, outbox.c.payload, outbox.c.headers)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.id)
            .limit(self.batch_size)
        )
        if lock:
            stmt = stmt.with_for_update(skip_locked=True)
        return (await session.execute(stmt)).all()

    async def _publish(self, rows: Sequence[Row[Any]]) -> list[PubAck | BaseException]:
        return await asyncio.gather(
            *(self._publish_one(row) for row in rows), return_exceptions=True
        )

    async def _publish_one(self, row: Row[Any]) -> PubAck:
        parent = extract_context(row.headers)
        with tracer().start_as_current_span(
            f"{row.subject} publish",
            context=parent,
            kind=trace.SpanKind.PRODUCER,
            attributes={
                "messaging.system": "nats",
                "messaging.destination.name": row.subject,
                "messaging.message.id": str(row.id),
                "messaging.operation.type": "publish",
            },
        ):
            headers = inject_headers(
                {"Nats-Msg-Id": str(row.id), "Content-Type": "application/cloudevents+json"}
            )
            return await self.bus.js.publish(
                row.subject, row.payload, headers=headers, timeout=PUBLISH_TIMEOUT
            )

    async def _mark(
        self, session: AsyncSession, rows: Sequence[Row[Any]], results: list[PubAck | BaseException]
    ) -> int:
        now = utcnow()
        done = [row.id for row, res in zip(rows, results, strict=True) if isinstance(res, PubAck)]
        failed = [
            (row.id, res)
            for row, res in zip(rows, results, strict=True)
            if not isinstance(res, PubAck)
        ]
        if done:
            await self.mark_published(session, done, now)
        for row_id, error in failed:
            await session.execute(
                update(outbox)
                .where(outbox.c.id == row_id)
                .values(attempts=outbox.c.attempts + 1, last_error=str(error)[:2000])
            )
        metrics.EVENTS_PUBLISHED.labels(self.service).inc(len(done))
        if failed:
            raise BusUnavailable(
                f"{len(failed)} of {len(rows)} events not acknowledged: {failed[0][1]}"
            )
        return len(done)

    async def mark_published(self, session: AsyncSession, ids: list[Any], now: Any) -> None:
        """Mark rows as published (the step a crash may interrupt after publishing)."""
        await session.execute(update(outbox).where(outbox.c.id.in_(ids)).values(published_at=now))

    async def backlog(self) -> int:
        """Return how many events wait to be published."""
        from sqlalchemy import func

        async with self.db.read_sessions() as session:
            stmt = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            return int((await session.execute(stmt)).scalar_one())
