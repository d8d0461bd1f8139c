"""Tables of the briefings service: briefings, their audience and versions, the incident digest,
the copy of early-warning alerts, and the local copy of sharing terms."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pdp_common.db import (
    JSONDoc,
    UUIDPk,
    make_registry,
    new_id,
    utcnow,
)
from pdp_common.sharing_copy import sharing_tables
from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of the briefings tables."""

    registry = make_registry()


class Briefing(Base):
    """A briefing: structured sections, a classification, an audience and a workflow status."""

    __tablename__ = "briefings"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), index=True)
    classification: Mapped[str] = mapped_column(String(32))
    countries: Mapped[list[str]] = mapped_column(JSONDoc)
    theme: Mapped[str | None] = mapped_column(String(64))
    period_start: Mapped[datetime] = mapped_column()
    period_end: Mapped[datetime] = mapped_column()
    sections: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    source_incident_id: Mapped[uuid.UUID | None] = mapped_column(UUIDPk, unique=True)
    created_by: Mapped[str] = mapped_column(String(200))
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    cleared_by: Mapped[str | None] = mapped_column(String(200))
    released_by: Mapped[str | None] = mapped_column(String(200))
    released_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    audience_rows: Mapped[list[BriefingAudience]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def audience(self) -> list[str]:
        """Return the organizations the briefing is addressed to."""
        return sorted(row.org for row in self.audience_rows)


class BriefingAudience(Base):
    """An organization a briefing is addressed to."""

    __tablename__ = "briefing_audience"

    briefing_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("briefings.id", ondelete="CASCADE"), primary_key=True
    )
    org: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class BriefingVersion(Base):
    """A briefing as it stood after one change: the append-only history."""

    __tablename__ = "briefing_versions"

    briefing_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("briefings.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(String(2000))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class IncidentDigest(Base):
    """The read model of incidents, as learned from the incidents service's events."""

    __tablename__ = "incident_digest"

    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(64))
    severity: Mapped[int] = mapped_column(Integer)
    sensitivity: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column()
    title: Mapped[str | None] = mapped_column(String(500))
    source_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_incident_digest_occurred_at", "occurred_at"),)


class EarlyWarningAlert(Base):
    """An escalation alert, as learned from the incidents service's alert events."""

    __tablename__ = "early_warning_alerts"

    alert_id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(120))
    category: Mapped[str | None] = mapped_column(String(64))
    window_days: Mapped[int] = mapped_column(Integer)
    observed: Mapped[float] = mapped_column(Float)
    expected: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    peak_score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))
    raised_at: Mapped[datetime] = mapped_column()
    subsided_at: Mapped[datetime | None] = mapped_column()
    factors: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc)
    contributing_incident_ids: Mapped[list[str]] = mapped_column(JSONDoc)
    sensitivity: Mapped[str] = mapped_column(String(32))
    source_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_early_warning_alerts_status_raised_at", "status", "raised_at"),
        Index("ix_early_warning_alerts_subsided_at", "subsided_at"),
    )


sharing = sharing_tables(Base.metadata)
"""The local copy of the organizations service's sharing agreements and consents."""
