"""The background worker that delivers due messages: claim, sign, post, record, back off, suspend.

A service plugs in its targets (:class:`DeliveryTargets`) and adds
``delivery_worker(tables, targets, settings)`` to its app's ``workers=``.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

import structlog
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from pdp_common import webhook_signing
from pdp_common.background import BackgroundLoop
from pdp_common.db import Database, utcnow
from pdp_common.outbound import OutboundClient, OutboundError, OutboundPolicy
from pdp_common.settings import ServiceSettings
from pdp_common.webhook_delivery import store
from pdp_common.webhook_delivery.schedule import RetrySchedule
from pdp_common.webhook_delivery.tables import DeliveryStatus, DeliveryTables

if TYPE_CHECKING:
    from pdp_common.platform import Platform, WorkerFactory

log = structlog.get_logger(__name__)
ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class DeliveryTarget:
    """Where and how a target receives: its URL, its secrets (newest first, several while one is
    rotated), whether it is active, and optionally the hosts registered for it."""

    id: uuid.UUID
    url: str
    secrets: Sequence[str]
    is_active: bool = True
    allowed_hosts: Sequence[str] | None = None


class DeliveryTargets(Protocol):
    """The service's side: read targets, suspend one (both in the worker's transaction)."""

    async def load(
        self, session: AsyncSession, target_ids: Sequence[uuid.UUID]
    ) -> Mapping[uuid.UUID, DeliveryTarget]:
        """Return the targets of ``target_ids`` that still exist."""

    async def suspend(self, session: AsyncSession, target_id: uuid.UUID, *, reason: str) -> None:
        """Mark the target suspended (its owner resumes it); may be called more than once."""


Claimed = tuple[Row[tuple[object, ...]], DeliveryTarget]


class DeliveryWorker(BackgroundLoop):
    """Deliver due messages every ``poll_seconds`` (or at once after :meth:`wake`)."""

    def __init__(
        self,
        db: Database,
        tables: DeliveryTables,
        targets: DeliveryTargets,
        *,
        client: OutboundClient,
        schedule: RetrySchedule,
        poll_seconds: float = 2.0,
        lease_seconds: float = 120.0,
        batch_size: int = 32,
        clock: Callable[[], datetime] = utcnow,
        rand: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(name="webhook-delivery", interval=poll_seconds)
        self.db = db
        self.tables = tables
        self.targets = targets
        self.client = client
        self.schedule = schedule
        self.poll_seconds = poll_seconds
        self.lease = timedelta(seconds=lease_seconds)
        self.batch_size = batch_size
        self.clock = clock
        self.rand = rand

    async def stop(self) -> None:
        """Stop delivering; a delivery cut off is tried again after its lease."""
        await super().stop()
        await self.client.aclose()

    async def deliver_due(self) -> int:
        """Make one attempt at each due delivery (up to ``batch_size``); return how many."""
        claimed = await self._claim()
        outcomes = await asyncio.gather(*(self._attempt(row, target) for row, target in claimed))
        for (row, target), outcome in zip(claimed, outcomes, strict=True):
            async with self.db.transaction() as session:
                await self._record(session, row, target, outcome)
        return len(claimed)

    async def _claim(self) -> list[Claimed]:
        async with self.db.transaction() as session:
            rows = await store.claim_due(
                session, self.tables, now=self.clock(), lease=self.lease, limit=self.batch_size
            )
            if not rows:
                return []
            found = await self.targets.load(session, sorted({r.target_id for r in rows}))
            gone = [r.id for r in rows if r.target_id not in found]
            held = [r.id for r in rows if r.target_id in found and not found[r.target_id].is_active]
            if gone:
                await store.set_status(
                    session,
                    self.tables,
                    delivery_ids=gone,
                    status=DeliveryStatus.CANCELLED,
                    error="The target no longer exists.",
                )
            if held:
                await store.set_status(
                    session, self.tables, delivery_ids=held, status=DeliveryStatus.HELD
                )
            return [
                (r, found[r.target_id])
                for r in rows
                if r.target_id in found and found[r.target_id].is_active
            ]

    async def _attempt(self, row: Row[tuple[object, ...]], target: DeliveryTarget) -> store.Outcome:
        started_at = self.clock()
        began = time.monotonic()
        status_code: int | None = None
        error: str | None = None
        try:
            payload = bytes(row.payload)
            headers = webhook_signing.sign_headers(
                target.secrets, message_id=str(row.message_id), body=payload, now=started_at
            )
            headers["Content-Type"] = str(row.content_type)
            policy = self.client.policy
            if target.allowed_hosts is not None:
                policy = policy.with_hosts(target.allowed_hosts)
            response = await self.client.post(
                target.url, content=payload, headers=headers, policy=policy
            )
            status_code = response.status_code
            if not response.is_success:
                error = f"The target answered {status_code}."
        except OutboundError as exc:
            error = exc.detail
        except Exception as exc:
            log.exception("webhook delivery attempt failed", delivery_id=str(row.id))
            error = f"{type(exc).__name__}: {exc}"
        duration_ms = int((time.monotonic() - began) * 1000)
        return store.Outcome(started_at, duration_ms, status_code, error and error[:ERROR_CHARS])

    async def _record(
        self,
        session: AsyncSession,
        row: Row[tuple[object, ...]],
        target: DeliveryTarget,
        outcome: store.Outcome,
    ) -> None:
        attempts = int(row.attempts) + 1
        next_at: datetime | None = None
        if outcome.is_success:
            status = DeliveryStatus.DELIVERED
        elif attempts >= self.schedule.max_attempts:
            status = DeliveryStatus.FAILED
        else:
            status = DeliveryStatus.PENDING
            next_at = outcome.started_at + self.schedule.delay(attempts, rand=self.rand())
        recorded = await store.record_attempt(
            session,
            self.tables,
            delivery=row,
            outcome=outcome,
            status=status,
            next_attempt_at=next_at,
        )
        if not recorded:
            log.warning("webhook attempt recorded by another worker", delivery_id=str(row.id))
            return
        if outcome.is_success:
            return
        window = self.schedule.suspend_after_failures
        failed = await store.failures_in_a_row(
            session, self.tables, target_id=target.id, window=window
        )
        if failed >= window:
            reason = f"{failed} delivery attempts failed in a row; last: {outcome.error}"
            await self.targets.suspend(session, target.id, reason=reason)
            await store.hold_target(session, self.tables, target_id=target.id)
            log.warning("webhook target suspended", target_id=str(target.id), failures=failed)

    async def work(self) -> bool:
        """Make one pass over due deliveries; True when the batch was full (more may be due)."""
        return await self.deliver_due() == self.batch_size


def delivery_worker(
    tables: DeliveryTables,
    targets: DeliveryTargets,
    settings: ServiceSettings,
    *,
    policy: OutboundPolicy | None = None,
) -> WorkerFactory:
    """Return the worker factory of a service's deliveries, configured by its settings.

    Webhooks follow no redirect: a target that moved registers its new URL."""
    chosen = policy or OutboundPolicy.from_settings(settings, max_redirects=0)

    def make(platform: Platform) -> DeliveryWorker:
        return DeliveryWorker(
            platform.db,
            tables,
            targets,
            client=OutboundClient(chosen),
            schedule=RetrySchedule.from_settings(settings),
            poll_seconds=settings.webhook_poll_seconds,
            lease_seconds=settings.webhook_lease_seconds,
            batch_size=settings.webhook_batch_size,
        )

    return make
