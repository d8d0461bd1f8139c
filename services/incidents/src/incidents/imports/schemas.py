"""API schemas of a bulk import: the JSON batch and the report.

A report's rows are slotted dataclasses rather than models: an import of 10,000 rows makes 10,000
of them, which the service builds from values it already checked, so they need no validation, and
each is one object for the garbage collector instead of a model, its dict and its set of fields.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field

from incidents.imports import examples


class ImportBatch(Strict):
    """A JSON batch: incidents shaped like the create payload (validated row by row)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.IMPORT_BATCH]})

    incidents: list[dict[str, Any]] = Field(max_length=50_000)


class RowOutcome(StrEnum):
    """What happened to one row."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class RowError:
    """Why a row was rejected."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class ImportRow:
    """The outcome of one row (rows count from 1; CSV rows after the header)."""

    row: int
    outcome: RowOutcome
    incident_id: uuid.UUID | None = None
    reference: str | None = None
    external_id: str | None = None
    errors: tuple[RowError, ...] = ()


class ImportReport(BaseModel):
    """How many rows were accepted, rejected and matched as duplicates, and each row's outcome."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.IMPORT_REPORT]})

    accepted: int
    rejected: int
    duplicates: int
    rows: list[ImportRow]
