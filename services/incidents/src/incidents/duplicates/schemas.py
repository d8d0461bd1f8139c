"""API schemas of duplicate candidates and merges."""

from __future__ import annotations

import uuid
from typing import Annotated

from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from incidents.duplicates import examples
from incidents.schemas import IncidentRead


class DuplicateCandidate(BaseModel):
    """An incident that may describe the same event: how far and how long apart it is."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DUPLICATE_CANDIDATE]})

    incident: IncidentRead
    distance_km: float
    hours_apart: float


class MergeCreate(Strict):
    """Merge these incidents into the one addressed; it keeps every provenance and source."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.MERGE_CREATE]})

    duplicate_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
