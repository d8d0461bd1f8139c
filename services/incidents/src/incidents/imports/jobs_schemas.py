"""API schemas of import jobs: the job resource and a page of its report."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from incidents.imports.jobs_models import ImportJob, ImportJobRow, JobState


class JobProgress(BaseModel):
    """How far the import has gone: rows read from the file, and what became of them."""

    rows_read: int
    accepted: int
    rejected: int
    duplicates: int


class ImportJobRead(BaseModel):
    """An import job: its state, progress and links."""

    id: uuid.UUID
    state: JobState
    media_type: str = Field(description="text/csv or application/json.")
    origin_org: str | None
    org: str = Field(description="The organization that submitted the job and may see it.")
    submitted_by: str
    size_bytes: int
    progress: JobProgress
    error: str | None = Field(description="Why a failed job failed.")
    attempts: int = Field(
        description="How many times a worker took the job (more than one: "
        "resumed after an interruption)."
    )
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    links: dict[str, str]

    @classmethod
    def of(cls, job: ImportJob, base: str) -> ImportJobRead:
        """Return the resource of ``job``; ``base`` is the jobs collection's path."""
        here = f"{base}/{job.id}"
        return cls(
            id=job.id,
            state=JobState(job.state),
            media_type="text/csv" if job.media == "csv" else "application/json",
            origin_org=job.origin_org,
            org=job.org,
            submitted_by=job.submitted_by,
            size_bytes=job.size_bytes,
            progress=JobProgress(
                rows_read=job.rows_read,
                accepted=job.accepted,
                rejected=job.rejected,
                duplicates=job.duplicates,
            ),
            error=job.error,
            attempts=job.attempts,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            links={"self": here, "report": f"{here}/report", "cancel": f"{here}/cancel"},
        )


class ReportRowError(BaseModel):
    """Why a row was rejected (or which incident it duplicates)."""

    field: str
    message: str


class ReportRow(BaseModel):
    """A rejected or duplicate row of the file (rows count from 1; CSV rows after the header)."""

    row: int
    outcome: str
    external_id: str | None
    reference: str | None = Field(description="For a duplicate: the incident it matches.")
    errors: list[ReportRowError]

    @classmethod
    def of(cls, item: ImportJobRow) -> ReportRow:
        """Return the report row of a stored row."""
        return cls(
            row=item.row,
            outcome=item.outcome,
            external_id=item.external_id,
            reference=item.reference,
            errors=[ReportRowError(**e) for e in item.errors],
        )


class ImportJobReport(BaseModel):
    """A page of a job's report: its rejected and duplicate rows in row order."""

    job: ImportJobRead
    items: list[ReportRow]
    next_after: int | None = Field(
        description="Pass as ?after= for the next page; null on the last page."
    )
