"""Engagements: recording, clearance, follow-ups and the overdue checker's one-time events."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import httpx
import nats
from fastapi import FastAPI
from organizations.engagements.checker import OverdueChecker
from pdp_common.contracts import organizations as org_events
from pdp_common.identity import Role

from tests.organizations.conftest import Callers, register, wait_for

URL = "/api/v1/engagements"
OVERDUE = "pdp.organizations.follow_up.overdue.v2"


async def engagement(client: httpx.AsyncClient, callers: Callers, **extra: Any) -> dict[str, Any]:
    today = date.today()
    body = {
        "kind": "meeting",
        "title": "Consultation on water allocation",
        "occurred_at": "2026-03-10T09:00:00+00:00",
        "place": "Bishkek",
        "countries": ["KGZ", "TJK"],
        "topics": ["water_energy_dispute"],
        "organizations": ["MFA-KGZ"],
        "participants": [
            {"name": "Head of Centre", "side": "ours"},
            {"name": "Deputy Minister", "side": "theirs", "organization_code": "MFA-KGZ"},
        ],
        "follow_ups": [
            {
                "action": "Send the draft schedule",
                "owner": "Officer A",
                "due_on": (today - timedelta(days=2)).isoformat(),
            },
            {
                "action": "Plan the next round",
                "owner": "Officer B",
                "due_on": (today + timedelta(days=10)).isoformat(),
            },
        ],
    } | extra
    response = await client.post(URL, json=body, headers=callers.officer)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def overdue_events(nats_url: str) -> int:
    nc = await nats.connect(nats_url)
    try:
        info = await nc.jetstream().stream_info(org_events.STREAM, subjects_filter=f"{OVERDUE}.>")
        return sum((info.state.subjects or {}).values())
    finally:
        await nc.close()


async def last_overdue_event(nats_url: str) -> dict[str, Any]:
    nc = await nats.connect(nats_url)
    try:
        message = await nc.jetstream().get_last_msg(org_events.STREAM, f"{OVERDUE}.>")
        assert message.data is not None
        event: dict[str, Any] = json.loads(message.data)
        return event
    finally:
        await nc.close()


class TestEngagements:
    async def test_record_and_filter(self, client: httpx.AsyncClient, callers: Callers) -> None:
        await register(client, callers.officer, "MFA-KGZ", kind="ministry")
        created = await engagement(client, callers)
        assert [f["is_overdue"] for f in created["follow_ups"]] == [True, False]
        found = await client.get(
            URL, params={"country": "TJK", "topic": "water_energy_dispute"}, headers=callers.analyst
        )
        assert [e["id"] for e in found.json()["items"]] == [created["id"]]
        none = await client.get(URL, params={"organization": "OSCE"}, headers=callers.analyst)
        assert none.json()["items"] == []

    async def test_unregistered_organization_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.post(
            URL,
            json={
                "kind": "visit",
                "title": "x",
                "occurred_at": "2026-03-10T09:00:00+00:00",
                "organizations": ["NOPE"],
            },
            headers=callers.officer,
        )
        assert response.status_code == 422, response.text

    async def test_clearance_hides_sensitive_engagements(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "MFA-KGZ", kind="ministry")
        secret = await engagement(client, callers, kind="demarche", sensitivity="confidential")
        low = callers.as_("UNRCCA", Role.ANALYST, clearance="internal")
        assert (await client.get(f"{URL}/{secret['id']}", headers=low)).status_code == 404
        assert (await client.get(URL, headers=low)).json()["items"] == []
        assert (
            await client.get(f"{URL}/{secret['id']}", headers=callers.officer)
        ).status_code == 200

    async def test_partners_do_not_read_engagements(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        assert (await client.get(URL, headers=callers.partner("OSCE"))).status_code == 403

    async def test_follow_up_status_and_etag(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "MFA-KGZ", kind="ministry")
        created = await engagement(client, callers)
        late = created["follow_ups"][0]
        url = f"{URL}/{created['id']}/follow-ups/{late['id']}"
        done = await client.patch(
            url, json={"status": "done"}, headers=callers.officer | {"If-Match": '"1"'}
        )
        assert done.status_code == 200, done.text
        assert done.json()["is_overdue"] is False
        overdue = await client.get(f"{URL}/follow-ups/overdue", headers=callers.analyst)
        assert overdue.json()["items"] == []


class TestOverdueChecker:
    async def test_each_overdue_follow_up_is_announced_once(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, nats_url: str
    ) -> None:
        await register(client, callers.officer, "MFA-KGZ", kind="ministry")
        created = await engagement(client, callers)
        listed = await client.get(f"{URL}/follow-ups/overdue", headers=callers.analyst)
        assert [f["id"] for f in listed.json()["items"]] == [created["follow_ups"][0]["id"]]
        checker = OverdueChecker(app.state.platform.db, interval=60)
        assert await checker.check_once() == 1
        assert await checker.check_once() == 0
        assert await wait_for(lambda: overdue_events(nats_url)) == 1
        read = await client.get(f"{URL}/{created['id']}", headers=callers.analyst)
        assert read.json()["follow_ups"][0]["overdue_announced_at"] is not None

    async def test_the_event_carries_routing_facts_never_the_action_or_its_owner(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers, nats_url: str
    ) -> None:
        await register(client, callers.officer, "MFA-KGZ", kind="ministry")
        created = await engagement(client, callers, kind="demarche", sensitivity="confidential")
        late = created["follow_ups"][0]
        assert await OverdueChecker(app.state.platform.db, interval=60).check_once() == 1
        assert await wait_for(lambda: overdue_events(nats_url)) == 1
        event = await last_overdue_event(nats_url)
        assert event["type"] == OVERDUE
        assert event["subject"] == late["id"]
        data = event["data"]
        assert data == {
            "follow_up_id": late["id"],
            "engagement_id": created["id"],
            "countries": ["KGZ", "TJK"],
            "topics": ["water_energy_dispute"],
            "sensitivity": "confidential",
            "due_on": late["due_on"],
            "detected_at": data["detected_at"],
        }
        text = json.dumps(event)
        assert "Send the draft schedule" not in text
        assert "Officer A" not in text

    async def test_a_new_due_date_is_announced_again_when_it_passes(
        self, app: FastAPI, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "MFA-KGZ", kind="ministry")
        created = await engagement(client, callers)
        checker = OverdueChecker(app.state.platform.db, interval=60)
        assert await checker.check_once() == 1
        late = created["follow_ups"][0]
        url = f"{URL}/{created['id']}/follow-ups/{late['id']}"
        moved = (date.today() - timedelta(days=1)).isoformat()
        response = await client.patch(
            url, json={"due_on": moved}, headers=callers.officer | {"If-Match": '"2"'}
        )
        assert response.status_code == 200, response.text
        assert await checker.check_once() == 1

    async def test_the_lifespan_task_announces(
        self, service_settings: dict[str, Any], callers: Callers, nats_url: str
    ) -> None:
        from organizations.main import create_app
        from organizations.settings import OrganizationsSettings
        from pdp_common.testing.apps import running

        app = create_app(OrganizationsSettings(**service_settings, follow_up_check_seconds=0.1))
        async with running(app) as client:
            await register(client, callers.officer, "MFA-KGZ", kind="ministry")
            await engagement(client, callers)
            assert await wait_for(lambda: overdue_events(nats_url)) == 1
