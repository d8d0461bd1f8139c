"""Activity changes are published as CloudEvents on the PDP_COUNTRY_TEAMS stream."""

from __future__ import annotations

import json
from typing import Any

import httpx
import nats
from pdp_common.contracts import country_teams as activity_events

from tests.country_teams.factories import create_activity, create_team
from tests.shared.polling import eventually


async def stream_events(url: str) -> list[dict[str, Any]]:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        try:
            info = await js.stream_info(activity_events.STREAM)
        except nats.js.errors.NotFoundError:
            return []
        events = []
        for seq in range(1, int(info.state.messages) + 1):
            message = await js.get_msg(activity_events.STREAM, seq)
            assert message.data is not None
            events.append(json.loads(message.data))
        return events
    finally:
        await nc.close()


class TestActivityEvents:
    async def test_create_and_update_are_announced(
        self,
        client: httpx.AsyncClient,
        staff: dict[str, str],
        service_settings: dict[str, Any],
    ) -> None:
        await create_team(client, staff)
        activity = await create_activity(client, staff)
        response = await client.patch(
            f"/api/v1/activities/{activity['id']}",
            json={"status": "closed", "title": "Renamed"},
            headers=staff | {"If-Match": '"1"'},
        )
        assert response.status_code == 200, response.text
        events = await eventually(
            lambda: stream_events(service_settings["nats_url"]), until=lambda e: len(e) == 2
        )
        created, updated = events
        assert created["type"] == "pdp.country_teams.activity.created.v1"
        assert created["source"] == "/pdp/country_teams"
        assert created["subject"] == activity["id"]
        assert created["data"]["agencies"] == ["UN-WOMEN", "UNDP"]
        assert created["data"]["version"] == 1
        assert updated["type"] == "pdp.country_teams.activity.updated.v1"
        assert updated["data"]["changed"] == ["status", "title"]
        assert updated["data"]["status"] == "closed"
        assert updated["data"]["version"] == 2

    async def test_unchanged_update_announces_nothing(
        self,
        client: httpx.AsyncClient,
        staff: dict[str, str],
        service_settings: dict[str, Any],
    ) -> None:
        await create_team(client, staff)
        activity = await create_activity(client, staff)
        response = await client.patch(
            f"/api/v1/activities/{activity['id']}",
            json={"title": activity["title"]},
            headers=staff | {"If-Match": '"1"'},
        )
        assert response.headers["etag"] == '"1"'
        await create_activity(client, staff, title="Marker")
        events = await eventually(
            lambda: stream_events(service_settings["nats_url"]), until=lambda e: len(e) == 2
        )
        assert [e["type"].rsplit(".", 2)[-2] for e in events] == ["created", "created"]
