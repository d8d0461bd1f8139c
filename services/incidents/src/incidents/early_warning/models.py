"""Tables of the early-warning consumer, fed only by the platform's incident events.

``early_warning_incidents`` is the consumer's own copy of each incident (kept by
:class:`pdp_common.incident_copy.IncidentCopy`, with the derived weight, day and sensitivity rank);
``early_warning_indicators`` holds, per place and window, the latest assessment and the escalation
episode's state; ``early_warning_alerts`` holds every alert, open or subsided.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, cast

from pdp_common.db import JSONDoc, UUIDPk, new_id
from sqlalchemy import Boolean, Date, Float, Index, Integer, SmallInteger, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from incidents.models import Base


class EarlyWarningIncident(Base):
    """One incident as the incident events describe it, with its weight in the indicators."""

    __tablename__ = "early_warning_incidents"

    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime]
    occurred_on: Mapped[date] = mapped_column(Date)
    severity: Mapped[int] = mapped_column(SmallInteger)
    casualties_best: Mapped[int | None] = mapped_column(Integer)
    confidence_score: Mapped[float | None] = mapped_column(Float)
    sensitivity: Mapped[str] = mapped_column(String(24))
    sensitivity_rank: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(16))
    weight: Mapped[float] = mapped_column(Float)
    source_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_early_warning_incidents_country_day", "country", "occurred_on"),
        Index("ix_early_warning_incidents_admin1_day", "country", "admin1", "occurred_on"),
        Index("ix_early_warning_incidents_category_day", "country", "category", "occurred_on"),
    )


class EarlyWarningIndicator(Base):
    """The latest assessment of one place over one window, and its escalation episode."""

    __tablename__ = "early_warning_indicators"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    place: Mapped[str] = mapped_column(String(280))
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(64))
    window_days: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[date] = mapped_column(Date)
    observed: Mapped[float] = mapped_column(Float)
    expected: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    trend: Mapped[float] = mapped_column(Float)
    incidents: Mapped[int] = mapped_column(Integer)
    factors: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    open: Mapped[bool] = mapped_column(Boolean, default=False)
    episode: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc)
    day_start_episode: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc)
    alert_id: Mapped[uuid.UUID | None] = mapped_column(UUIDPk)
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_early_warning_indicators_place_window", "place", "window_days", unique=True),
        Index("ix_early_warning_indicators_country", "country", "id"),
        Index("ix_early_warning_indicators_as_of", "as_of", "id"),
    )


class EarlyWarningAlert(Base):
    """One escalation alert: raised when an episode opens, subsided when it closes."""

    __tablename__ = "early_warning_alerts"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    place: Mapped[str] = mapped_column(String(280))
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(64))
    window_days: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    raised_at: Mapped[datetime]
    subsided_at: Mapped[datetime | None]
    observed: Mapped[float] = mapped_column(Float)
    expected: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    peak_score: Mapped[float] = mapped_column(Float)
    factors: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    contributing_incident_ids: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    sensitivity: Mapped[str] = mapped_column(String(24))
    sensitivity_rank: Mapped[int] = mapped_column(SmallInteger)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_early_warning_alerts_raised", "raised_at", "id"),
        Index("ix_early_warning_alerts_status_raised", "status", "raised_at", "id"),
        Index("ix_early_warning_alerts_place", "place", "window_days"),
    )


incidents_copy_table = cast(Table, EarlyWarningIncident.__table__)
indicators_table = cast(Table, EarlyWarningIndicator.__table__)
alerts_table = cast(Table, EarlyWarningAlert.__table__)
