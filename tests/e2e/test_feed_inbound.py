"""Through the gateway, a partner with an agreement pushes situation items with its API key;
the items become incidents it can read, a replay changes nothing, and a partner without an
agreement is refused. Real services, NATS and databases."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import Platform, platform
from tests.incidents.feeds.inbound import samples
from tests.shared.polling import eventually

FEED = "/api/v1/incidents/feeds/items"
LONG_AGO = (datetime.now(UTC) - timedelta(days=365)).isoformat()


async def _agree(client: Platform, head: dict[str, str]) -> None:
    """Record UNAMA and its agreement on Afghanistan in the organizations service."""
    organization = {"code": "UNAMA", "kind": "un_entity", "name": "UNAMA"}
    response = await client.client.post("/api/v1/organizations", json=organization, headers=head)
    assert response.status_code == 201, response.text
    agreement = {
        "partner_org": "UNAMA",
        "title": "Situation exchange with UNAMA",
        "countries": ["AFG"],
        "categories": ["border_incident", "water_energy_dispute"],
        "max_sensitivity": "internal",
        "embargo_hours": 0,
        "formats": ["json"],
        "valid_from": LONG_AGO,
    }
    response = await client.client.post("/api/v1/agreements", json=agreement, headers=head)
    assert response.status_code == 201, response.text


async def _push(client: Platform, headers: dict[str, str], body: bytes) -> httpx.Response:
    return await client.client.post(
        FEED, content=body, headers=headers | {"Content-Type": "application/json"}
    )


class TestPartnerPushesThroughTheGateway:
    async def test_items_become_incidents_once(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as client:
            head = await client.key(
                Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
            )
            unama = await client.key(Role.PARTNER, org="UNAMA", clearance=Clearance.INTERNAL)
            body = samples.json_batch(samples.json_item("e2e-1", version=1))
            refused = await _push(client, unama, body)
            assert refused.status_code == 403, refused.text  # no agreement yet

            await _agree(client, head)

            async def pushed() -> httpx.Response:
                return await _push(client, unama, body)

            accepted = await eventually(pushed, until=lambda r: r.status_code == 200)
            report: dict[str, Any] = accepted.json()
            assert [i["outcome"] for i in report["items"]] == ["created"], report
            incident_id = report["items"][0]["incident_id"]
            read = await client.client.get(f"/api/v1/incidents/{incident_id}", headers=unama)
            assert read.status_code == 200, read.text
            assert read.json()["origin"] == {"org": "UNAMA", "external_id": "e2e-1"}

            replay = await _push(client, unama, body)
            assert replay.status_code == 200, replay.text
            assert [i["outcome"] for i in replay.json()["items"]] == ["unchanged"]

            direct = await client.client.post(
                "/api/v1/incidents", content=json.dumps({}), headers=unama
            )
            assert direct.status_code == 403, direct.text  # partners write only to the feed
