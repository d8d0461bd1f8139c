"""HTTP endpoints of the country-teams service (under /api/v1)."""

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

from country_teams import errors, service
from country_teams.activities import endpoints as activities_endpoints
from country_teams.models import CountryTeam
from country_teams.schemas import CountryTeamCreate, CountryTeamRead, CountryTeamUpdate

teams_router = APIRouter(prefix="/country-teams", tags=["country-teams"])


def _team_read(team: CountryTeam, response: Response) -> CountryTeamRead:
    set_etag(response, team.version)
    return CountryTeamRead.model_validate(team)


@teams_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CountryTeamRead,
    responses=problems(
        errors.CountryTeamEditForbidden, errors.CountryTeamMissing, errors.CountryTeamExists
    ),
)
async def create_country_team(
    body: CountryTeamCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Register the UN country team of one of the five states."""

    async def create() -> Created:
        team = await service.create_country_team(session, principal=principal, data=body)
        return Created(
            CountryTeamRead.model_validate(team),
            version=team.version,
            location=f"/api/v1/country-teams/{team.id}",
        )

    return await idem.create_once(session, create)


@teams_router.get("", response_model=Page[CountryTeamRead])
async def list_country_teams(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
    country: Annotated[CountryCode | None, Query()] = None,
) -> Response:
    """List the country teams."""
    rows, cursor = await service.list_country_teams(session, country=country, paging=paging)
    items = [CountryTeamRead.model_validate(row) for row in rows]
    return page_response(request, items, cursor)


@teams_router.get(
    "/{country_team_id:uuid}",
    response_model=CountryTeamRead,
    responses=problems(errors.CountryTeamNotFound),
)
async def read_country_team(
    country_team_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Read one country team."""
    team = await service.get_country_team(session, team_id=country_team_id)
    read = CountryTeamRead.model_validate(team)
    return json_response(read, headers={"ETag": etag(team.version)})


@teams_router.patch(
    "/{country_team_id:uuid}",
    responses=problems(
        errors.CountryTeamEditForbidden, errors.CountryTeamNotFound, errors.CountryTeamInvalid
    ),
)
async def update_country_team(
    *,
    country_team_id: uuid.UUID,
    body: CountryTeamUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    if_match: IfMatchHeader = None,
) -> CountryTeamRead:
    """Change a country team (send If-Match with its ETag)."""
    team = await service.update_country_team(
        session, principal=principal, team_id=country_team_id, data=body, if_match=if_match
    )
    return _team_read(team, response)


ROUTERS = [teams_router, activities_endpoints.router]
