"""Tables of import jobs: one row per uploaded file, and the rows it rejected or matched as
duplicates (the job's report). Accepted rows are incidents; they are counted, not listed."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pdp_common.db import JSONDoc, UUIDPk, new_id
from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from incidents.models import Base


class JobState(StrEnum):
    """Where a job is: waiting, being imported, or done one way or another."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


class ImportJob(Base):
    """An uploaded import file and how far its import has gone.

    ``rows_read`` counts the file's rows whose batch is committed: a worker that takes the job
    over after a crash goes on from the next row. ``lease_owner`` holds the job while
    ``lease_expires_at`` is in the future; each batch renews it."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        Index("ix_import_jobs_state_created_at", "state", "created_at"),
        Index("ix_import_jobs_org", "org"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    state: Mapped[str] = mapped_column(String(16))
    media: Mapped[str] = mapped_column(String(8))
    org: Mapped[str] = mapped_column(String(64))
    submitted_by: Mapped[str] = mapped_column(String(200))
    principal: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    origin_org: Mapped[str | None] = mapped_column(String(32))
    spool_name: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class ImportJobRow(Base):
    """A row of a job's file that was rejected or matched as a duplicate, and why."""

    __tablename__ = "import_job_rows"

    job_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("import_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    row: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(32))
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc)
