"""Calls the pulled-feed tests share."""

from __future__ import annotations

from typing import Any

import httpx

from tests.incidents.factories import Callers

URL = "/api/v1/incidents/feeds/sources"


async def register(
    client: httpx.AsyncClient, callers: Callers, url: str, **fields: Any
) -> dict[str, Any]:
    """Register a feed of the test partner; return it."""
    body = {"partner_org": "UNAMA", "url": url} | fields
    response = await client.post(URL, json=body, headers=callers.officer)
    assert response.status_code == 201, response.text
    source: dict[str, Any] = response.json()
    return source


async def fetch(client: httpx.AsyncClient, callers: Callers, source_id: str) -> dict[str, Any]:
    """Fetch a feed now; return the fetch record."""
    response = await client.post(f"{URL}/{source_id}/fetch", headers=callers.officer)
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


async def incident_count(client: httpx.AsyncClient, callers: Callers) -> int:
    """Return how many incidents the Centre sees."""
    response = await client.get("/api/v1/incidents/count", headers=callers.officer)
    count: int = response.json()["count"]
    return count
