"""HTTP endpoints to record, read and change incidents."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status
from pdp_common.concurrency import etag
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.idempotency import Created, IdempotencyDep
from pdp_common.json_bytes import dump_json, json_response
from pdp_common.openapi import problems

from incidents import errors, rows, service
from incidents.dependencies import IfMatch, ViewerDep
from incidents.schemas import IncidentCreate, IncidentRead, IncidentUpdate

router = APIRouter(prefix="/incidents", tags=["incidents"])


def incident_path(incident_id: uuid.UUID) -> str:
    """Return the API path of an incident."""
    return f"/api/v1/incidents/{incident_id}"


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=IncidentRead,
    responses=problems(
        errors.IncidentActionForbidden,
        errors.IncidentInvalid,
        errors.IncidentLocationInvalid,
        errors.IncidentOriginExists,
    ),
)
async def create_incident(
    body: IncidentCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Record a new incident (send an Idempotency-Key to make retries safe)."""

    async def create() -> Created:
        row = await service.create_incident(session, principal=principal, payload=body)
        body_json = dump_json(rows.read_document(row))
        return Created(body_json, version=row["version"], location=incident_path(row["id"]))

    return await idem.create_once(session, create)


@router.get(
    "/{incident_id:uuid}",
    response_model=IncidentRead,
    responses=problems(errors.IncidentNotFound),
)
async def read_incident(incident_id: uuid.UUID, session: SessionDep, viewer: ViewerDep) -> Response:
    """Read one incident (its ETag is the version to send back in If-Match)."""
    row = await service.read_visible(session, viewer=viewer, incident_id=incident_id)
    return json_response(rows.read_document(row._mapping), headers={"ETag": etag(row.version)})


@router.patch(
    "/{incident_id:uuid}",
    response_model=IncidentRead,
    responses=problems(
        errors.IncidentActionForbidden,
        errors.IncidentNotFound,
        errors.IncidentLocked,
        errors.IncidentInvalid,
        errors.IncidentLocationInvalid,
    ),
)
async def update_incident(
    *,
    incident_id: uuid.UUID,
    body: IncidentUpdate,
    session: SessionDep,
    viewer: ViewerDep,
    if_match: IfMatch = None,
) -> Response:
    """Change fields of a reported or under-review incident (If-Match required)."""
    incident = await service.update_incident(
        session, viewer=viewer, incident_id=incident_id, payload=body, if_match=if_match
    )
    document = rows.read_document(rows.read_columns(incident))
    return json_response(document, headers={"ETag": etag(incident.version)})
