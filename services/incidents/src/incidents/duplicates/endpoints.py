"""HTTP endpoints of duplicate candidates and merges."""

from __future__ import annotations

import uuid
from typing import Annotated, cast

from fastapi import APIRouter, Query, Response
from pdp_common.concurrency import set_etag
from pdp_common.dependencies import PlatformDep, SessionDep
from pdp_common.openapi import problems

from incidents import errors, rows
from incidents.dependencies import ViewerDep
from incidents.duplicates import service
from incidents.duplicates.schemas import DuplicateCandidate, MergeCreate
from incidents.schemas import IncidentRead
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/incidents", tags=["duplicates"])


@router.get("/{incident_id:uuid}/duplicates", responses=problems(errors.IncidentNotFound))
async def list_duplicate_candidates(
    *,
    incident_id: uuid.UUID,
    session: SessionDep,
    viewer: ViewerDep,
    platform: PlatformDep,
    window_hours: Annotated[float | None, Query(gt=0, le=24 * 30)] = None,
    radius_km: Annotated[float | None, Query(gt=0, le=500)] = None,
) -> list[DuplicateCandidate]:
    """List incidents of the same category near in place and time (closest first)."""
    settings = cast(IncidentsSettings, platform.settings)
    return await service.find_candidates(
        session,
        viewer=viewer,
        incident_id=incident_id,
        window_hours=window_hours or settings.duplicate_window_hours,
        radius_km=radius_km or settings.duplicate_radius_km,
    )


@router.post(
    "/{incident_id:uuid}/merge",
    responses=problems(
        errors.IncidentActionForbidden, errors.IncidentNotFound, errors.IncidentMergeConflict
    ),
)
async def merge_incidents(
    incident_id: uuid.UUID,
    body: MergeCreate,
    session: SessionDep,
    viewer: ViewerDep,
    response: Response,
) -> IncidentRead:
    """Merge duplicates into this incident; every provenance and source is kept."""
    survivor = await service.merge_incidents(
        session, viewer=viewer, survivor_id=incident_id, body=body
    )
    set_etag(response, survivor.version)
    return rows.to_read(survivor)
