"""The periodic task that announces overdue follow-up actions, started in the app's lifespan."""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from pdp_common.db import Database, utcnow

from organizations.engagements import service as engagements

log = structlog.get_logger(__name__)


class OverdueChecker:
    """Every ``interval`` seconds, announce follow-ups that became overdue (each one once)."""

    def __init__(self, db: Database, *, interval: float) -> None:
        self.db = db
        self.interval = interval
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    def start(self) -> None:
        """Start checking in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="organizations-overdue-checker")

    def wake(self) -> None:
        """Check now instead of waiting for the next interval."""
        self._wake.set()

    async def stop(self) -> None:
        """Stop checking and wait for the task to end."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def check_once(self) -> int:
        """Announce what is overdue now; return how many follow-ups were announced."""
        async with self.db.transaction() as session:
            return await engagements.announce_overdue(session, now=utcnow())

    async def _run(self) -> None:
        while True:
            try:
                announced = await self.check_once()
                if announced:
                    log.info("overdue follow-ups announced", count=announced)
            except Exception:
                log.exception("overdue follow-up check failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
