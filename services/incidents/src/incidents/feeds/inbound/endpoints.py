"""HTTP endpoint of the inbound feed: a partner pushes a batch of items."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import APIRouter, Header, Request
from pdp_common.dependencies import PlatformDep, PrincipalDep, SessionDep
from pdp_common.openapi import problems

from incidents.feeds.inbound import examples, parsing, service
from incidents.feeds.inbound.errors import (
    FeedItemsConcurrent,
    FeedItemsInvalid,
    FeedItemsMediaType,
    FeedItemsTooLarge,
    FeedPartnerForbidden,
)
from incidents.feeds.inbound.permissions import require_partner
from incidents.feeds.inbound.schemas import FeedItemsReport
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/incidents/feeds", tags=["feeds"])


async def read_capped(request: Request, limit: int) -> bytes:
    """Return the request body, refusing it once it grows past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise FeedItemsTooLarge(f"A feed batch holds at most {limit} bytes; split it.")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/items",
    response_model=FeedItemsReport,
    responses=problems(
        FeedPartnerForbidden,
        FeedItemsInvalid,
        FeedItemsMediaType,
        FeedItemsTooLarge,
        FeedItemsConcurrent,
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "required": ["items"]},
                    "example": examples.FEED_ITEMS_JSON,
                },
                "application/geo+json": {
                    "schema": {"type": "object"},
                    "example": examples.FEED_ITEMS_GEOJSON,
                },
                "application/cap+xml": {
                    "schema": {"type": "string"},
                    "example": examples.FEED_ITEMS_CAP,
                },
                "application/atom+xml": {
                    "schema": {"type": "string"},
                    "example": examples.FEED_ITEMS_ATOM,
                },
                "text/csv": {"schema": {"type": "string"}, "example": examples.FEED_ITEMS_CSV},
            },
        }
    },
)
async def receive_feed_items(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    platform: PlatformDep,
    content_type: Annotated[str, Header()] = "",
) -> FeedItemsReport:
    """Take a partner's batch of items (JSON, GeoJSON, CAP 1.2, Atom or ACLED CSV); report each."""
    settings = cast(IncidentsSettings, platform.settings)
    await require_partner(session, principal)
    media = parsing.media_type_of(content_type)
    body = await read_capped(request, settings.feed_inbound_max_body_bytes)
    items = parsing.parse_items(
        body,
        media=media,
        partner_org=principal.org,
        limits=settings.json_limits(),
        max_items=settings.feed_inbound_max_items,
    )
    return await service.receive_items(session, principal=principal, items=items, settings=settings)
