"""HTTP endpoints of the briefings feed (readers) and of its record of shares (Centre staff),
under /api/v1."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query, Request, Response
from pdp_common.dependencies import PlatformDep, PrincipalDep, SessionDep
from pdp_common.input_fields import Timestamp
from pdp_common.openapi import problems
from pdp_common.pagination import (
    MAX_LIMIT,
    InvalidCursor,
    Page,
    PagingDep,
    link_header,
    page_response,
)

from briefings.feed import service
from briefings.feed.errors import BriefingFeedFormatNotAcceptable, BriefingFeedSharesForbidden
from briefings.feed.rendering import Links, render_page
from briefings.feed.schemas import BriefingFeedPageRead, BriefingFeedShareRead
from briefings.feed.vocabulary import BriefingFeedFormat, negotiate
from briefings.settings import BriefingsSettings

router = APIRouter(prefix="/briefings", tags=["briefings"])

FEED_CONTENT: dict[str, Any] = {
    "application/feed+json": {"schema": {"type": "object"}},
    "application/atom+xml": {"schema": {"type": "string"}},
}


# Declared before any route with a path parameter so that "/feed/shares" is never read as one.
@router.get(
    "/feed/shares",
    response_model=Page[BriefingFeedShareRead],
    responses=problems(BriefingFeedSharesForbidden, InvalidCursor),
)
async def list_briefing_feed_shares(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
    partner: Annotated[str | None, Query(max_length=32, description="Reader org code.")] = None,
    briefing_id: Annotated[uuid.UUID | None, Query(description="One briefing.")] = None,
    since: Annotated[Timestamp | None, Query(description="Served at or after.")] = None,
) -> Response:
    """List the briefings served through the feed, newest first (Centre staff)."""
    shares, next_cursor = await service.list_shares(
        session,
        principal=principal,
        partner=partner,
        briefing_id=briefing_id,
        since=since,
        paging=paging,
    )
    items = [BriefingFeedShareRead.model_validate(s) for s in shares]
    return page_response(request, items, next_cursor)


@router.get(
    "/feed",
    response_model=BriefingFeedPageRead,
    responses={
        200: {
            "description": "The releases after `cursor` you may read, in the format asked "
            "(JSON below; JSON Feed 1.1 or Atom).",
            "content": FEED_CONTENT,
        },
        **problems(BriefingFeedFormatNotAcceptable, InvalidCursor),
    },
)
async def read_briefings_feed(
    *,
    request: Request,
    platform: PlatformDep,
    principal: PrincipalDep,
    format: Annotated[
        BriefingFeedFormat | None, Query(description="Overrides Accept: json, atom, jsonfeed.")
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=512, description="The `next_cursor` of your last page.")
    ] = None,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_LIMIT,
            description="Briefings per page (`feed_max_page_size` may cap it lower).",
        ),
    ] = None,
) -> Response:
    """Read the briefings released since your cursor that you may read, oldest release first."""
    settings = cast(BriefingsSettings, platform.settings)
    fmt = negotiate(format, request.headers.get("accept"))
    size = min(limit or settings.feed_page_size, settings.feed_max_page_size)
    # A read that records what it serves: the shares and their event commit with the page.
    async with platform.db.transaction() as session:
        page = await service.serve_feed(
            session, principal=principal, fmt=fmt, cursor=cursor, limit=size
        )
        links = Links(
            feed_url=str(request.url),
            next_url=str(
                request.url.remove_query_params("cursor").include_query_params(
                    cursor=page.next_cursor
                )
            ),
            briefings_url=str(request.url_for("list_briefings")),
        )
        body, media_type = render_page(page, fmt, links)
    headers = {"Link": link_header(request, page.next_cursor) or "", "Vary": "Accept"}
    return Response(body, media_type=media_type, headers=headers)
