"""Helpers of the outbound feed tests: a partner's terms, and reading the feed to its end."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from incidents.models import sharing

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
