"""Through the gateway, tools follow the platform's events as server-sent events: in order,
resumed after a disconnect without a gap or a duplicate, and never an event the caller may not
see (a partner key under an agreement and consent, a public-clearance key of the Centre). Real
services, NATS and databases."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from gateway.events.recipients import Recipients
from gateway.state import Gateway
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import Platform, platform
from tests.gateway.events.sse import Block, EventReader
from tests.incidents.factories import incident_payload
from tests.shared.polling import eventually

STREAM = "/api/v1/events/stream"
REPORTED = "pdp.incidents.incident.reported.v1"
LONG_AGO = (datetime.now(UTC) - timedelta(days=365)).isoformat()
WAIT_SECONDS = 60.0


async def _post(running: Platform, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await running.client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), f"{path}: {response.text}"
    return response.json()


async def _share_kgz_water(running: Platform, head: dict[str, str]) -> None:
    """Let KGZ water incidents up to internal go to the OSCE as JSON, with Kyrgyzstan's consent."""
    organization = {"code": "OSCE", "kind": "regional_organization", "name": "OSCE"}
    await _post(running, "/api/v1/organizations", organization, head)
    agreement = {
        "partner_org": "OSCE",
        "title": "Events for the OSCE",
        "countries": ["KGZ", "KAZ"],
        "categories": ["water_energy_dispute"],
        "max_sensitivity": "internal",
        "embargo_hours": 0,
        "formats": ["json"],
        "valid_from": LONG_AGO,
    }
    await _post(running, "/api/v1/agreements", agreement, head)
    consent = {
        "government": "KGZ",
        "party_org": "OSCE",
        "kind": "information_sharing",
        "valid_from": LONG_AGO,
    }
    await _post(running, "/api/v1/consents", consent, head)

    gateway: Gateway = running.gateway.state.gateway
    osce = Principal(
        subject="osce",
        org="OSCE",
        roles=frozenset({Role.PARTNER}),
        clearance=Clearance.CONFIDENTIAL,
        credential="probe",
    )

    async def terms_arrived() -> bool:  # the terms travel to the gateway as events
        recipient = await Recipients(gateway.platform.db, terms_seconds=0).of(osce)
        return bool(recipient.agreements) and bool(recipient.consents)

    await eventually(terms_arrived, timeout=WAIT_SECONDS)


@asynccontextmanager
async def _stream(running: Platform, headers: dict[str, str]) -> AsyncIterator[EventReader]:
    async with running.client.stream("GET", STREAM, headers=headers) as response:
        assert response.status_code == 200, (await response.aread()).decode()
        reader = EventReader(response)
        assert (await reader.next_block()).retry is not None
        yield reader


async def _until(reader: EventReader, incident_id: str) -> list[Block]:
    """Return the events up to and including the report of ``incident_id``."""
    found: list[Block] = []
    async with asyncio.timeout(WAIT_SECONDS):
        while True:
            (event,) = await reader.events(1)
            found.append(event)
            data = event.cloudevent()["data"]
            if event.event == REPORTED and data.get("incident_id") == incident_id:
                return found


def _reported(events: list[Block]) -> list[str]:
    return [e.cloudevent()["data"]["incident_id"] for e in events if e.event == REPORTED]


class TestEventStreamThroughTheGateway:
    async def test_each_caller_sees_only_its_events_in_order(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            analyst = await running.key(
                Role.ANALYST, org="UNRCCA", clearance=Clearance.CONFIDENTIAL
            )
            head = await running.key(
                Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
            )
            osce = await running.key(Role.PARTNER, org="OSCE", clearance=Clearance.CONFIDENTIAL)
            public = await running.key(Role.VIEWER, org="UNRCCA", clearance=Clearance.PUBLIC)
            await _share_kgz_water(running, head)

            async with (
                _stream(running, analyst) as centre,
                _stream(running, osce) as partner,
                _stream(running, public) as outsider,
            ):
                created = [
                    await _post(running, "/api/v1/incidents", payload, analyst)
                    for payload in (
                        incident_payload("KGZ"),
                        incident_payload("KAZ"),
                        incident_payload("KGZ", sensitivity="confidential"),
                        incident_payload("KGZ", category="border_incident"),
                    )
                ]
                csto = {"code": "CSTO", "kind": "regional_organization", "name": "CSTO"}
                await _post(running, "/api/v1/organizations", csto, head)
                created.append(
                    await _post(
                        running,
                        "/api/v1/incidents",
                        incident_payload("KGZ", sensitivity="public"),
                        analyst,
                    )
                )
                shared, unconsented, confidential, uncovered, last = (i["id"] for i in created)
                seen_by_centre = await _until(centre, last)
                seen_by_partner = await _until(partner, last)
                seen_by_outsider = await _until(outsider, last)

            assert _reported(seen_by_centre) == [i["id"] for i in created]
            assert any((e.event or "").startswith("pdp.organizations.") for e in seen_by_centre), (
                "the Centre sees the organizations' events"
            )
            ids = [e.id or 0 for e in seen_by_centre]
            assert ids == sorted(ids)
            assert len(set(ids)) == len(ids)

            assert _reported(seen_by_partner) == [shared, last]
            assert all(
                e.event and e.event.startswith("pdp.incidents.incident.") for e in seen_by_partner
            )
            partner_data = [e.cloudevent()["data"] for e in seen_by_partner]
            assert {d["incident_id"] for d in partner_data} <= {shared, last}
            assert not {unconsented, confidential, uncovered} & {
                d["incident_id"] for d in partner_data
            }

            assert _reported(seen_by_outsider) == [last]
            assert all(e.cloudevent()["data"]["sensitivity"] == "public" for e in seen_by_outsider)

    async def test_a_reconnection_resumes_without_gap_or_duplicate(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            analyst = await running.key(
                Role.ANALYST, org="UNRCCA", clearance=Clearance.CONFIDENTIAL
            )
            async with _stream(running, analyst) as reader:
                before = [
                    (await _post(running, "/api/v1/incidents", incident_payload("KGZ"), analyst))[
                        "id"
                    ]
                    for _ in range(3)
                ]
                first = await _until(reader, before[-1])
                last_id = reader.last_id
            assert last_id is not None
            after = [
                (await _post(running, "/api/v1/incidents", incident_payload("TJK"), analyst))["id"]
                for _ in range(3)
            ]
            resumed_headers = {"Last-Event-ID": str(last_id), **analyst}
            async with _stream(running, resumed_headers) as reader:
                rest = await _until(reader, after[-1])

            assert _reported(first) == before
            assert _reported(rest) == after
            cloudevent_ids = [e.cloudevent()["id"] for e in [*first, *rest]]
            assert len(set(cloudevent_ids)) == len(cloudevent_ids)
            ids = [e.id or 0 for e in [*first, *rest]]
            assert ids == list(range(ids[0], ids[0] + len(ids)))
