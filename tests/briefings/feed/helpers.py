"""Helpers of the briefings feed tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.briefings.conftest import Headers

FEED = "/api/v1/briefings/feed"


async def read_page(
    client: httpx.AsyncClient,
    headers: Headers,
    *,
    fmt: str = "json",
    cursor: str | None = None,
    limit: int | None = None,
) -> httpx.Response:
    """Read one page of the feed and check it answered."""
    params: dict[str, Any] = {"format": fmt}
    if cursor is not None:
        params["cursor"] = cursor
    if limit is not None:
        params["limit"] = limit
    response = await client.get(FEED, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response


async def read_all(
    client: httpx.AsyncClient, headers: Headers, *, limit: int, cursor: str | None = None
) -> tuple[list[str], str]:
    """Follow the feed page by page to its end; return the briefing ids in order and the cursor."""
    ids: list[str] = []
    while True:
        page = (await read_page(client, headers, cursor=cursor, limit=limit)).json()
        assert len(page["items"]) <= limit
        ids += [item["briefing"]["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            assert cursor is not None
            return ids, cursor
