"""Webhook subscriptions through the whole platform: an incident created through the gateway
reaches the subscribers whose filter selects it, signed (checked by the standardwebhooks package
and from the specification); a partner receives only what its agreement and the government's
consent allow; a failing receiver is retried, suspended, resumed by its owner and then receives
what it missed. Real services, a real nats-server, a receiver on 127.0.0.1 allowed by setting."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from gateway.events.sharing import sharing
from pdp_common.identity import Clearance, Role
from pdp_common.sharing_copy import SharingCopy
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import Platform, platform
from tests.gateway.subscriptions.helpers import SUBSCRIPTIONS, spec_signature_valid
from tests.incidents.factories import incident_payload
from tests.shared.partner_server import PartnerServer, Received, partner_server
from tests.shared.polling import eventually

LONG_AGO = (datetime.now(UTC) - timedelta(days=365)).isoformat()
REPORTED = "pdp.incidents.incident.reported.v1"
SUSPEND_AFTER = 2


def _gateway_settings() -> dict[str, Any]:
    return {
        "nats_enabled": True,
        "outbound_allow_http": True,
        "outbound_allowed_networks": "127.0.0.1/32",
        "webhook_poll_seconds": 0.05,
        "webhook_backoff_base_seconds": 0.05,
        "webhook_backoff_max_seconds": 0.2,
        "webhook_backoff_jitter": 0.0,
        "webhook_suspend_after_failures": SUSPEND_AFTER,
    }


async def _post(running: Platform, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await running.client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), f"{path}: {response.text}"
    return response.json()


async def _share_kgz_water_with_osce(running: Platform, head: dict[str, str]) -> None:
    """Agree KGZ water incidents for the OSCE, with Kyrgyzstan's consent, and wait until the
    gateway's copy of sharing terms holds both (they travel as events)."""
    organization = {"code": "OSCE", "kind": "regional_organization", "name": "OSCE"}
    await _post(running, "/api/v1/organizations", organization, head)
    agreement = {
        "partner_org": "OSCE",
        "title": "Incident events for the OSCE",
        "countries": ["KGZ"],
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

    async def copied() -> bool:
        async with running.gateway.state.platform.db.read_sessions() as session:
            copy = SharingCopy(session, sharing)
            return bool(await copy.agreements_of("OSCE")) and bool(await copy.consents_for("OSCE"))

    await eventually(copied, timeout=60)


async def _subscribe(
    running: Platform, headers: dict[str, str], url: str, **fields: Any
) -> dict[str, Any]:
    created: dict[str, Any] = await _post(running, SUBSCRIPTIONS, {"url": url} | fields, headers)
    return created


def _incident_ids(requests: list[Received], path: str) -> list[str]:
    events = [json.loads(r.body) for r in requests if r.path == path]
    return [e["data"]["incident_id"] for e in events if e["type"] == REPORTED]


async def _log(running: Platform, headers: dict[str, str], sub_id: str) -> list[dict[str, Any]]:
    response = await running.client.get(f"{SUBSCRIPTIONS}/{sub_id}/deliveries", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


class TestEventWebhooks:
    async def test_incidents_reach_entitled_subscribers_signed(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        with partner_server() as receiver:
            async with platform(database, nats_url, tmp_path, **_gateway_settings()) as running:
                await self._scenario(running, receiver)

    async def _scenario(self, running: Platform, receiver: PartnerServer) -> None:
        analyst = await running.key(Role.ANALYST, org="UNRCCA", clearance=Clearance.CONFIDENTIAL)
        head = await running.key(
            Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
        )
        tool = await running.key(Role.SYSTEM, org="UNRCCA", clearance=Clearance.CONFIDENTIAL)
        osce = await running.key(Role.PARTNER, org="OSCE", clearance=Clearance.CONFIDENTIAL)
        viewer = await running.key(Role.VIEWER, org="UNRCCA", clearance=Clearance.CONFIDENTIAL)
        await _share_kgz_water_with_osce(running, head)

        refused = await running.client.post(
            SUBSCRIPTIONS, json={"url": receiver.url("/hook")}, headers=viewer
        )
        assert refused.status_code == 403, refused.text
        centre = await _subscribe(
            running, tool, receiver.url("/verified-hook"), types=[REPORTED], countries=["KGZ"]
        )
        receiver.webhook_secret = centre["secret"]
        partner = await _subscribe(running, osce, receiver.url("/hook?s=osce"))
        other = await running.client.get(f"{SUBSCRIPTIONS}/{centre['id']}", headers=osce)
        assert other.status_code == 404, other.text

        hidden = await _post(running, "/api/v1/incidents", incident_payload("KAZ"), analyst)
        shared = await _post(running, "/api/v1/incidents", incident_payload("KGZ"), analyst)

        async def verified() -> list[Received]:
            return list(receiver.verified)

        request = (await eventually(verified, timeout=60))[0]
        event = json.loads(request.body)
        assert event["type"] == REPORTED
        assert event["data"]["incident_id"] == shared["id"]
        assert spec_signature_valid(centre["secret"], request.headers, request.body)
        assert request.headers["webhook-id"] == event["id"]
        centre_log = await _log(running, tool, centre["id"])
        assert [d["message_id"] for d in centre_log] == [event["id"]]

        async def to_osce() -> list[str]:
            return _incident_ids(receiver.received, "/hook?s=osce")

        assert await eventually(to_osce, until=lambda ids: shared["id"] in ids, timeout=60)
        assert hidden["id"] not in await to_osce()

        async def partner_log_settled() -> list[dict[str, Any]]:
            return await _log(running, osce, partner["id"])

        partner_log = await eventually(
            partner_log_settled, until=lambda log: all(d["status"] == "delivered" for d in log)
        )
        sent_to_osce = [json.loads(r.body) for r in receiver.received if r.path == "/hook?s=osce"]
        assert {d["message_id"] for d in partner_log} == {e["id"] for e in sent_to_osce}
        assert {e["data"]["incident_id"] for e in sent_to_osce} == {shared["id"]}
        for sent in (r for r in receiver.received if r.path == "/hook?s=osce"):
            assert spec_signature_valid(partner["secret"], sent.headers, sent.body)

        await self._failing_receiver(running, tool, analyst)

    async def _failing_receiver(
        self, running: Platform, tool: dict[str, str], analyst: dict[str, str]
    ) -> None:
        with partner_server() as failing:
            failing.hook_statuses = [500] * SUSPEND_AFTER
            sub = await _subscribe(running, tool, failing.url("/hook"), types=[REPORTED])
            path = f"{SUBSCRIPTIONS}/{sub['id']}"
            missed = await _post(running, "/api/v1/incidents", incident_payload("TJK"), analyst)

            async def status() -> str:
                response = await running.client.get(path, headers=tool)
                return str(response.json()["status"])

            assert await eventually(status, until=lambda s: s == "suspended", timeout=60)
            log = await _log(running, tool, sub["id"])
            assert [a["status_code"] for a in log[0]["attempt_log"]] == [500] * SUSPEND_AFTER
            resumed = await running.client.post(f"{path}/resume", headers=tool)
            assert resumed.status_code == 200, resumed.text

            async def received() -> list[str]:
                return _incident_ids(failing.received, "/hook")

            ids = await eventually(
                received, until=lambda got: got.count(missed["id"]) > SUSPEND_AFTER, timeout=60
            )
            assert ids.count(missed["id"]) == SUSPEND_AFTER + 1

            async def delivered() -> list[dict[str, Any]]:
                return await _log(running, tool, sub["id"])

            log = await eventually(delivered, until=lambda got: got[0]["status"] == "delivered")
            codes = [a["status_code"] for a in log[0]["attempt_log"]]
            assert codes == [500] * SUSPEND_AFTER + [204]
