"""The stream of events a caller may see, as server-sent events (``text/event-stream``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from pdp_common.events.subjects import FilterError
from pdp_common.identity import Principal

from gateway.dependencies import GatewayDep, get_caller
from gateway.events.errors import EventFilterInvalid
from gateway.events.filters import EventFilters
from gateway.events.position import check_since, parse_event_id
from gateway.events.response import EventStreamResponse

router = APIRouter(prefix="/events", tags=["events"])

STREAM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: `id` (the position to resume from), `event` (the "
        "CloudEvents type) and `data` (the CloudEvent as JSON); heartbeat comments between.",
        "content": {
            "text/event-stream": {
                "schema": {"type": "string"},
                "example": "retry: 3000\n\nid: 42\nevent: pdp.incidents.incident.verified.v1\n"
                'data: {"specversion":"1.0","id":"...","type":"pdp.incidents.incident.verified.v1"'
                ',"source":"/pdp/incidents","time":"2026-12-06T08:00:00Z","data":{...}}\n\n'
                ": heartbeat\n\n",
            }
        },
    },
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
    types: Annotated[list[str] | None, Query(alias="type")] = None,
    countries: Annotated[list[str] | None, Query(alias="country")] = None,
    categories: Annotated[list[str] | None, Query(alias="category")] = None,
    since: datetime | None = None,
    last_event_id: Annotated[str | None, Query()] = None,
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
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
