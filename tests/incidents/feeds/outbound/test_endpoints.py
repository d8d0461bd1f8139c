"""Accounting: every item served is recorded, listed for the Centre, and announced once per page."""

from __future__ import annotations

import json
from typing import Any

import httpx
import nats
from fastapi import FastAPI
from pdp_common.contracts import feeds as feed_events

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import read_page, share_with
from tests.incidents.helpers import create
from tests.shared.polling import eventually

SHARES = "/api/v1/incidents/feeds/shares"
RECORDED = feed_events.ShareRecorded.event_type


async def share_events(nats_url: str) -> int:
    """Return how many share events the incidents stream holds."""
    nc = await nats.connect(nats_url)
    try:
        try:
            info = await nc.jetstream().stream_info(
                feed_events.STREAM, subjects_filter=f"{RECORDED}.>"
            )
        except nats.js.errors.NotFoundError:
            return 0
        return sum((info.state.subjects or {}).values())
    finally:
        await nc.close()


async def last_share_event(nats_url: str) -> dict[str, Any]:
    """Return the data of the last share event."""
    nc = await nats.connect(nats_url)
    try:
        message = await nc.jetstream().get_last_msg(feed_events.STREAM, f"{RECORDED}.>")
        assert message.data is not None
        data: dict[str, Any] = json.loads(message.data)["data"]
        return data
    finally:
        await nc.close()


class TestAccounting:
    async def test_each_item_served_is_recorded_and_announced_once_per_page(
        self, client: httpx.AsyncClient, callers: Callers, app: FastAPI, nats_url: str
    ) -> None:
        await share_with(app, "OSCE", countries=["KGZ"])
        incidents = [await create(client, callers.analyst, "KGZ") for _ in range(3)]
        await create(client, callers.analyst, "KAZ")
        osce = callers.partner("OSCE")
        first = await read_page(client, osce, limit=2, fmt="atom")
        cursor = first.headers["link"].split("cursor=")[1].split(">")[0]
        await read_page(client, osce, cursor, limit=2, fmt="cap")
        await eventually(lambda: share_events(nats_url), until=lambda n: n == 2)
        event = await last_share_event(nats_url)
        assert event["partner_org"] == "OSCE"
        assert event["format"] == "cap"
        assert event["cursor"] == cursor
        assert event["items"] == [
            {"incident_id": incidents[2]["id"], "version": 1, "kind": "incident"}
        ]

        listed = await client.get(SHARES, params={"partner": "OSCE"}, headers=callers.analyst)
        assert listed.status_code == 200, listed.text
        rows = listed.json()["items"]
        assert [(r["incident_id"], r["format"]) for r in rows] == [
            (incidents[2]["id"], "cap"),
            (incidents[1]["id"], "atom"),
            (incidents[0]["id"], "atom"),
        ]
        assert rows[0]["cursor"] == cursor
        assert rows[2]["cursor"] is None
        one = await client.get(
            SHARES, params={"incident_id": incidents[0]["id"]}, headers=callers.analyst
        )
        assert [r["partner_org"] for r in one.json()["items"]] == ["OSCE"]
        later = await client.get(
            SHARES, params={"since": rows[0]["served_at"]}, headers=callers.analyst
        )
        assert [r["incident_id"] for r in later.json()["items"]] == [incidents[2]["id"]]

    async def test_an_empty_page_records_nothing(
        self, client: httpx.AsyncClient, callers: Callers, nats_url: str
    ) -> None:
        await create(client, callers.analyst, "KGZ")
        page = (await read_page(client, callers.partner("OSCE"))).json()
        assert page["items"] == []
        listed = await client.get(SHARES, headers=callers.analyst)
        assert listed.json()["items"] == []
        assert await share_events(nats_url) == 0

    async def test_partners_may_not_read_the_share_records(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.get(SHARES, headers=callers.partner("OSCE"))
        assert response.status_code == 403, response.text
        assert response.json()["type"].endswith("feed-shares-forbidden")
