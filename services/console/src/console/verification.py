"""The verification queue and one incident's verification page, read through the API."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

from console.gateway_client import GatewayClient
from console.session import Viewer
from console.vocabulary import AWAITING, offered_transitions

INCIDENTS = "/api/v1/incidents"


def queue_order(incidents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order awaiting incidents most severe first, then newest recorded first."""
    by_newest = sorted(incidents, key=lambda i: str(i["created_at"]), reverse=True)
    return sorted(by_newest, key=lambda i: int(i["severity"]), reverse=True)


async def load_queue(client: GatewayClient, viewer: Viewer, *, limit: int) -> list[dict[str, Any]]:
    """Return the incidents awaiting verification that the viewer may see."""
    answer = await client.get(
        INCIDENTS,
        token=viewer.token,
        params={"status": list(AWAITING), "sort": "-created_at", "limit": limit},
    )
    return queue_order(list(answer.body["items"]))


@dataclass(frozen=True)
class IncidentPage:
    """An incident with its timeline, its ETag and the transitions offered to the viewer."""

    incident: dict[str, Any]
    timeline: list[dict[str, Any]]
    etag: str
    transitions: list[str]


async def load_incident(
    client: GatewayClient, viewer: Viewer, incident_id: uuid.UUID
) -> IncidentPage:
    """Read an incident and its timeline as the viewer (ApiProblem 404 when hidden)."""
    read, timeline = await asyncio.gather(
        client.get(f"{INCIDENTS}/{incident_id}", token=viewer.token),
        client.get(f"{INCIDENTS}/{incident_id}/timeline", token=viewer.token),
    )
    incident: dict[str, Any] = read.body
    return IncidentPage(
        incident=incident,
        timeline=list(timeline.body),
        etag=read.etag or f'"{incident["version"]}"',
        transitions=offered_transitions(str(incident["status"]), viewer.roles),
    )


async def move_incident(
    client: GatewayClient,
    viewer: Viewer,
    incident_id: uuid.UUID,
    *,
    status: str,
    reason: str,
    etag: str,
) -> dict[str, Any]:
    """Ask the workflow API to move the incident, only if it is still at ``etag``."""
    answer = await client.post(
        f"{INCIDENTS}/{incident_id}/transitions",
        token=viewer.token,
        json={"status": status, "reason": reason},
        headers={"If-Match": etag},
    )
    moved: dict[str, Any] = answer.body
    return moved
