"""API schemas of duplicate candidates and merges."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from incidents.schemas import IncidentRead


class DuplicateCandidate(BaseModel):
    """An incident that may describe the same event: how far and how long apart it is."""

    incident: IncidentRead
    distance_km: float
    hours_apart: float


class MergeCreate(BaseModel):
    """Merge these incidents into the one addressed; it keeps every provenance and source."""

    model_config = ConfigDict(extra="forbid")

    duplicate_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
