"""The stream of events a caller may see, as server-sent events (``text/event-stream``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from pdp_common.events.subjects import FilterError
from pdp_common.identity import Principal
from pdp_common.input_fields import Timestamp
from pdp_common.openapi import problems

from gateway.dependencies import GatewayDep, get_caller
from gateway.events.errors import (
    EventFilterInvalid,
    EventPositionExpired,
    EventPositionInvalid,
    EventStreamsExhausted,
    EventsUnavailable,
)
from gateway.events.filters import EventFilters
from gateway.events.position import check_since, parse_event_id
from gateway.events.response import EventStreamResponse

router = APIRouter(prefix="/events", tags=["events"])

EVENT_EXAMPLE = {
    "id": "42",
    "event": "pdp.incidents.incident.verified.v1",
    "data": '{"specversion":"1.0","id":"0193a4c2-80aa-7f10-8c1d-2b3e4f5a6b7c",'
    '"source":"/pdp/incidents","type":"pdp.incidents.incident.verified.v1",'
    '"time":"2026-12-06T08:00:00Z","datacontenttype":"application/json","data":{}}',
}
# One event of the stream (OpenAPI 3.1 has no ``itemSchema``: ``schema`` describes each event,
# as tools that read event streams take it); heartbeats are comments, position-only blocks have
# no data.
STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: `id` (the position to resume from), `event` (the "
        "CloudEvents type) and `data` (the CloudEvent as JSON on one line); heartbeat comments "
        "between, and blocks with only an `id` where events were left out.",
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "object",
                    "required": ["id", "event", "data"],
                    "properties": {
                        "id": {"type": "string", "pattern": "^[0-9]+$"},
                        "event": {"type": "string"},
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/cloudevents+json",
                        },
                        "retry": {"type": "integer"},
                    },
                },
                "example": EVENT_EXAMPLE,
            }
        },
    },
    **problems(
        EventFilterInvalid,
        EventPositionInvalid,
        EventPositionExpired,
        EventStreamsExhausted,
        EventsUnavailable,
    ),
}


def _filters(types: list[str], countries: list[str], categories: list[str]) -> EventFilters:
    try:
        return EventFilters.of(types=types, countries=countries, categories=categories)
    except FilterError as exc:
        raise EventFilterInvalid(
            str(exc), errors=[{"loc": ["query"], "msg": str(exc), "type": "filter"}]
        ) from exc


@router.get(
    "/stream",
    status_code=200,
    response_class=EventStreamResponse,
    responses=STREAM_RESPONSES,
)
async def stream_events(
    *,
    gateway: GatewayDep,
    caller: Annotated[Principal, Depends(get_caller)],
    types: Annotated[
        list[str] | None,
        Query(alias="type", description="Event types, e.g. pdp.incidents.incident.verified.v1."),
    ] = None,
    countries: Annotated[
        list[str] | None,
        Query(alias="country", description="ISO 3166-1 alpha-3 codes; `_` for none."),
    ] = None,
    categories: Annotated[
        list[str] | None,
        Query(alias="category", description="Threat categories (snake case); `_` for none."),
    ] = None,
    since: Annotated[
        Timestamp | None,
        Query(description="Start with the events stored since this time (RFC 3339, with zone)."),
    ] = None,
    last_event_id: Annotated[
        str | None,
        Query(max_length=20, description="Resume after this event id (as `Last-Event-ID`)."),
    ] = None,
    last_event_id_header: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            max_length=20,
            description="Resume after this event id (sent by EventSource when it reconnects).",
        ),
    ] = None,
) -> EventStreamResponse:
    """Stream the events you may see, as server-sent events; resume with `Last-Event-ID`.

    Filter by event `type`, `country` (ISO 3166-1 alpha-3, `_` for none) and threat `category`
    (each repeatable). Without a position the stream starts with new events, or at `since`.
    """
    filters = _filters(types or [], countries or [], categories or [])
    position = parse_event_id(last_event_id_header or last_event_id)
    stream = await gateway.events.open(
        principal=caller, filters=filters, last_event_id=position, since=check_since(since)
    )
    limits = gateway.events.limits
    return EventStreamResponse(
        stream.chunks(),
        heartbeat_seconds=limits.heartbeat_seconds,
        stall_seconds=limits.stall_seconds,
        on_close=stream.finish,
        on_stall=stream.stalled,
    )
