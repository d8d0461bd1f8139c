"""The outbox relay: publishes committed events to JetStream and deletes their outbox rows.

The outbox holds only the events still to publish: once the broker has acknowledged an event, its
row is deleted (JetStream keeps the event; replays read the streams). Two paths lead from the
outbox to the broker:

- **At once**: right after a commit that wrote outbox rows, the database hands those rows to the
  relay (:meth:`OutboxRelay.committed`), which publishes them from memory without reading them
  back. Rows acknowledged by the broker are deleted in one statement per short interval
  (``mark_seconds``), not one per event.
- **By polling**: at start, every ``poll_seconds``, and after a failure, the relay reads the rows
  it does not already hold, in id order through the primary key (rows of a process that died,
  rows whose publication failed, rows written while NATS was down) and publishes them.

Each event is published with ``Nats-Msg-Id`` = event id, so a row published twice (the process died
before deleting it, or a replica's poll raced another's) is stored once by the broker; consumers'
inboxes catch anything beyond the duplicate window. While NATS is down, rows wait in the outbox
and the relay retries with capped exponential back-off; each failed publication of a polled row
adds one to its ``attempts`` and keeps the error in ``last_error``.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import deque
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import structlog
from nats.js.api import PubAck
from opentelemetry import trace
from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common import metrics
from pdp_common.db import Database, OutboxRow, utcnow
from pdp_common.events.bus import Bus, BusUnavailable
from pdp_common.events.subjects import event_type_of
from pdp_common.events.tasks import stop_task
from pdp_common.platform_tables import outbox
from pdp_common.telemetry import extract_context, inject_headers, tracer

log = structlog.get_logger(__name__)
PUBLISH_TIMEOUT = 5.0
MAX_HELD = 100_000
"""Rows held in memory for publication at most; beyond, new rows are left to polling."""
STALE_AFTER = timedelta(seconds=10)
"""While rows are held in memory, polling leaves younger rows to the replica that wrote them."""


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
        mark_seconds: float = 0.05,
    ) -> None:
        self.db = db
        self.bus = bus
        self.service = service
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.max_backoff = max_backoff_seconds
        self.mark_seconds = mark_seconds
        self._wakeup = asyncio.Event()
        self._resumed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._forgetter: asyncio.Task[None] | None = None
        self._stopping = False
        self._failures = 0
        self._poll_due = True
        self._fresh: deque[OutboxRow] = deque()
        self._held: set[str] = set()
        """Ids of rows this process publishes from memory or has yet to delete once acknowledged."""
        self._committing: dict[str, float] = {}
        """Ids of rows whose transaction is committing, with when (monotonic) it began to."""
        self._acked: list[Any] = []

    @property
    def held(self) -> int:
        """Return how many rows this relay holds: to publish from memory, or to delete."""
        return len(self._held)

    def committing(self, rows: Sequence[OutboxRow]) -> None:
        """Note rows about to be committed: a poll that reads them between the commit and
        :meth:`committed` leaves them to this relay's memory instead of publishing them twice."""
        if self._task is not None:
            now = time.monotonic()
            for row in rows:
                self._committing[str(row["id"])] = now

    def rolled_back(self, rows: Sequence[OutboxRow]) -> None:
        """Forget rows whose transaction rolled back."""
        for row in rows:
            self._committing.pop(str(row["id"]), None)

    def committed(self, rows: Sequence[OutboxRow]) -> None:
        """Take the outbox rows a transaction has just committed and publish them soon.

        Rows are left to polling when the relay is not running or already holds too many."""
        for row in rows:
            self._committing.pop(str(row["id"]), None)
        if self._task is not None and len(self._held) + len(rows) <= MAX_HELD:
            for row in rows:
                self._held.add(str(row["id"]))
            self._fresh.extend(rows)
        else:
            self._poll_due = True
        self._wakeup.set()

    def wake(self) -> None:
        """Ask the relay to read the outbox now."""
        self._poll_due = True
        self._wakeup.set()

    def resume(self) -> None:
        """Tell the relay the broker is back: cut a back-off short and read the outbox now."""
        self._failures = 0
        self._resumed.set()
        self.wake()

    def start(self) -> None:
        """Start relaying in the background."""
        self._stopping = False
        self._poll_due = True
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")
        if self._forgetter is None:
            self._forgetter = asyncio.create_task(
                self._forget_loop(), name=f"outbox-forget-{self.service}"
            )

    async def stop(self) -> None:
        """Stop relaying; rows not yet deleted stay in the outbox and are published again later."""
        self._stopping = True
        await stop_task(self._task)
        self._task = None
        await stop_task(self._forgetter)
        self._forgetter = None
        with contextlib.suppress(Exception):
            await self._forget_acked()
        self._fresh.clear()
        self._held.clear()
        self._committing.clear()
        self._acked.clear()

    async def _run(self) -> None:
        last_poll = 0.0
        while not self._stopping:
            self._wakeup.clear()
            self._resumed.clear()
            try:
                if self._poll_due or time.monotonic() - last_poll >= self.poll_seconds:
                    self._poll_due = False
                    last_poll = time.monotonic()
                    if await self.publish_pending() >= self.batch_size:
                        self._poll_due = True
                if self._fresh:
                    await self._publish_fresh()
            except Exception as exc:
                self._poll_due = True
                await self._back_off(exc)
                continue
            self._failures = 0
            if self._fresh or self._poll_due:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self.poll_seconds)

    async def _back_off(self, exc: Exception) -> None:
        self._failures += 1
        delay = min(self.max_backoff, 0.05 * 2 ** min(self._failures, 12))
        delay *= 0.5 + random.random() / 2  # noqa: S311 - jitter, not security
        log.warning("outbox relay retrying", error=str(exc), retry_in=round(delay, 3))
        metrics.RELAY_FAILURES.labels(self.service).inc()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._resumed.wait(), delay)

    async def _publish_fresh(self) -> None:
        """Publish rows handed over by commits; failed ones are left to polling."""
        if not self.bus.is_connected:
            self._drop_fresh()
            raise BusUnavailable("NATS is not connected; events wait in the outbox")
        batch = [self._fresh.popleft() for _ in range(min(self.batch_size, len(self._fresh)))]
        results = await self._publish(batch)
        failed = 0
        for row, result in zip(batch, results, strict=True):
            if isinstance(result, PubAck):
                self._acked.append(row["id"])
            else:
                self._held.discard(str(row["id"]))
                failed += 1
        metrics.EVENTS_PUBLISHED.labels(self.service).inc(len(batch) - failed)
        if failed:
            self._drop_fresh()
            raise BusUnavailable(f"{failed} of {len(batch)} events not acknowledged")

    def _drop_fresh(self) -> None:
        for row in self._fresh:
            self._held.discard(str(row["id"]))
        self._fresh.clear()

    async def _forget_loop(self) -> None:
        while not self._stopping:
            await asyncio.sleep(self.mark_seconds)
            try:
                await self._forget_acked()
            except Exception as exc:
                log.warning("published outbox rows not deleted; will retry", error=str(exc))

    async def _forget_acked(self) -> None:
        """Delete the rows acknowledged since the last call, in one transaction."""
        if not self._acked:
            return
        ids, self._acked = self._acked, []
        try:
            async with self.db.transaction() as session:
                await self.forget_published(session, ids)
        except BaseException:
            self._acked[:0] = ids
            raise
        for row_id in ids:
            self._held.discard(str(row_id))

    async def publish_pending(self) -> int:
        """Publish one batch of outbox rows not held in memory; return how many were published."""
        if not self.bus.is_connected:
            raise BusUnavailable("NATS is not connected; events wait in the outbox")
        if self.db.is_sqlite:
            async with self.db.read_sessions() as session:
                rows = await self._pending(session, lock=False)
            if not rows:
                return 0
            results = await self._publish(rows)
            async with self.db.transaction() as session:
                await self._settle(session, rows, results)
        else:
            async with self.db.transaction() as session:
                rows = await self._pending(session, lock=True)
                if not rows:
                    return 0
                results = await self._publish(rows)
                await self._settle(session, rows, results)
        return self._acknowledged(rows, results)

    async def _pending(self, session: AsyncSession, *, lock: bool) -> Sequence[Any]:
        """Read the first rows by id (the primary key): every row in the outbox is unpublished."""
        stmt = (
            select(outbox.c.id, outbox.c.subject, outbox.c.payload, outbox.c.headers)
            .order_by(outbox.c.id)
            .limit(self.batch_size)
        )
        if self._held:
            stmt = stmt.where(outbox.c.created_at < utcnow() - STALE_AFTER)
        if lock:
            stmt = stmt.with_for_update(skip_locked=True)
        rows = (await session.execute(stmt)).all()
        return [row for row in rows if not self._in_memory(str(row.id))]

    def _in_memory(self, row_id: str) -> bool:
        """Tell whether this relay publishes the row from memory (or is about to).

        A commit whose outcome never came back (its connection lost) stops counting after
        ``STALE_AFTER``, so polling publishes such a row if it was committed after all."""
        if row_id in self._held:
            return True
        began = self._committing.get(row_id)
        if began is None:
            return False
        if time.monotonic() - began < STALE_AFTER.total_seconds():
            return True
        del self._committing[row_id]
        return False

    async def _publish(self, rows: Sequence[Row[Any] | OutboxRow]) -> list[PubAck | BaseException]:
        return await asyncio.gather(
            *(self._publish_one(row) for row in rows), return_exceptions=True
        )

    async def _publish_one(self, row: Row[Any] | OutboxRow) -> PubAck:
        fields = row._mapping if isinstance(row, Row) else row
        subject, event_id = fields["subject"], str(fields["id"])
        parent = extract_context(fields["headers"])
        with tracer().start_as_current_span(
            f"{event_type_of(subject)} publish",  # the type: few names, the subject in attributes
            context=parent,
            kind=trace.SpanKind.PRODUCER,
            attributes={
                "messaging.system": "nats",
                "messaging.destination.name": subject,
                "messaging.message.id": event_id,
                "messaging.operation.type": "publish",
            },
        ):
            headers = inject_headers(
                {"Nats-Msg-Id": event_id, "Content-Type": "application/cloudevents+json"}
            )
            return await self.bus.js.publish(
                subject, fields["payload"], headers=headers, timeout=PUBLISH_TIMEOUT
            )

    async def _settle(
        self, session: AsyncSession, rows: Sequence[Row[Any]], results: list[PubAck | BaseException]
    ) -> None:
        """Delete the acknowledged rows; count a failed attempt, with its error, on the others."""
        done = [row.id for row, res in zip(rows, results, strict=True) if isinstance(res, PubAck)]
        if done:
            await self.forget_published(session, done)
        for row, result in zip(rows, results, strict=True):
            if not isinstance(result, PubAck):
                await session.execute(
                    update(outbox)
                    .where(outbox.c.id == row.id)
                    .values(attempts=outbox.c.attempts + 1, last_error=str(result)[:2000])
                )

    def _acknowledged(self, rows: Sequence[Row[Any]], results: list[PubAck | BaseException]) -> int:
        """Return how many rows the broker acknowledged; raise, once settled, if any it did not.

        Raised after the transaction that settled the rows commits, so that their attempts and
        errors are kept and the acknowledged rows are deleted all the same."""
        failed = [result for result in results if not isinstance(result, PubAck)]
        metrics.EVENTS_PUBLISHED.labels(self.service).inc(len(rows) - len(failed))
        if failed:
            raise BusUnavailable(
                f"{len(failed)} of {len(rows)} events not acknowledged: {failed[0]}"
            )
        return len(rows)

    async def forget_published(self, session: AsyncSession, ids: list[Any]) -> None:
        """Delete acknowledged rows (the step a crash may interrupt after publishing)."""
        await session.execute(delete(outbox).where(outbox.c.id.in_(ids)))

    async def backlog(self) -> int:
        """Return how many events wait in the outbox (to publish, or published and not deleted)."""
        async with self.db.read_sessions() as session:
            stmt = select(func.count()).select_from(outbox)
            return int((await session.execute(stmt)).scalar_one())
