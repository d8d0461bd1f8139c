"""Helpers of the briefings tests."""

from __future__ import annotations

from typing import Any

import httpx

BRIEFINGS = "/api/v1/briefings"


async def create_briefing(
    client: httpx.AsyncClient, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    """Draft a briefing and return it."""
    body = {"kind": "daily_situation_brief"} | fields
    response = await client.post(BRIEFINGS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def step(
    client: httpx.AsyncClient, headers: dict[str, str], briefing: dict[str, Any], action: str
) -> dict[str, Any]:
    """Take one workflow step on the briefing's current version and return the result."""
    response = await client.post(
        f"{BRIEFINGS}/{briefing['id']}/transitions",
        json={"action": action},
        headers=headers | {"If-Match": f'"{briefing["version"]}"'},
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def released(
    client: httpx.AsyncClient,
    *,
    analyst: dict[str, str],
    officer: dict[str, str],
    head: dict[str, str],
    **fields: Any,
) -> dict[str, Any]:
    """Draft, review, clear and release a briefing; return it."""
    briefing = await create_briefing(client, analyst, **fields)
    briefing = await step(client, officer, briefing, "review")
    briefing = await step(client, head, briefing, "clear")
    return await step(client, officer, briefing, "release")
