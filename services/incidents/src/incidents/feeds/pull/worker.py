"""The background worker that runs pulled fetches, one replica per feed at a time: fetches asked
for (queued, oldest first) before feeds due by their interval."""

from __future__ import annotations

import socket
import uuid
from datetime import datetime, timedelta

import structlog
from pdp_common.background import BackgroundLoop
from pdp_common.db import Database, utcnow
from pdp_common.outbound import OutboundClient, OutboundPolicy
from pdp_common.platform import Platform, WorkerFactory

from incidents.feeds.pull import store
from incidents.feeds.pull.fetching import Fetcher
from incidents.feeds.pull.models import PulledFetch
from incidents.settings import IncidentsSettings

log = structlog.get_logger(__name__)


class PullWorker(BackgroundLoop):
    """Claim due feeds under a lease and fetch them; started and stopped with the service."""

    def __init__(
        self,
        db: Database,
        settings: IncidentsSettings,
        *,
        owner: str | None = None,
        client: OutboundClient | None = None,
    ) -> None:
        super().__init__(name="incidents-feed-pull", interval=settings.feed_pull_poll_seconds)
        self.db = db
        self.settings = settings
        self.owner = owner or f"{socket.gethostname()[:40]}-{uuid.uuid4().hex[:12]}"
        self.lease = timedelta(seconds=settings.feed_pull_lease_seconds)
        self.client = client or OutboundClient(OutboundPolicy.from_settings(settings))
        self.fetcher = Fetcher(db, settings, self.owner, self.client)

    async def stop(self) -> None:
        """Stop; a fetch in progress is rolled back and its lease runs out."""
        await super().stop()
        await self.client.aclose()

    async def work(self) -> bool:
        """Run the next queued or due fetch; True when there was one (another may wait)."""
        return await self.run_once() is not None

    async def run_once(self, now: datetime | None = None) -> PulledFetch | None:
        """Claim one queued fetch, else one due feed, and fetch it; None when none waited."""
        when = now or utcnow()
        async with self.db.transaction() as session:
            claim = await store.claim_queued(session, self.owner, now=when, lease=self.lease)
            if claim is None:
                claim = await store.claim_due(session, self.owner, now=when, lease=self.lease)
        if claim is None:
            return None
        return await self.fetcher.run(claim)

    async def fetch_now(self, source_id: uuid.UUID) -> PulledFetch | None:
        """Fetch a feed now whatever its schedule; None while another fetch holds it."""
        async with self.db.transaction() as session:
            claim = await store.claim_now(
                session, source_id, self.owner, now=utcnow(), lease=self.lease
            )
        if claim is None:
            return None
        return await self.fetcher.run(claim)


def running_worker(platform: Platform) -> PullWorker | None:
    """Return the service's pull worker, if this process runs one."""
    for worker in platform.workers:
        if isinstance(worker, PullWorker):
            return worker
    return None


def worker_factory(settings: IncidentsSettings) -> WorkerFactory:
    """Return the factory the app registers: one worker per service process."""

    def make(platform: Platform) -> PullWorker:
        return PullWorker(platform.db, settings)

    return make
