"""The periodic task that announces overdue follow-up actions, started in the app's lifespan."""

from __future__ import annotations

import structlog
from pdp_common.background import BackgroundLoop
from pdp_common.db import Database, utcnow

from organizations.engagements import service as engagements

log = structlog.get_logger(__name__)


class OverdueChecker(BackgroundLoop):
    """Every ``interval`` seconds, announce follow-ups that became overdue (each one once)."""

    def __init__(self, db: Database, *, interval: float) -> None:
        super().__init__(name="organizations-overdue-checker", interval=interval)
        self.db = db

    async def check_once(self) -> int:
        """Announce what is overdue now; return how many follow-ups were announced."""
        async with self.db.transaction() as session:
            return await engagements.announce_overdue(session, now=utcnow())

    async def work(self) -> bool:
        """Announce what is overdue now; the next check waits for the interval."""
        announced = await self.check_once()
        if announced:
            log.info("overdue follow-ups announced", count=announced)
        return False
