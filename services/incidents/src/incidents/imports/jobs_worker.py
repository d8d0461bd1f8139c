"""The background worker that imports queued jobs, a batch per transaction.

Each batch of ``import_job_batch_rows`` rows goes through the one-request import pipeline
(:func:`incidents.imports.service.import_candidates`: the same checks, duplicate matching,
references, territory checks and outbox events) in one transaction that also renews the job's
lease, records its rejected rows and moves ``rows_read`` on. A batch is thus stored whole with its
progress or not at all: a worker that dies mid-batch leaves the job ``running`` under a lease that
expires, and the next worker to claim it goes on from the first row not yet committed. A job
taken over more than ``import_job_max_attempts`` times is failed. A cancel takes effect at the next
batch: the batches already committed stay.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import structlog
from pdp_common.background import BackgroundLoop
from pdp_common.db import Database, utcnow
from pdp_common.errors import AppError
from pdp_common.identity import Principal
from pdp_common.platform import Platform, WorkerFactory

from incidents.imports import jobs_reading, jobs_spool, jobs_store
from incidents.imports.jobs_models import JobState
from incidents.imports.jobs_store import Claim
from incidents.imports.parsing import Candidate
from incidents.imports.service import import_candidates
from incidents.settings import IncidentsSettings

log = structlog.get_logger(__name__)

BatchHook = Callable[[uuid.UUID, int], Awaitable[None]]
"""Called after each committed batch with the job id and its rows read so far."""


class ImportJobWorker(BackgroundLoop):
    """Claim queued import jobs and run them; started and stopped with the service."""

    def __init__(
        self,
        db: Database,
        settings: IncidentsSettings,
        *,
        owner: str | None = None,
        after_batch: BatchHook | None = None,
    ) -> None:
        super().__init__(name="incidents-import-jobs", interval=settings.import_job_poll_seconds)
        self.db = db
        self.settings = settings
        self.owner = owner or f"{socket.gethostname()[:40]}-{uuid.uuid4().hex[:12]}"
        self.after_batch = after_batch
        self.lease = timedelta(seconds=settings.import_job_lease_seconds)

    async def work(self) -> bool:
        """Run the next queued job; True when there was one (another may be waiting).

        Stopping the worker rolls back the batch in progress and puts its job back in the
        queue."""
        return await self.run_once()

    async def claim(self, now: datetime | None = None) -> Claim | None:
        """Claim the next job for this worker, or None when there is none."""
        async with self.db.transaction() as session:
            return await jobs_store.claim(
                session,
                self.owner,
                now=now or utcnow(),
                lease=self.lease,
                max_attempts=self.settings.import_job_max_attempts,
            )

    async def run_once(self, now: datetime | None = None) -> bool:
        """Claim one job and run it to its end; False when no job was waiting."""
        job = await self.claim(now)
        if job is None:
            return False
        log.info("import job started", job_id=str(job.id), rows_read=job.rows_read)
        try:
            await self.run(job)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._release(job))
            raise
        except Exception:
            log.exception("import job interrupted", job_id=str(job.id))
            await self._release(job)
        return True

    async def _release(self, job: Claim) -> None:
        async with self.db.transaction() as session:
            await jobs_store.release(session, job.id, self.owner)

    async def run(self, job: Claim) -> None:
        """Import a claimed job's file from its first row not yet committed."""
        settings = self.settings
        directory = settings.import_job_spool()
        path = jobs_spool.spool_path(directory, job.spool_name)
        principal = Principal.from_claims(job.principal)
        if not path.is_file():
            await self._finish(job, JobState.FAILED, "The uploaded file is no longer in the spool.")
            return
        rows_read = job.rows_read
        try:
            for batch in jobs_reading.batches(
                path,
                job.media,
                origin_org=job.origin_org or principal.org,
                size=settings.import_job_batch_rows,
                skip=rows_read,
            ):
                rows_read = batch[-1].row
                if not await self._store(job, principal, batch, rows_read):
                    log.info("import job stopped", job_id=str(job.id), rows_read=rows_read)
                    return
                if self.after_batch is not None:
                    await self.after_batch(job.id, rows_read)
        except AppError as exc:
            await self._finish(job, JobState.FAILED, exc.detail)
            return
        await self._finish(job, JobState.SUCCEEDED, None)

    async def _store(
        self, job: Claim, principal: Principal, batch: list[Candidate], rows: int
    ) -> bool:
        async with self.db.transaction() as session:
            renewed = await jobs_store.renew(
                session, job.id, self.owner, now=utcnow(), lease=self.lease
            )
            if not renewed:
                return False
            report = await import_candidates(
                session, principal, batch, batch_size=self.settings.import_batch_size
            )
            await jobs_store.record_batch(session, job.id, rows_read=rows, report=report)
        return True

    async def _finish(self, job: Claim, state: JobState, error: str | None) -> None:
        async with self.db.transaction() as session:
            ended = await jobs_store.finish(session, job.id, self.owner, state, error=error)
        if ended:
            jobs_spool.remove(self.settings.import_job_spool(), job.spool_name)
        log.info("import job ended", job_id=str(job.id), state=state.value, error=error)


def worker_factory(settings: IncidentsSettings) -> WorkerFactory:
    """Return the factory the app registers: one worker per service process."""

    def make(platform: Platform) -> ImportJobWorker:
        return ImportJobWorker(platform.db, settings)

    return make


def running_worker(platform: Platform) -> ImportJobWorker | None:
    """Return the service's import job worker, if this process runs one."""
    for worker in platform.workers:
        if isinstance(worker, ImportJobWorker):
            return worker
    return None
