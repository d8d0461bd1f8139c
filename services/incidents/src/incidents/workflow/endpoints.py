"""HTTP endpoints of the verification workflow."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response
from pdp_common.concurrency import set_etag
from pdp_common.dependencies import SessionDep
from pdp_common.openapi import problems

from incidents import errors, rows, service
from incidents.dependencies import IfMatch, ViewerDep
from incidents.schemas import IncidentRead
from incidents.workflow import service as workflow
from incidents.workflow.schemas import IncidentTransitionCreate, TimelineEntryRead

router = APIRouter(prefix="/incidents", tags=["workflow"])


@router.post(
    "/{incident_id:uuid}/transitions",
    responses=problems(
        errors.IncidentActionForbidden,
        errors.IncidentNotFound,
        errors.IncidentTransitionNotAllowed,
        errors.IncidentLocked,
        errors.IncidentInvalid,
        errors.IncidentLocationInvalid,
    ),
)
async def transition_incident(
    *,
    incident_id: uuid.UUID,
    body: IncidentTransitionCreate,
    session: SessionDep,
    viewer: ViewerDep,
    response: Response,
    if_match: IfMatch = None,
) -> IncidentRead:
    """Move an incident along the workflow (409 names the allowed transitions)."""
    incident = await workflow.transition_incident(
        session, viewer=viewer, incident_id=incident_id, body=body, if_match=if_match
    )
    set_etag(response, incident.version)
    return rows.to_read(incident)


@router.get("/{incident_id:uuid}/timeline", responses=problems(errors.IncidentNotFound))
async def read_incident_timeline(
    incident_id: uuid.UUID, session: SessionDep, viewer: ViewerDep
) -> list[TimelineEntryRead]:
    """Read an incident's append-only timeline, oldest first."""
    entries = await service.timeline_of(session, viewer=viewer, incident_id=incident_id)
    return [TimelineEntryRead.model_validate(e, from_attributes=True) for e in entries]
