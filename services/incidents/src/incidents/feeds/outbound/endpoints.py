"""HTTP endpoints of the outbound feed (partners) and of the record of shares (Centre staff)."""

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

from incidents.feeds.outbound import rendering, service
from incidents.feeds.outbound.errors import FeedFormatNotAcceptable, FeedSharesForbidden
from incidents.feeds.outbound.schemas import FeedPageRead, FeedShareRead
from incidents.feeds.outbound.vocabulary import FeedFormat, negotiate
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/incidents/feeds", tags=["feeds"])

FEED_CONTENT: dict[str, Any] = {
    "application/geo+json": {"schema": {"type": "object"}},
    "application/feed+json": {"schema": {"type": "object"}},
    "application/atom+xml": {"schema": {"type": "string"}},
}


def _next_url(request: Request, cursor: str) -> str:
    return str(request.url.remove_query_params("cursor").include_query_params(cursor=cursor))


@router.get(
    "/outbound",
    response_model=FeedPageRead,
    responses={
        200: {
            "description": "The changes since `cursor` in the format asked (JSON below; GeoJSON, "
            "JSON Feed 1.1, Atom, or CAP 1.2 alerts in an Atom feed).",
            "content": FEED_CONTENT,
        },
        **problems(FeedFormatNotAcceptable, InvalidCursor),
    },
)
async def read_outbound_feed(
    *,
    request: Request,
    platform: PlatformDep,
    principal: PrincipalDep,
    format: Annotated[
        FeedFormat | None,
        Query(description="Overrides Accept: json, geojson, atom, jsonfeed, cap."),
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=512, description="The `next_cursor` of your last page.")
    ] = None,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_LIMIT,
            description="Entries per page (the operator's `feed_max_page_size` may cap it lower).",
        ),
    ] = None,
) -> Response:
    """Read what changed since your cursor among the incidents your agreement shares with you."""
    settings = cast(IncidentsSettings, platform.settings)
    fmt = negotiate(format, request.headers.get("accept"))
    size = min(limit or settings.feed_page_size, settings.feed_max_page_size)
    # A read that records what it serves: the shares and their event commit with the page.
    async with platform.db.transaction() as session:
        page = await service.serve_feed(
            session, principal=principal, fmt=fmt, cursor=cursor, limit=size
        )
    next_url = _next_url(request, page.next_cursor)
    body, media_type = rendering.render(
        page,
        fmt,
        feed_url=str(request.url),
        next_url=next_url,
        cap_sender=settings.feed_cap_sender,
    )
    headers = {"Link": link_header(request, page.next_cursor) or "", "Vary": "Accept"}
    return Response(body, media_type=media_type, headers=headers)


@router.get(
    "/shares",
    response_model=Page[FeedShareRead],
    responses=problems(FeedSharesForbidden, InvalidCursor),
)
async def list_feed_shares(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
    partner: Annotated[str | None, Query(max_length=32, description="Partner org code.")] = None,
    incident_id: Annotated[uuid.UUID | None, Query(description="One incident.")] = None,
    since: Annotated[Timestamp | None, Query(description="Served at or after.")] = None,
) -> Response:
    """List what was served to partners through the outbound feed, newest first (Centre staff)."""
    shares, next_cursor = await service.list_shares(
        session,
        principal=principal,
        partner=partner,
        incident_id=incident_id,
        since=since,
        paging=paging,
    )
    items = [FeedShareRead.model_validate(s) for s in shares]
    return page_response(request, items, next_cursor)
