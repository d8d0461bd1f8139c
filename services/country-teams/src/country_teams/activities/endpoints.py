"""HTTP endpoints of preventive activities, the 3W summary and the gaps (under /api/v1)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pdp_common.concurrency import IfMatchHeader, etag, set_etag
from pdp_common.countries import CountryCode
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.idempotency import Created, IdempotencyDep
from pdp_common.json_bytes import json_response
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_response

from country_teams import errors, gaps
from country_teams.activities import rows, service
from country_teams.activities.schemas import (
    ActivityCreate,
    ActivityRead,
    ActivityUpdate,
    WhoWhatWhere,
)
from country_teams.dependencies import ActivityFiltersDep, CountryTeamsSettingsDep
from country_teams.schemas import GapList

router = APIRouter(prefix="/activities", tags=["activities"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ActivityRead,
    responses=problems(
        errors.ActivityEditForbidden, errors.CountryTeamMissing, errors.ActivityIdentifierTaken
    ),
)
async def create_activity(
    body: ActivityCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Record a preventive activity of a country team."""

    async def create() -> Created:
        activity = await service.create_activity(session, principal=principal, data=body)
        return Created(
            rows.to_read(activity),
            version=activity.version,
            location=f"/api/v1/activities/{activity.id}",
        )

    return await idem.create_once(session, create)


@router.get("", response_model=Page[ActivityRead])
async def list_activities(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
    filters: ActivityFiltersDep,
) -> Response:
    """List activities, newest first, filtered by country, admin1, agency, status or category."""
    found, cursor = await service.list_activities(session, filters=filters, paging=paging)
    return page_response(request, [rows.to_read(r) for r in found], cursor)


@router.get("/3w")
async def read_who_what_where(
    session: SessionDep, principal: PrincipalDep, filters: ActivityFiltersDep
) -> WhoWhatWhere:
    """Count activities by country, admin1, threat category and agency (who does what where)."""
    return await service.who_what_where(session, filters=filters)


@router.get("/gaps", responses=problems(errors.GapsForbidden))
async def list_risk_gaps(
    session: SessionDep,
    principal: PrincipalDep,
    settings: CountryTeamsSettingsDep,
    country: Annotated[CountryCode | None, Query()] = None,
) -> GapList:
    """List areas with verified incidents in the risk window and no active activity on them."""
    return await gaps.list_gaps(
        session, principal=principal, window_days=settings.gap_window_days, country=country
    )


@router.get(
    "/{activity_id:uuid}", response_model=ActivityRead, responses=problems(errors.ActivityNotFound)
)
async def read_activity(
    activity_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Read one activity."""
    activity = await service.get_activity(session, activity_id=activity_id)
    return json_response(rows.to_read(activity), headers={"ETag": etag(activity.version)})


@router.patch(
    "/{activity_id:uuid}",
    responses=problems(
        errors.ActivityEditForbidden, errors.ActivityNotFound, errors.ActivityInvalid
    ),
)
async def update_activity(
    *,
    activity_id: uuid.UUID,
    body: ActivityUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    if_match: IfMatchHeader = None,
) -> ActivityRead:
    """Change an activity (send If-Match with its ETag)."""
    activity = await service.update_activity(
        session, principal=principal, activity_id=activity_id, data=body, if_match=if_match
    )
    set_etag(response, activity.version)
    return rows.to_read(activity)
