"""The public event catalogue: ``GET /events/schemas/{event_type}``, the URI every event's
CloudEvents ``dataschema`` attribute names (see ``docs/events.md``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from pdp_common.events.dataschema import SCHEMA_PATH

from gateway.catalogue import service as catalogue_service

router = APIRouter(prefix=SCHEMA_PATH, tags=["events"])

SCHEMA_JSON = "application/schema+json"
CACHE_CONTROL = "public, max-age=3600"


@router.get("/{event_type}", include_in_schema=False)
async def read_event_schema(
    event_type: str, if_none_match: Annotated[str | None, Header()] = None
) -> Response:
    """Return the JSON Schema (2020-12) of an event type's data; public and cacheable."""
    rendered = catalogue_service.get_schema(event_type=event_type)
    headers = {"ETag": rendered.etag, "Cache-Control": CACHE_CONTROL}
    if if_none_match is not None and _matches(if_none_match, rendered.etag):
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type=SCHEMA_JSON, headers=headers)


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags
