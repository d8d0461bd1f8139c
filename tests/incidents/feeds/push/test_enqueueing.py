"""Incident events become signed deliveries to the partner webhooks that may receive them, on
SQLite and PostgreSQL, with a real receiver on 127.0.0.1 that verifies each signature with the
independent standardwebhooks library."""

from __future__ import annotations

import json

import httpx
from fastapi import FastAPI
from incidents.models import sharing
from pdp_common.webhook_delivery import DeliveryWorker
from standardwebhooks.webhooks import Webhook

from tests.incidents.factories import Callers
from tests.incidents.feeds.outbound.helpers import share_with
from tests.incidents.feeds.push.helpers import deliver, deliveries_of, register, stored
from tests.incidents.helpers import create, move, verified
from tests.shared.partner_server import PartnerServer
from tests.shared.polling import eventually
from tests.shared.sharing_events import agreement, apply, consent, withdrawal
from tests.shared.webhook_delivery.endpoints import Clock


class TestDelivery:
    async def test_a_shareable_incident_is_delivered_signed_and_its_share_recorded(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        receiver: PartnerServer,
        worker: DeliveryWorker,
        clock: Clock,
    ) -> None:
        await share_with(app, "OSCE")
        hook = await register(client, callers, receiver.url("/verified-hook"))
        assert hook["secret"].startswith("whsec_")
        receiver.webhook_secret = hook["secret"]
        incident = await create(client, callers.analyst, "KGZ")
        await deliveries_of(app, hook["id"], 1)
        assert await deliver(worker, clock) >= 1
        request = receiver.verified[0]
        Webhook(hook["secret"]).verify(request.body, request.headers)
        document = json.loads(request.body)
        (entry,) = document["items"]
        assert entry["kind"] == "incident"
        assert entry["id"] == incident["id"]
        assert "sources" not in entry["incident"]
        (row, *_) = await stored(app, hook["id"])
        assert row.status == "delivered"
        assert request.headers["webhook-id"] == row.message_id
        shares = await client.get(
            "/api/v1/incidents/feeds/shares",
            params={"partner": "OSCE", "incident_id": incident["id"]},
            headers=callers.officer,
        )
        assert shares.status_code == 200, shares.text
        assert shares.json()["items"][0]["kind"] == "incident"
        log = await client.get(
            f"/api/v1/incidents/feeds/webhooks/{hook['id']}/deliveries", headers=callers.officer
        )
        assert log.status_code == 200, log.text
        assert log.json()["items"][0]["status"] == "delivered"

    async def test_an_item_outside_the_agreement_is_never_delivered(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        receiver: PartnerServer,
        worker: DeliveryWorker,
        clock: Clock,
    ) -> None:
        await share_with(app, "OSCE", countries=["KGZ"], max_sensitivity="internal")
        other = await register(client, callers, receiver.url("/hook"), partner_org="OCHA")
        hook = await register(client, callers, receiver.url("/hook"))
        hidden = [
            await create(client, callers.analyst, "KAZ"),
            await create(client, callers.analyst, "KGZ", sensitivity="confidential"),
        ]
        shown = await create(client, callers.analyst, "KGZ")
        (row,) = await deliveries_of(app, hook["id"], 1)
        await deliver(worker, clock)
        bodies = b"".join(r.body for r in receiver.received)
        assert shown["reference"].encode() in bodies
        for incident in hidden:
            assert incident["id"].encode() not in bodies
            assert incident["reference"].encode() not in bodies
        assert await stored(app, other["id"]) == []
        assert row.event_type == "pdp.incidents.feed.item.v1"

    async def test_a_retraction_delivers_a_tombstone(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        receiver: PartnerServer,
        worker: DeliveryWorker,
        clock: Clock,
    ) -> None:
        await share_with(app, "OSCE")
        hook = await register(client, callers, receiver.url("/hook"), format="geojson")
        incident = await verified(client, callers, country="KGZ")
        await deliveries_of(app, hook["id"], 3)
        retracted = await move(client, callers.officer, incident["id"], "retracted")
        assert retracted.status_code == 200, retracted.text
        rows = await deliveries_of(app, hook["id"], 4)
        await deliver(worker, clock)
        last = json.loads(rows[-1].payload)
        assert rows[-1].event_type == "pdp.incidents.feed.tombstone.v1"
        assert rows[-1].content_type == "application/geo+json"
        assert b"retracted" in rows[-1].payload
        assert incident["id"] in json.dumps(last)
        assert any(b"retracted" in r.body for r in receiver.received)

    async def test_a_withdrawn_consent_sends_a_withdrawn_tombstone(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        receiver: PartnerServer,
    ) -> None:
        given = consent("KGZ", "OSCE")
        await apply(app, sharing, agreement("OSCE", countries=["KGZ"], formats=["json"]), given)
        hook = await register(client, callers, receiver.url("/hook"))
        incident = await create(client, callers.analyst, "KGZ")
        await deliveries_of(app, hook["id"], 1)
        await apply(app, sharing, withdrawal(given))
        edited = await client.patch(
            f"/api/v1/incidents/{incident['id']}",
            json={"title": "Border crowd dispersed"},
            headers={**callers.analyst, "If-Match": f'"{incident["version"]}"'},
        )
        assert edited.status_code == 200, edited.text
        rows = await eventually(
            lambda: stored(app, hook["id"]),
            until=lambda rows: any(b"withdrawn" in r.payload for r in rows),
        )
        assert b"Border crowd dispersed" not in rows[-1].payload

    async def test_a_disabled_webhook_gets_nothing_queued(
        self,
        client: httpx.AsyncClient,
        callers: Callers,
        app: FastAPI,
        receiver: PartnerServer,
    ) -> None:
        await share_with(app, "OSCE")
        off = await register(client, callers, receiver.url("/hook"), enabled=False)
        on = await register(client, callers, receiver.url("/hook"), format="cap")
        await create(client, callers.analyst, "KGZ")
        (row,) = await deliveries_of(app, on["id"], 1)
        assert row.content_type == "application/atom+xml"
        assert b"urn:oasis:names:tc:emergency:cap:1.2" in row.payload
        assert await stored(app, off["id"]) == []
