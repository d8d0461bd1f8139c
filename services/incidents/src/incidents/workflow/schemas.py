"""API schemas of the workflow: a transition request and the timeline."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, StringConstraints

from incidents.schemas import IncidentUpdate
from incidents.status import Status
from incidents.workflow import examples

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class IncidentTransitionCreate(Strict):
    """Move an incident to another status, saying why; a correction may carry changed fields."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [examples.TO_UNDER_REVIEW, examples.TO_VERIFIED, examples.TO_CORRECTED]
        },
    )

    status: Status
    reason: Reason
    changes: IncidentUpdate | None = None


class TimelineEntryRead(BaseModel):
    """One line of an incident's history."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.TIMELINE_ENTRY_READ]})

    id: uuid.UUID
    at: datetime
    action: str
    from_status: Status | None
    to_status: Status
    actor: str
    actor_org: str
    reason: str | None
    changes: list[str]
    version: int
