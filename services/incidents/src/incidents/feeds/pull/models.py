"""Tables of pulled feeds: the partner feed URLs the Centre fetches, and a log of each fetch."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pdp_common.db import JSONDoc, UUIDPk, new_id
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from incidents.models import Base


class PulledFeed(Base):
    """A partner feed URL fetched every ``interval_seconds`` while enabled.

    ``etag`` and ``last_modified`` are the validators of the last successful answer, sent back
    on the next fetch (a 304 changes nothing). A worker holds the feed while ``lease_expires_at``
    is in the future; ``consecutive_failures`` pushes ``next_due_at`` back exponentially."""

    __tablename__ = "feed_pull_sources"
    __table_args__ = (Index("ix_feed_pull_sources_due", "enabled", "next_due_at"),)

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    partner_org: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(String(2048))
    media: Mapped[str | None] = mapped_column(String(32))
    interval_seconds: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(String(256))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    last_fetched_at: Mapped[datetime | None]
    last_status: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    next_due_at: Mapped[datetime]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PulledFetch(Base):
    """One fetch of a pulled feed, a job: asked for (``trigger`` ``requested``, ``queued``
    until a worker takes it) or due by its interval (``scheduled``, ``running`` when claimed);
    it ends ``succeeded``, ``not_modified``, ``failed`` or ``cancelled``. ``counts`` holds the
    items per outcome, ``report`` each item's outcome (bounded)."""

    __tablename__ = "feed_pull_fetches"
    __table_args__ = (
        Index("ix_feed_pull_fetches_source", "source_id", "started_at"),
        Index("ix_feed_pull_fetches_status", "status", "queued_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    source_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("feed_pull_sources.id", ondelete="CASCADE")
    )
    trigger: Mapped[str] = mapped_column(String(16), default="scheduled")
    requested_by: Mapped[str | None] = mapped_column(String(200))
    queued_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    media: Mapped[str | None] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    error: Mapped[str | None] = mapped_column(Text)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc)
