"""HTTP endpoints of the briefings service (under /api/v1)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response, status
from pdp_common.concurrency import IfMatchHeader, etag, set_etag
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.idempotency import Created, IdempotencyDep
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_response

from briefings import access, drafting, errors, permissions, render, rows, service, workflow
from briefings.dependencies import BriefingFiltersDep, RenderingDep
from briefings.models import Briefing
from briefings.repository import BriefingRepository
from briefings.schemas import (
    BriefingCreate,
    BriefingReach,
    BriefingRead,
    BriefingTransitionCreate,
    BriefingUpdate,
    BriefingVersionRead,
)

router = APIRouter(prefix="/briefings", tags=["briefings"])
RENDERINGS = {
    200: {
        "content": {render.MARKDOWN: {"schema": {"type": "string"}}, render.HTML: {}},
        "description": "The briefing, as JSON, Markdown or HTML.",
    },
    **problems(errors.BriefingNotFound),
}


def _read(briefing: Briefing, response: Response) -> BriefingRead:
    set_etag(response, briefing.version)
    return rows.to_read(briefing)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=BriefingRead,
    responses=problems(
        errors.BriefingActionForbidden, errors.BriefingExists, errors.BriefingInvalid
    ),
)
async def create_briefing(
    body: BriefingCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Draft a briefing from its kind's template and the incident digest."""

    async def create() -> Created:
        briefing = await drafting.create_briefing(session, principal=principal, data=body)
        return Created(
            rows.to_read(briefing),
            version=briefing.version,
            location=f"/api/v1/briefings/{briefing.id}",
        )

    return await idem.create_once(session, create)


@router.get("", response_model=Page[BriefingRead])
async def list_briefings(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
    filters: BriefingFiltersDep,
) -> Response:
    """List the briefings the caller may see, newest first."""
    found, cursor = await service.list_briefings(
        session, principal=principal, filters=filters, paging=paging
    )
    return page_response(request, [rows.to_read(r) for r in found], cursor)


@router.get("/{briefing_id:uuid}", response_model=BriefingRead, responses=RENDERINGS)
async def read_briefing(
    briefing_id: uuid.UUID, session: SessionDep, principal: PrincipalDep, rendering: RenderingDep
) -> Response:
    """Read a briefing as JSON, Markdown or HTML (Accept header or ?format=)."""
    briefing = await service.get_visible(session, principal=principal, briefing_id=briefing_id)
    read = rows.to_read(briefing)
    headers = {"ETag": etag(briefing.version), "Vary": "Accept"}
    if rendering == "markdown":
        return Response(render.to_markdown(read), media_type=render.MARKDOWN, headers=headers)
    if rendering == "html":
        return Response(render.to_html(read), media_type=render.HTML, headers=headers)
    return Response(read.model_dump_json(), media_type="application/json", headers=headers)


@router.patch(
    "/{briefing_id:uuid}",
    responses=problems(
        errors.BriefingActionForbidden,
        errors.BriefingNotFound,
        errors.BriefingImmutable,
        errors.BriefingInvalid,
    ),
)
async def update_briefing(
    *,
    briefing_id: uuid.UUID,
    body: BriefingUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    if_match: IfMatchHeader = None,
) -> BriefingRead:
    """Edit a briefing before release (send If-Match); a reviewed one goes back to draft."""
    briefing = await service.update_briefing(
        session, principal=principal, briefing_id=briefing_id, data=body, if_match=if_match
    )
    return _read(briefing, response)


@router.post(
    "/{briefing_id:uuid}/transitions",
    responses=problems(
        errors.BriefingActionForbidden,
        errors.BriefingNotFound,
        errors.BriefingImmutable,
        errors.BriefingTransitionInvalid,
    ),
)
async def transition_briefing(
    *,
    briefing_id: uuid.UUID,
    body: BriefingTransitionCreate,
    session: SessionDep,
    principal: PrincipalDep,
    response: Response,
    if_match: IfMatchHeader = None,
) -> BriefingRead:
    """Review, clear (Head of Centre), release, or return a briefing to draft (send If-Match)."""
    briefing = await workflow.transition(
        session, principal=principal, briefing_id=briefing_id, data=body, if_match=if_match
    )
    return _read(briefing, response)


@router.get(
    "/{briefing_id:uuid}/versions",
    responses=problems(errors.BriefingActionForbidden, errors.BriefingNotFound),
)
async def list_briefing_versions(
    briefing_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> list[BriefingVersionRead]:
    """List a briefing's versions, oldest first (Centre staff who may see the briefing)."""
    await service.get_visible(session, principal=principal, briefing_id=briefing_id)
    permissions.require_author(principal)
    rows = await BriefingRepository(session).versions(briefing_id)
    return [BriefingVersionRead.model_validate(row, from_attributes=True) for row in rows]


@router.get(
    "/{briefing_id:uuid}/reach",
    responses=problems(errors.BriefingActionForbidden, errors.BriefingNotFound),
)
async def read_briefing_reach(
    briefing_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> BriefingReach:
    """Tell which organizations of the audience the sharing terms let the briefing reach, and
    what they hold back (Centre staff who may see the briefing; a draft counts as released now)."""
    briefing = await service.get_visible(session, principal=principal, briefing_id=briefing_id)
    permissions.require_author(principal)
    return await access.reach(session, briefing)
