"""Hostile batches over HTTP: refused whole with an RFC 9457 problem, nothing stored."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi import FastAPI
from incidents.models import sharing

from tests.incidents.factories import Callers
from tests.incidents.feeds.inbound import samples
from tests.incidents.feeds.inbound.samples import PARTNER
from tests.incidents.feeds.inbound.test_xml import HOSTILE
from tests.shared.sharing_events import agreement, apply

URL = "/api/v1/incidents/feeds/items"
CASES: dict[str, tuple[str, bytes, int, str]] = {
    **{
        f"cap-{name}": ("application/cap+xml", body, 422, "feed-items-invalid")
        for name, body in HOSTILE.items()
    },
    **{
        f"atom-{name}": ("application/atom+xml", body, 422, "feed-items-invalid")
        for name, body in HOSTILE.items()
    },
    "deep-json": ("application/json", b'{"items": ' + b"[" * 200 + b"]" * 200 + b"}", 413,
                  "body-too-complex"),
    "deep-geojson": ("application/geo+json", b"[" * 200 + b"]" * 200, 413, "body-too-complex"),
    "too-many-items": ("application/json",
                       samples.json_batch(*[samples.json_item(f"m-{n}") for n in range(501)]),
                       413, "feed-items-too-large"),
    "oversize": ("text/csv", b"event_id_cnty\n" + b"x" * (1_048_576 + 10), 413,
                 "feed-items-too-large"),
    "unknown-format": ("application/xml", b"<x/>", 415, "feed-items-media-type"),
    "no-format": ("", b"{}", 415, "feed-items-media-type"),
    "not-a-batch": ("application/json", json.dumps([1, 2]).encode(), 422, "feed-items-invalid"),
    "nan": ("application/json", b'{"items": [{"id": "n", "latitude": NaN}]}', 400,
            "malformed-body"),
}  # fmt: skip


@pytest.fixture
async def partner(app: FastAPI, client: httpx.AsyncClient, callers: Callers) -> dict[str, str]:
    """Return the headers of a partner with an agreement in force."""
    await apply(app, sharing, agreement(PARTNER, countries=["AFG"]))
    return callers.partner(PARTNER)


class TestHostileBatches:
    @pytest.mark.parametrize("case", sorted(CASES))
    async def test_refused_and_nothing_stored(
        self, client: httpx.AsyncClient, callers: Callers, partner: dict[str, str], case: str
    ) -> None:
        media, body, status, code = CASES[case]
        headers = partner | ({"content-type": media} if media else {})
        response = await client.post(URL, content=body, headers=headers)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"].endswith(f"/{code}"), response.text
        count = await client.get("/api/v1/incidents/count", headers=callers.officer)
        assert count.json()["count"] == 0
