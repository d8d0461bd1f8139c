"""Import job rows: create, read for a caller, claim under a lease, record a batch, finish.

Claiming is a compare-and-set: a worker picks the oldest job that is queued or whose lease has
expired, then takes it with an UPDATE whose WHERE repeats that condition. On PostgreSQL the
second of two concurrent UPDATEs waits for the first's row lock and then finds the condition
false (the job is running under a fresh lease); SQLite has one writer at a time. Either way one
worker gets the job. Every batch starts by renewing the lease in its own transaction (which also
locks the job row on PostgreSQL), so a cancel or a takeover that came first makes the batch stop
before it stores anything.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pdp_common.db import utcnow
from pdp_common.identity import Principal, Role
from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.imports.jobs_errors import ImportJobFinished, ImportJobNotFound
from incidents.imports.jobs_models import FINISHED, ImportJob, ImportJobRow, JobState
from incidents.imports.schemas import ImportReport, RowOutcome

OVERSEERS = frozenset({Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN})
"""Centre roles that may see and cancel any organization's import jobs."""


def may_see(principal: Principal, job: ImportJob) -> bool:
    """Tell whether ``principal`` may see (and cancel) ``job``."""
    if principal.org == job.org:
        return True
    return principal.is_centre_staff and bool(principal.roles & OVERSEERS)


@dataclass(frozen=True, slots=True)
class Claim:
    """A job a worker holds: what it needs to import the file."""

    id: uuid.UUID
    media: str
    spool_name: str
    origin_org: str | None
    principal: dict[str, Any]
    rows_read: int
    attempts: int


async def create(
    session: AsyncSession,
    principal: Principal,
    *,
    media: str,
    origin_org: str | None,
    spool_name: str,
    size_bytes: int,
) -> ImportJob:
    """Queue a job for a spooled file."""
    now = utcnow()
    job = ImportJob(
        state=JobState.QUEUED,
        media=media,
        org=principal.org,
        submitted_by=principal.subject,
        principal=principal.to_claims(),
        origin_org=origin_org,
        spool_name=spool_name,
        size_bytes=size_bytes,
        rows_read=0,
        accepted=0,
        rejected=0,
        duplicates=0,
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    await session.flush()
    return job


async def get_for(session: AsyncSession, principal: Principal, job_id: uuid.UUID) -> ImportJob:
    """Return the job if ``principal`` may see it; else raise not found (a job of another
    organization is not acknowledged)."""
    job = await session.get(ImportJob, job_id)
    if job is None or not may_see(principal, job):
        raise ImportJobNotFound(f"No import job {job_id} that you may see.")
    return job


async def cancel(session: AsyncSession, principal: Principal, job_id: uuid.UUID) -> ImportJob:
    """Cancel a queued or running job (a running one stops at its next batch)."""
    job = await get_for(session, principal, job_id)
    if job.state in FINISHED:
        raise ImportJobFinished(f"The import job is already {job.state}.")
    now = utcnow()
    await session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.state.in_([JobState.QUEUED, JobState.RUNNING]))
        .values(
            state=JobState.CANCELLED,
            lease_owner=None,
            lease_expires_at=None,
            finished_at=now,
            updated_at=now,
        )
    )
    await session.refresh(job)
    return job


def _claimable(now: datetime) -> Any:
    return or_(
        ImportJob.state == JobState.QUEUED,
        and_(ImportJob.state == JobState.RUNNING, ImportJob.lease_expires_at < now),
    )


async def claim(
    session: AsyncSession, owner: str, *, now: datetime, lease: timedelta, max_attempts: int
) -> Claim | None:
    """Take the oldest queued job, or one whose lease expired (its worker died), for ``owner``.

    A job taken over more than ``max_attempts`` times is failed instead of run again."""
    while True:
        candidate = await session.scalar(
            select(ImportJob.id)
            .where(_claimable(now))
            .order_by(ImportJob.created_at, ImportJob.id)
            .limit(1)
        )
        if candidate is None:
            return None
        taken = await session.execute(
            update(ImportJob)
            .where(ImportJob.id == candidate, _claimable(now))
            .values(
                state=JobState.RUNNING,
                lease_owner=owner,
                lease_expires_at=now + lease,
                attempts=ImportJob.attempts + 1,
                started_at=now,
                updated_at=now,
            )
            .returning(
                ImportJob.id,
                ImportJob.media,
                ImportJob.spool_name,
                ImportJob.origin_org,
                ImportJob.principal,
                ImportJob.rows_read,
                ImportJob.attempts,
            )
        )
        row = taken.first()
        if row is None:
            continue  # another worker took it first
        job = Claim(*row)
        if job.attempts > max_attempts:
            await finish(
                session,
                job.id,
                owner,
                JobState.FAILED,
                error=f"The import was interrupted {max_attempts} times; it was stopped after "
                f"{job.rows_read} rows. Send the rest of the file as a new job.",
            )
            continue
        return job


async def renew(
    session: AsyncSession, job_id: uuid.UUID, owner: str, *, now: datetime, lease: timedelta
) -> bool:
    """Extend ``owner``'s lease; False when the job was cancelled or taken over."""
    result = await session.execute(
        update(ImportJob)
        .where(
            ImportJob.id == job_id,
            ImportJob.lease_owner == owner,
            ImportJob.state == JobState.RUNNING,
        )
        .values(lease_expires_at=now + lease, updated_at=now)
        .returning(ImportJob.id)
    )
    return result.first() is not None


async def record_batch(
    session: AsyncSession, job_id: uuid.UUID, *, rows_read: int, report: ImportReport
) -> None:
    """Count a stored batch and keep its rejected and duplicate rows for the job's report."""
    kept = [
        {
            "job_id": job_id,
            "row": item.row,
            "outcome": item.outcome.value,
            "external_id": item.external_id,
            "reference": item.reference,
            "errors": [{"field": e.field, "message": e.message} for e in item.errors],
        }
        for item in report.rows
        if item.outcome is not RowOutcome.ACCEPTED
    ]
    if kept:
        await session.execute(insert(ImportJobRow), kept)
    await session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id)
        .values(
            rows_read=rows_read,
            accepted=ImportJob.accepted + report.accepted,
            rejected=ImportJob.rejected + report.rejected,
            duplicates=ImportJob.duplicates + report.duplicates,
        )
    )


async def finish(
    session: AsyncSession,
    job_id: uuid.UUID,
    owner: str,
    state: JobState,
    *,
    error: str | None = None,
) -> bool:
    """End ``owner``'s job in ``state``; False when it was cancelled or taken over meanwhile."""
    now = utcnow()
    result = await session.execute(
        update(ImportJob)
        .where(
            ImportJob.id == job_id,
            ImportJob.lease_owner == owner,
            ImportJob.state == JobState.RUNNING,
        )
        .values(
            state=state,
            error=error,
            lease_owner=None,
            lease_expires_at=None,
            finished_at=now,
            updated_at=now,
        )
        .returning(ImportJob.id)
    )
    return result.first() is not None


async def release(session: AsyncSession, job_id: uuid.UUID, owner: str) -> None:
    """Hand a job back to the queue (its worker stopped or failed unexpectedly)."""
    await session.execute(
        update(ImportJob)
        .where(
            ImportJob.id == job_id,
            ImportJob.lease_owner == owner,
            ImportJob.state == JobState.RUNNING,
        )
        .values(state=JobState.QUEUED, lease_owner=None, lease_expires_at=None)
    )


async def report_rows(
    session: AsyncSession, job_id: uuid.UUID, *, after: int, limit: int | None
) -> list[ImportJobRow]:
    """Return the job's rejected and duplicate rows after row ``after``, in row order."""
    query = (
        select(ImportJobRow)
        .where(ImportJobRow.job_id == job_id, ImportJobRow.row > after)
        .order_by(ImportJobRow.row)
    )
    if limit is not None:
        query = query.limit(limit)
    return list((await session.scalars(query)).all())
