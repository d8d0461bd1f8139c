"""API schemas of a bulk import: the JSON batch and the report."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class ImportBatch(BaseModel):
    """A JSON batch: incidents shaped like the create payload (validated row by row)."""

    incidents: list[dict[str, Any]] = Field(max_length=50_000)


class RowOutcome(StrEnum):
    """What happened to one row."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


class RowError(BaseModel):
    """Why a row was rejected."""

    field: str
    message: str


class ImportRow(BaseModel):
    """The outcome of one row (rows count from 1; CSV rows after the header)."""

    row: int
    outcome: RowOutcome
    incident_id: uuid.UUID | None = None
    reference: str | None = None
    external_id: str | None = None
    errors: list[RowError] = Field(default_factory=list)


class ImportReport(BaseModel):
    """How many rows were accepted, rejected and matched as duplicates, and each row's outcome."""

    accepted: int
    rejected: int
    duplicates: int
    rows: list[ImportRow]
