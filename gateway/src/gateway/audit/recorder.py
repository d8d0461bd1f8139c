"""Asynchronous, batched writing of audit records, off the request's critical path.

Requests only enqueue an entry (no I/O). A background task writes queued entries in batches of
up to ``batch_size`` rows, at least every ``flush_seconds``; a failed batch is retried with
back-off until the database answers. When the queue is full the entry is logged as an error and
counted in ``dropped``.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import structlog
from pdp_common.db import Database, new_id, utcnow
from pdp_common.identity import Principal

from gateway.audit.repository import AuditRepository

log = structlog.get_logger(__name__)

MAX_BACKOFF_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audited request, as queued for writing."""

    id: uuid.UUID
    occurred_at: datetime
    request_id: str
    credential: str
    subject: str
    org: str
    roles: list[str]
    clearance: str
    action: str
    method: str
    path: str
    query: str
    status: int
    service: str
    client: str | None
    duration_ms: float

    @classmethod
    def now(cls, *, principal: Principal, **fields: Any) -> AuditEntry:
        """Build an entry for a request by ``principal`` that finished just now."""
        return cls(
            id=new_id(),
            occurred_at=utcnow(),
            credential=principal.credential,
            subject=principal.subject,
            org=principal.org,
            roles=sorted(role.value for role in principal.roles),
            clearance=principal.clearance.value,
            **fields,
        )


class AuditRecorder:
    """Queue audit entries and write them to the gateway's database in batches."""

    def __init__(
        self, db: Database, *, batch_size: int, flush_seconds: float, queue_size: int
    ) -> None:
        self._db = db
        self._batch_size = batch_size
        self._flush_seconds = flush_seconds
        self._queue: asyncio.Queue[AuditEntry | None] = asyncio.Queue(maxsize=queue_size)
        self._task: asyncio.Task[None] | None = None
        self.dropped = 0
        self.written = 0

    def record(self, entry: AuditEntry) -> None:
        """Queue ``entry`` for writing; never waits."""
        try:
            self._queue.put_nowait(entry)
        except asyncio.QueueFull:
            self.dropped += 1
            log.error("audit queue full; entry dropped", **_summary(entry))

    def start(self) -> None:
        """Start the background writer."""
        self._task = asyncio.create_task(self._run(), name="audit-recorder")

    async def stop(self, *, wait_seconds: float = 10.0) -> None:
        """Write what is queued (waiting at most ``wait_seconds``), then stop the writer."""
        if self._task is None:
            return
        await self._queue.put(None)
        try:
            await asyncio.wait_for(asyncio.shield(self._task), wait_seconds)
        except TimeoutError:
            log.error("audit writer did not finish; entries lost", queued=self._queue.qsize())
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _run(self) -> None:
        stopping = False
        while not stopping:
            first = await self._queue.get()
            if first is None:
                return
            batch = [first]
            deadline = asyncio.get_running_loop().time() + self._flush_seconds
            while len(batch) < self._batch_size:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0 and self._queue.empty():
                    break
                try:
                    entry = await asyncio.wait_for(self._queue.get(), max(remaining, 0))
                except TimeoutError:
                    break
                if entry is None:
                    stopping = True
                    break
                batch.append(entry)
            await self._write_with_retry(batch)

    async def _write_with_retry(self, batch: list[AuditEntry]) -> None:
        delay = 0.1
        while True:
            try:
                await self._write(batch)
                return
            except Exception as exc:  # any database failure is retried
                log.error("audit write failed; retrying", error=repr(exc), rows=len(batch))
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)

    async def _write(self, batch: list[AuditEntry]) -> None:
        async with self._db.transaction() as session:
            await AuditRepository(session).insert_many([asdict(entry) for entry in batch])
        self.written += len(batch)


def _summary(entry: AuditEntry) -> dict[str, Any]:
    return {
        "credential": entry.credential,
        "action": entry.action,
        "path": entry.path,
        "request_id": entry.request_id,
    }
