"""Tables of environmental series: one row per site and kind, one observation per series and
day."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pdp_common.db import UUIDPk, new_id, utcnow
from sqlalchemy import Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from incidents.models import Base


class EnvironmentalSeries(Base):
    """A measured quantity at one site: a gauge, reservoir, station or watched valley."""

    __tablename__ = "early_warning_env_series"
    __table_args__ = (
        UniqueConstraint("country", "admin1", "site", "kind"),
        Index("ix_early_warning_env_series_kind_country", "kind", "country", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    country: Mapped[str] = mapped_column(String(3))
    admin1: Mapped[str] = mapped_column(String(200))
    site: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EnvironmentalObservation(Base):
    """The value of one series on one day."""

    __tablename__ = "early_warning_env_observations"
    __table_args__ = (UniqueConstraint("series_id", "observed_on"),)

    id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True, default=new_id)
    series_id: Mapped[uuid.UUID] = mapped_column(
        UUIDPk,
        ForeignKey(
            "early_warning_env_series.id",
            name="fk_early_warning_env_observations_series",
            ondelete="CASCADE",
        ),
    )
    observed_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    quality: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
