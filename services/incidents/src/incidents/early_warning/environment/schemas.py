"""API schemas of environmental series: the import report and the series reads."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from incidents.imports.schemas import RowError


class ObservationOutcome(StrEnum):
    """What happened to one CSV row."""

    ACCEPTED = "accepted"
    """A new observation was stored."""
    UPDATED = "updated"
    """The series already had a value for that day; it was replaced."""
    REJECTED = "rejected"
    """The row was refused for the reasons given; nothing of it was stored."""


class ObservationRow(BaseModel):
    """The outcome of one row (rows count from 1 after the header)."""

    row: int
    outcome: ObservationOutcome
    series_id: uuid.UUID | None = None
    errors: list[RowError] = []


class ObservationImportReport(BaseModel):
    """How many rows were stored new, updated and refused, and each row's outcome."""

    accepted: int
    updated: int
    rejected: int
    series_created: int
    rows: list[ObservationRow]


class SeriesRead(BaseModel):
    """One environmental series."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    country: str
    admin1: str
    site: str
    latitude: float | None
    longitude: float | None
    kind: str
    unit: str
    source: str | None
    created_at: datetime


class ObservationRead(BaseModel):
    """One day's value of a series."""

    model_config = ConfigDict(from_attributes=True)

    observed_on: date
    value: float
    quality: str


class SeriesDetail(SeriesRead):
    """A series with its observations over the period asked for (oldest first)."""

    observations: list[ObservationRead]
