"""Endpoints of engagements and their follow-up actions (Centre staff)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pdp_common.concurrency import IfMatchHeader, set_etag
from pdp_common.db import utcnow
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.idempotency import Created, IdempotencyDep
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_of

from organizations.engagements import errors, rows
from organizations.engagements import service as engagements
from organizations.engagements.schemas import (
    EngagementCreate,
    EngagementFilters,
    EngagementRead,
    EngagementUpdate,
    FollowUpCreate,
    FollowUpRead,
    FollowUpUpdate,
)
from organizations.errors import OperationForbidden

router = APIRouter(prefix="/engagements", tags=["engagements"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EngagementRead,
    responses=problems(OperationForbidden, errors.EngagementOrganizationUnknown),
)
async def create_engagement(
    *, body: EngagementCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Record a meeting, consultation, visit or demarche with its follow-up actions."""

    async def create() -> Created:
        read = await engagements.create(session, data=body, principal=principal)
        return Created(read, version=read.version)

    return await idem.create_once(session, create)


@router.get("", responses=problems(OperationForbidden))
async def list_engagements(
    *,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    filters: Annotated[EngagementFilters, Query()],
    paging: PagingDep,
) -> Page[EngagementRead]:
    """List engagements the caller may read, newest first."""
    items, cursor = await engagements.page(
        session, filters=filters, paging=paging, principal=principal
    )
    return page_of(request, response, items, cursor)


@router.get("/follow-ups/overdue", responses=problems(OperationForbidden))
async def list_overdue_follow_ups(
    *,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
) -> Page[FollowUpRead]:
    """List open follow-up actions whose due date has passed."""
    items, cursor = await engagements.overdue_page(session, paging=paging, principal=principal)
    return page_of(request, response, items, cursor)


@router.get(
    "/{engagement_id:uuid}", responses=problems(OperationForbidden, errors.EngagementNotFound)
)
async def read_engagement(
    *, engagement_id: uuid.UUID, response: Response, session: SessionDep, principal: PrincipalDep
) -> EngagementRead:
    """Read one engagement with its follow-up actions."""
    engagement = await engagements.get(session, engagement_id=engagement_id, principal=principal)
    set_etag(response, engagement.version)
    return await engagements.read(session, engagement=engagement)


@router.patch(
    "/{engagement_id:uuid}",
    responses=problems(
        OperationForbidden, errors.EngagementNotFound, errors.EngagementOrganizationUnknown
    ),
)
async def update_engagement(
    *,
    engagement_id: uuid.UUID,
    body: EngagementUpdate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatchHeader = None,
) -> EngagementRead:
    """Change an engagement (send If-Match with its ETag)."""
    engagement = await engagements.get(session, engagement_id=engagement_id, principal=principal)
    read = await engagements.update(
        session, engagement=engagement, data=body, principal=principal, if_match=if_match
    )
    set_etag(response, read.version)
    return read


@router.post(
    "/{engagement_id:uuid}/follow-ups",
    status_code=status.HTTP_201_CREATED,
    response_model=FollowUpRead,
    responses=problems(OperationForbidden, errors.EngagementNotFound),
)
async def create_follow_up(
    *,
    engagement_id: uuid.UUID,
    body: FollowUpCreate,
    session: SessionDep,
    principal: PrincipalDep,
    idem: IdempotencyDep,
) -> Response:
    """Add a follow-up action (owner, due date) to an engagement."""

    async def create() -> Created:
        engagement = await engagements.get(
            session, engagement_id=engagement_id, principal=principal
        )
        follow_up = await engagements.add_follow_up(
            session, engagement=engagement, data=body, principal=principal
        )
        read = rows.follow_up_read(follow_up, utcnow().date())
        return Created(read, version=follow_up.version)

    return await idem.create_once(session, create)


@router.patch(
    "/{engagement_id:uuid}/follow-ups/{follow_up_id:uuid}",
    responses=problems(OperationForbidden, errors.EngagementNotFound, errors.FollowUpNotFound),
)
async def update_follow_up(
    *,
    engagement_id: uuid.UUID,
    follow_up_id: uuid.UUID,
    body: FollowUpUpdate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatchHeader = None,
) -> FollowUpRead:
    """Change a follow-up action: its status, owner or due date (send If-Match)."""
    engagement = await engagements.get(session, engagement_id=engagement_id, principal=principal)
    follow_up = await engagements.get_follow_up(
        session, engagement=engagement, follow_up_id=follow_up_id
    )
    follow_up = await engagements.update_follow_up(
        session, follow_up=follow_up, data=body, principal=principal, if_match=if_match
    )
    set_etag(response, follow_up.version)
    return rows.follow_up_read(follow_up, utcnow().date())
