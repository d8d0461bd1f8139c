"""Small helpers shared by the incidents tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

from tests.incidents.factories import Callers, incident_payload

T = TypeVar("T")


async def create(
    client: httpx.AsyncClient, headers: dict[str, str], country: str = "KGZ", **fields: Any
) -> dict[str, Any]:
    """Create an incident with ``headers`` and return it."""
    response = await client.post(
        "/api/v1/incidents", json=incident_payload(country, **fields), headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def move(
    client: httpx.AsyncClient, headers: dict[str, str], incident_id: str, status: str
) -> httpx.Response:
    """Ask for a workflow transition."""
    return await client.post(
        f"/api/v1/incidents/{incident_id}/transitions",
        json={"status": status, "reason": f"moving to {status}"},
        headers=headers,
    )


async def verified(client: httpx.AsyncClient, callers: Callers, **fields: Any) -> dict[str, Any]:
    """Create an incident and take it to verified."""
    created = await create(client, callers.analyst, **fields)
    for status in ("under_review", "verified"):
        response = await move(client, callers.officer, created["id"], status)
        assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def eventually(check: Callable[[], Awaitable[T | None]], timeout: float = 10.0) -> T:
    """Poll ``check`` until it returns a truthy value, failing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met before the deadline")
