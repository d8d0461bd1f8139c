"""Calls the pulled-feed tests share."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from incidents.feeds.pull.worker import PullWorker

from tests.incidents.factories import Callers
from tests.incidents.feeds.pull.conftest import pull_settings

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


async def queue_fetch(
    client: httpx.AsyncClient, callers: Callers, source_id: str
) -> tuple[dict[str, Any], str]:
    """Ask for a fetch of a feed now; return the queued fetch and its Location."""
    response = await client.post(f"{URL}/{source_id}/fetch", headers=callers.officer)
    assert response.status_code == 202, response.text
    queued: dict[str, Any] = response.json()
    assert queued["status"] == "queued"
    return queued, response.headers["location"]


async def fetch(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, source_id: str
) -> dict[str, Any]:
    """Fetch a feed now: queue the fetch, let a worker run it; return the ended record."""
    _queued, location = await queue_fetch(client, callers, source_id)
    replica = PullWorker(app.state.platform.db, pull_settings(app), owner="replica-test")
    try:
        assert await replica.run_once() is not None
    finally:
        await replica.client.aclose()
    response = await client.get(location, headers=callers.officer)
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    assert record["status"] not in ("queued", "running"), record
    return record


async def incident_count(client: httpx.AsyncClient, callers: Callers) -> int:
    """Return how many incidents the Centre sees."""
    response = await client.get("/api/v1/incidents/count", headers=callers.officer)
    count: int = response.json()["count"]
    return count
