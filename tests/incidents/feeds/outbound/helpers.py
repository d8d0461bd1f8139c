"""Helpers of the outbound feed tests: a partner's terms, and reading the feed to its end."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from incidents.models import sharing

from tests.incidents.factories import Callers
from tests.incidents.helpers import create, move, verified
from tests.shared.sharing_events import agreement, apply, consent

FEED = "/api/v1/incidents/feeds/outbound"
ALL_FORMATS = ["json", "geojson", "atom", "json_feed", "cap"]


async def share_with(app: FastAPI, partner: str, **fields: Any) -> None:
    """Give ``partner`` an agreement listing every feed format (``fields`` override), and KGZ's
    and KAZ's consent."""
    terms = agreement(partner, **{"formats": ALL_FORMATS} | fields)
    await apply(app, sharing, terms, consent("KGZ", partner), consent("KAZ", partner))


async def read_page(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    cursor: str | None = None,
    limit: int = 100,
    fmt: str = "json",
) -> httpx.Response:
    """Fetch one page of the feed."""
    params: dict[str, Any] = {"format": fmt, "limit": limit}
    if cursor is not None:
        params["cursor"] = cursor
    response = await client.get(FEED, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response


async def read_all(
    client: httpx.AsyncClient, headers: dict[str, str], cursor: str | None = None, limit: int = 100
) -> tuple[list[dict[str, Any]], str]:
    """Read JSON pages until the feed has nothing more; return the entries and the last cursor."""
    entries: list[dict[str, Any]] = []
    while True:
        page = (await read_page(client, headers, cursor, limit)).json()
        entries += page["items"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            assert cursor is not None
            return entries, cursor


async def mixed_feed(
    client: httpx.AsyncClient, callers: Callers, app: FastAPI
) -> dict[str, dict[str, Any]]:
    """Share KGZ and AFG with OSCE and record a new, a corrected, a retracted and a merged
    incident; return them by name."""
    await share_with(app, "OSCE", countries=["KGZ", "AFG"])
    fresh = await create(client, callers.analyst, "KGZ", title="Crowd at <the> border & gate")
    corrected = await verified(client, callers, country="AFG")
    assert (await move(client, callers.officer, corrected["id"], "corrected")).status_code == 200
    retracted = await verified(client, callers, country="KGZ")
    assert (await move(client, callers.officer, retracted["id"], "retracted")).status_code == 200
    survivor = await create(client, callers.analyst, "AFG", category="border_incident")
    duplicate = await create(
        client, callers.analyst, "AFG", category="border_incident", latitude=36.75, longitude=67.15
    )
    merged = await client.post(
        f"/api/v1/incidents/{survivor['id']}/merge",
        json={"duplicate_ids": [duplicate["id"]], "reason": "same clash"},
        headers=callers.analyst,
    )
    assert merged.status_code == 200, merged.text
    return {
        "fresh": fresh,
        "corrected": corrected,
        "retracted": retracted,
        "survivor": survivor,
        "duplicate": duplicate,
    }
