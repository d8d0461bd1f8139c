"""HTTP endpoint of the briefings feed (under /api/v1)."""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, Query, Request, Response
from pdp_common.dependencies import PlatformDep, PrincipalDep
from pdp_common.openapi import problems
from pdp_common.pagination import InvalidCursor, link_header

from briefings.feed import service
from briefings.feed.errors import BriefingFeedFormatNotAcceptable
from briefings.feed.rendering import Links, render_page
from briefings.feed.schemas import BriefingFeedPageRead
from briefings.feed.vocabulary import BriefingFeedFormat, negotiate
from briefings.settings import BriefingsSettings

router = APIRouter(prefix="/briefings", tags=["briefings"])

FEED_CONTENT: dict[str, Any] = {
    "application/feed+json": {"schema": {"type": "object"}},
    "application/atom+xml": {"schema": {"type": "string"}},
}


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
    limit: Annotated[int | None, Query(ge=1, description="Briefings per page.")] = None,
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
