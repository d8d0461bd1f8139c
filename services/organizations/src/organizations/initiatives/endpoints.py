"""Endpoints of initiatives and their overlaps (Centre staff)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pdp_common.concurrency import IfMatchHeader, set_etag
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.idempotency import Created, IdempotencyDep
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_of

from organizations.errors import OperationForbidden
from organizations.initiatives import errors
from organizations.initiatives import service as initiatives
from organizations.initiatives.schemas import (
    InitiativeCreate,
    InitiativeFilters,
    InitiativeRead,
    InitiativeUpdate,
    OverlapFilters,
    OverlapRead,
)

router = APIRouter(prefix="/initiatives", tags=["initiatives"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=InitiativeRead,
    responses=problems(OperationForbidden, errors.InitiativeOrganizationUnknown),
)
async def create_initiative(
    *, body: InitiativeCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Record a peacemaking or coordination initiative of an organization."""

    async def create() -> Created:
        initiative = await initiatives.create(session, data=body, principal=principal)
        read = InitiativeRead.model_validate(initiative)
        return Created(read, version=initiative.version)

    return await idem.create_once(session, create)


@router.get("", responses=problems(OperationForbidden))
async def list_initiatives(
    *,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    filters: Annotated[InitiativeFilters, Query()],
    paging: PagingDep,
) -> Page[InitiativeRead]:
    """List initiatives by organization, country, theme or status."""
    items, cursor = await initiatives.page(
        session, filters=filters, paging=paging, principal=principal
    )
    return page_of(request, response, items, cursor)


@router.get("/overlaps", responses=problems(OperationForbidden))
async def list_initiative_overlaps(
    *, session: SessionDep, principal: PrincipalDep, filters: Annotated[OverlapFilters, Query()]
) -> list[OverlapRead]:
    """List countries and themes where live initiatives of different organizations overlap."""
    return await initiatives.overlaps(session, filters=filters, principal=principal)


@router.get(
    "/{initiative_id:uuid}", responses=problems(OperationForbidden, errors.InitiativeNotFound)
)
async def read_initiative(
    *, initiative_id: uuid.UUID, response: Response, session: SessionDep, principal: PrincipalDep
) -> InitiativeRead:
    """Read one initiative."""
    initiative = await initiatives.get(session, initiative_id=initiative_id, principal=principal)
    set_etag(response, initiative.version)
    return InitiativeRead.model_validate(initiative)


@router.patch(
    "/{initiative_id:uuid}",
    responses=problems(
        OperationForbidden, errors.InitiativeNotFound, errors.InitiativePeriodInvalid
    ),
)
async def update_initiative(
    *,
    initiative_id: uuid.UUID,
    body: InitiativeUpdate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatchHeader = None,
) -> InitiativeRead:
    """Change an initiative (send If-Match)."""
    initiative = await initiatives.get(session, initiative_id=initiative_id, principal=principal)
    initiative = await initiatives.update(
        session, initiative=initiative, data=body, principal=principal, if_match=if_match
    )
    set_etag(response, initiative.version)
    return InitiativeRead.model_validate(initiative)
