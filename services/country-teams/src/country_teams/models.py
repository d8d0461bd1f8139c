"""Tables of the country-teams service: country teams, activities, the risk read model."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pdp_common.db import (
    JSONDoc,
    UUIDPk,
    make_registry,
    new_id,
    utcnow,
)
from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of the country-teams tables."""

    registry = make_registry()


class CountryTeam(Base):
    """The UN country team of one state: its resident coordinator and member agencies."""

    __tablename__ = "country_teams"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    country: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    resident_coordinator: Mapped[str] = mapped_column(String(200))
    office: Mapped[str | None] = mapped_column(String(200))
    agencies: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Activity(Base):
    """A preventive activity, shaped like an IATI activity."""

    __tablename__ = "activities"

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    country_team_id: Mapped[uuid.UUID] = mapped_column(UUIDPk, ForeignKey("country_teams.id"))
    iati_identifier: Mapped[str | None] = mapped_column(String(150), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(120))
    lead_agency: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    sectors: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2, asdecimal=True))
    budget_currency: Mapped[str | None] = mapped_column(String(3))
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    agency_rows: Mapped[list[ActivityAgency]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityAgency.agency"
    )
    category_rows: Mapped[list[ActivityCategory]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityCategory.category"
    )

    __table_args__ = (Index("ix_activities_country_admin1", "country", "admin1"),)
    __mapper_args__ = {"version_id_col": version}

    @property
    def participating_agencies(self) -> list[str]:
        """Return the participating agencies other than the lead."""
        return sorted(row.agency for row in self.agency_rows if not row.is_lead)

    @property
    def agencies(self) -> list[str]:
        """Return every agency of the activity, lead included."""
        return sorted(row.agency for row in self.agency_rows)

    @property
    def categories(self) -> list[str]:
        """Return the threat categories the activity addresses."""
        return sorted(row.category for row in self.category_rows)


class ActivityAgency(Base):
    """An agency taking part in an activity (one row per agency; the lead is flagged)."""

    __tablename__ = "activity_agencies"

    activity_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    agency: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)


class ActivityCategory(Base):
    """A threat category an activity addresses."""

    __tablename__ = "activity_categories"

    activity_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk, ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class IncidentSignal(Base):
    """The risk read model: one incident as learned from the incidents service's events."""

    __tablename__ = "incident_signals"

    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(64))
    severity: Mapped[int] = mapped_column(Integer)
    sensitivity: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column()
    source_version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_incident_signals_area", "country", "admin1", "category"),
        Index("ix_incident_signals_status_occurred_at", "status", "occurred_at"),
    )
