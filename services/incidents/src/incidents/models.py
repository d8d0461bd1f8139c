"""Tables of the incidents service: incidents, their timeline, reference counters and the local
copy of the organizations service's sharing agreements and consents."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

from pdp_common.db import JSONDoc, UUIDPk, make_registry, new_id
from pdp_common.sharing_copy import sharing_tables
from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the service's tables, with the platform's naming convention."""

    registry = make_registry()


class Incident(Base):
    """One incident: what happened, when, where, how sure we are and who may see it."""

    __tablename__ = "incidents"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(35))
    translations: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    occurred_at: Mapped[datetime]
    time_precision: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    geo_precision: Mapped[int] = mapped_column(SmallInteger)
    category: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(80))
    actor1: Mapped[str | None] = mapped_column(String(300))
    assoc_actor_1: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    actor2: Mapped[str | None] = mapped_column(String(300))
    assoc_actor_2: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    casualties_best: Mapped[int | None] = mapped_column(Integer)
    casualties_low: Mapped[int | None] = mapped_column(Integer)
    casualties_high: Mapped[int | None] = mapped_column(Integer)
    severity: Mapped[int] = mapped_column(SmallInteger)
    sensitivity: Mapped[str] = mapped_column(String(24))
    sensitivity_rank: Mapped[int] = mapped_column(SmallInteger)
    tags: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    independent_sources: Mapped[int] = mapped_column(SmallInteger, default=0)
    confidence: Mapped[str] = mapped_column(String(16))
    confidence_score: Mapped[float] = mapped_column(Float, default=0.0)
    origin_org: Mapped[str] = mapped_column(String(32))
    origin_external_id: Mapped[str | None] = mapped_column(String(120))
    provenances: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    status: Mapped[str] = mapped_column(String(16))
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(UUIDPk, ForeignKey("incidents.id"))
    search_document: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(200))

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_incidents_occurred", "occurred_at", "id"),
        Index("ix_incidents_country_occurred", "country", "occurred_at", "id"),
        Index("ix_incidents_country_admin1_occurred", "country", "admin1", "occurred_at"),
        Index("ix_incidents_category_occurred", "category", "occurred_at", "id"),
        Index("ix_incidents_status_occurred", "status", "occurred_at"),
        Index("ix_incidents_created", "created_at", "id"),
        Index("ix_incidents_updated", "updated_at", "id"),
        Index("ix_incidents_lat_lon", "latitude", "longitude"),
        Index("ix_incidents_origin", "origin_org", "origin_external_id", unique=True),
        Index(
            "ix_incidents_country_category_occurred",
            "country",
            "category",
            "occurred_at",
            "id",
            sqlite_where=text("merged_into_id IS NULL"),
            postgresql_where=text("merged_into_id IS NULL"),
        ),
    )


class TimelineEntry(Base):
    """One append-only line of an incident's history: who did what, when and why.

    Keyed by incident, then entry (ids are time-ordered): the one index the timeline is read
    through. There is no foreign key to the incident (see migration 0004): entries are written
    only with their incident or under its lock, and incidents are never deleted.
    """

    __tablename__ = "incident_timeline"
    __table_args__ = (PrimaryKeyConstraint("incident_id", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(200))
    actor_org: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    version: Mapped[int] = mapped_column(Integer)


class ReferenceCounter(Base):
    """The last reference number given out for one country and year."""

    __tablename__ = "reference_counters"

    country: Mapped[str] = mapped_column(String(3), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


incidents_table = cast(Table, Incident.__table__)
timeline_table = cast(Table, TimelineEntry.__table__)
counters_table = cast(Table, ReferenceCounter.__table__)
sharing = sharing_tables(Base.metadata)
"""The local copy of the organizations service's sharing agreements and consents."""
