"""Events reach subscriptions over webhooks: signed (checked by the independent standardwebhooks
package and from the specification), filtered by type, country and category on either subject
form, only what the owner may receive, retried with back-off, suspended after failures in a row
and resumed by the owner, with every attempt in the delivery log. A real nats-server, a real
receiver on 127.0.0.1, both databases."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from gateway.events.sharing import sharing
from pdp_common.contracts import incidents as incident_events
from pdp_common.contracts import organizations as org_events
from pdp_common.contracts.organizations import AgreementStatus, ConsentKind, ConsentStatus
from pdp_common.identity import Clearance, Role
from pdp_common.sharing_copy import SharingCopy
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness
from tests.gateway.subscriptions.conftest import SUSPEND_AFTER, delivering
from tests.gateway.subscriptions.helpers import (
    SUBSCRIPTIONS,
    create_streams,
    deliveries,
    incident,
    logged,
    publish,
    read,
    spec_signature_valid,
    subscribe,
)
from tests.shared.partner_server import PartnerServer, Received
from tests.shared.polling import eventually

LONG_AGO = datetime.now(UTC) - timedelta(days=365)


async def _key(
    gateway: GatewayHarness,
    role: Role,
    *,
    org: str = "UNRCCA",
    clearance: Clearance = Clearance.CONFIDENTIAL,
) -> tuple[dict[str, str], dict[str, Any]]:
    secret, record = await gateway.issue_key(role, org=org, clearance=clearance)
    return {"X-API-Key": secret}, record


def _to(receiver: PartnerServer, tag: str) -> list[Received]:
    return [r for r in receiver.received if r.path == f"/hook?s={tag}"]


def _event_ids(requests: list[Received]) -> list[str]:
    return [json.loads(r.body)["id"] for r in requests]


async def _received(receiver: PartnerServer, tag: str, event_id: str) -> list[Received]:
    async def probe() -> list[Received]:
        return _to(receiver, tag)

    return await eventually(probe, until=lambda rs: event_id in _event_ids(rs))


class TestSigned:
    async def test_an_event_arrives_signed_as_a_cloudevent(
        self, live_gateway: GatewayHarness, nats_url: str, receiver: PartnerServer
    ) -> None:
        system, _ = await _key(live_gateway, Role.SYSTEM)
        created = await subscribe(live_gateway, system, receiver.url("/verified-hook"))
        receiver.webhook_secret = created["secret"]
        data = incident("TJK", "water_energy_dispute")
        event_id = await publish(nats_url, data)

        async def verified() -> list[Received]:
            return list(receiver.verified)

        request = (await eventually(verified))[0]
        assert request.headers["webhook-id"] == event_id
        assert request.headers["Content-Type"] == "application/cloudevents+json"
        assert spec_signature_valid(created["secret"], request.headers, request.body)
        assert not spec_signature_valid(created["secret"], request.headers, request.body + b" ")
        event = json.loads(request.body)
        assert event["specversion"] == "1.0"
        assert event["type"] == "pdp.incidents.incident.reported.v1"
        assert event["id"] == event_id
        assert event["data"]["reference"] == data.reference

        async def entry() -> dict[str, Any]:
            return await logged(live_gateway, system, created["id"], event_id)

        done = await eventually(entry, until=lambda e: e["status"] == "delivered")
        assert [a["status_code"] for a in done["attempt_log"]] == [204]

    async def test_after_a_rotation_either_secret_verifies(
        self, live_gateway: GatewayHarness, nats_url: str, receiver: PartnerServer
    ) -> None:
        system, _ = await _key(live_gateway, Role.SYSTEM)
        created = await subscribe(live_gateway, system, receiver.url("/hook?s=r"))
        response = await live_gateway.client.post(
            f"{SUBSCRIPTIONS}/{created['id']}/rotate-secret", headers=system
        )
        new_secret = response.json()["secret"]
        event_id = await publish(nats_url, incident())
        request = (await _received(receiver, "r", event_id))[-1]
        assert spec_signature_valid(created["secret"], request.headers, request.body)
        assert spec_signature_valid(new_secret, request.headers, request.body)

    async def test_a_ping_is_delivered_signed(
        self, live_gateway: GatewayHarness, receiver: PartnerServer
    ) -> None:
        system, _ = await _key(live_gateway, Role.SYSTEM)
        created = await subscribe(live_gateway, system, receiver.url("/verified-hook"))
        receiver.webhook_secret = created["secret"]
        response = await live_gateway.client.post(
            f"{SUBSCRIPTIONS}/{created['id']}/ping", headers=system
        )
        assert response.status_code == 202, response.text

        async def verified() -> list[Received]:
            return list(receiver.verified)

        request = (await eventually(verified))[0]
        assert json.loads(request.body)["type"] == "pdp.gateway.subscription.ping.v1"
        assert request.headers["webhook-id"] == response.json()["message_id"]


class TestFilters:
    async def test_each_subscription_receives_what_its_filter_selects(
        self, live_gateway: GatewayHarness, nats_url: str, receiver: PartnerServer
    ) -> None:
        system, _ = await _key(live_gateway, Role.SYSTEM)
        filters: dict[str, dict[str, Any]] = {
            "all": {},
            "verified": {"types": ["pdp.incidents.incident.verified.v1"]},
            "kgz": {"countries": ["KGZ"]},
            "water": {"categories": ["water_energy_dispute"]},
            "kgz-water": {"countries": ["KGZ"], "categories": ["water_energy_dispute"]},
        }
        for tag, chosen in filters.items():
            await subscribe(live_gateway, system, receiver.url(f"/hook?s={tag}"), **chosen)
        kgz_border = await publish(nats_url, incident("KGZ", "border_incident"))
        tjk_water = await publish(
            nats_url, incident("TJK", "water_energy_dispute"), bare_subject=True
        )
        kgz_water = await publish(nats_url, incident("KGZ", "water_energy_dispute"))
        verified = await publish(
            nats_url, incident("UZB", "terrorism", kind=incident_events.IncidentVerified)
        )
        everything = [kgz_border, tjk_water, kgz_water, verified]
        # The fan-out applies events in stream order: once the last one has reached the
        # subscription that takes all, each earlier one has been enqueued wherever it goes.
        await _received(receiver, "all", verified)
        expected = {
            "all": everything,
            "verified": [verified],
            "kgz": [kgz_border, kgz_water],
            "water": [tjk_water, kgz_water],
            "kgz-water": [kgz_water],
        }
        for tag, ids in expected.items():
            for event_id in ids:
                await _received(receiver, tag, event_id)
        got = {tag: sorted(set(_event_ids(_to(receiver, tag)))) for tag in expected}
        assert got == {tag: sorted(ids) for tag, ids in expected.items()}


async def _share_kgz_border_with_osce(gateway: GatewayHarness) -> None:
    """Store, in the gateway's copy of sharing terms, an agreement letting internal KGZ border
    incidents go to the OSCE, and Kyrgyzstan's consent."""
    agreement = org_events.AgreementUpserted(
        agreement_id=uuid.uuid4(),
        partner_org="OSCE",
        countries=["KGZ"],
        categories=["border_incident"],
        max_sensitivity=Clearance.INTERNAL,
        embargo_hours=0,
        formats=["json"],
        status=AgreementStatus.ACTIVE,
        valid_from=LONG_AGO,
        valid_until=None,
        version=1,
    )
    consent = org_events.ConsentRecorded(
        consent_id=uuid.uuid4(),
        government="KGZ",
        party_org="OSCE",
        kind=ConsentKind.INFORMATION_SHARING,
        countries=["KGZ"],
        topics=[],
        valid_from=LONG_AGO,
        status=ConsentStatus.ACTIVE,
        version=1,
    )
    async with gateway.app.state.platform.db.transaction() as session:
        copy = SharingCopy(session, sharing)
        await copy.upsert_agreement(agreement)
        await copy.upsert_consent(consent)


class TestEntitlement:
    async def test_a_partner_receives_only_what_its_agreement_allows(
        self, live_gateway: GatewayHarness, nats_url: str, receiver: PartnerServer
    ) -> None:
        await _share_kgz_border_with_osce(live_gateway)
        osce, _ = await _key(live_gateway, Role.PARTNER, org="OSCE")
        staff, _ = await _key(live_gateway, Role.SYSTEM, clearance=Clearance.INTERNAL)
        await subscribe(live_gateway, osce, receiver.url("/hook?s=osce"))
        await subscribe(live_gateway, staff, receiver.url("/hook?s=staff"))
        shared = await publish(nats_url, incident("KGZ", "border_incident"))
        other_country = await publish(nats_url, incident("TJK", "border_incident"))
        other_category = await publish(nats_url, incident("KGZ", "terrorism"))
        too_sensitive = await publish(
            nats_url, incident("KGZ", "border_incident", sensitivity=Clearance.CONFIDENTIAL)
        )
        not_shareable = await publish(
            nats_url,
            org_events.OrganizationUpserted.model_validate(
                {
                    "organization_id": str(uuid.uuid4()),
                    "code": "OSCE",
                    "kind": "regional_organization",
                    "name": "OSCE",
                    "acronym": "OSCE",
                    "countries": [],
                    "is_active": True,
                    "parent_code": None,
                    "version": 1,
                }
            ),
        )
        last = await publish(nats_url, incident("KGZ", "border_incident"))
        # Events are enqueued in stream order, but one batch of deliveries goes out at once:
        # wait for each expected one, then no other can come any more.
        for event_id in (shared, last):
            await _received(receiver, "osce", event_id)
        for event_id in (shared, other_country, other_category, not_shareable, last):
            await _received(receiver, "staff", event_id)
        assert sorted(set(_event_ids(_to(receiver, "osce")))) == sorted([shared, last])
        staff_got = set(_event_ids(_to(receiver, "staff")))
        assert {shared, other_country, other_category, not_shareable, last} <= staff_got
        assert too_sensitive not in staff_got


class TestFailures:
    async def test_retried_then_suspended_then_resumed_by_the_owner(
        self, live_gateway: GatewayHarness, nats_url: str, receiver: PartnerServer
    ) -> None:
        system, _ = await _key(live_gateway, Role.SYSTEM)
        receiver.hook_statuses = [503] * SUSPEND_AFTER
        created = await subscribe(live_gateway, system, receiver.url("/hook?s=f"))
        first = await publish(nats_url, incident())

        async def status() -> dict[str, Any]:
            return await read(live_gateway, system, created["id"])

        suspended = await eventually(status, until=lambda s: s["status"] == "suspended")
        assert f"{SUSPEND_AFTER} delivery attempts failed in a row" in suspended["status_reason"]
        assert suspended["suspensions"] == 1
        entry = await logged(live_gateway, system, created["id"], first)
        assert entry["status"] == "held"
        assert [a["status_code"] for a in entry["attempt_log"]] == [503] * SUSPEND_AFTER
        assert entry["last_error"] == "The target answered 503."
        waiting = await publish(nats_url, incident("TJK"))
        await logged(live_gateway, system, created["id"], waiting)
        assert len(_to(receiver, "f")) == SUSPEND_AFTER

        resumed = await live_gateway.client.post(
            f"{SUBSCRIPTIONS}/{created['id']}/resume", headers=system
        )
        assert resumed.status_code == 200, resumed.text
        assert resumed.json()["status"] == "active"
        await _received(receiver, "f", first)
        await _received(receiver, "f", waiting)
        after = await publish(nats_url, incident("UZB"))
        await _received(receiver, "f", after)

        async def log_of(event_id: str) -> dict[str, Any]:
            return await logged(live_gateway, system, created["id"], event_id)

        done = await eventually(lambda: log_of(first), until=lambda e: e["status"] == "delivered")
        assert [a["status_code"] for a in done["attempt_log"]] == [503] * SUSPEND_AFTER + [204]
        assert done["next_attempt_at"] is None
        log = await deliveries(live_gateway, system, created["id"])
        assert [d["message_id"] for d in log] == [after, waiting, first]

    async def test_revoking_the_owners_key_suspends_at_the_next_delivery(
        self, live_gateway: GatewayHarness, nats_url: str, receiver: PartnerServer
    ) -> None:
        system, record = await _key(live_gateway, Role.SYSTEM)
        created = await subscribe(live_gateway, system, receiver.url("/hook?s=k"))
        revoked = await live_gateway.client.delete(
            f"/api/v1/api-keys/{record['id']}", headers=live_gateway.admin
        )
        assert revoked.status_code == 204, revoked.text
        event_id = await publish(nats_url, incident())
        admin = live_gateway.admin

        async def status() -> dict[str, Any]:
            return await read(live_gateway, admin, created["id"])

        suspended = await eventually(status, until=lambda s: s["status"] == "suspended")
        assert "revoked" in suspended["status_reason"]
        entry = await logged(live_gateway, admin, created["id"], event_id)
        assert entry["status"] == "held"
        assert entry["attempts"] == 0
        assert _to(receiver, "k") == []


class TestOwnerControls:
    async def test_a_disabled_subscription_collects_nothing(
        self, live_gateway: GatewayHarness, nats_url: str, receiver: PartnerServer
    ) -> None:
        system, _ = await _key(live_gateway, Role.SYSTEM)
        quiet = await subscribe(live_gateway, system, receiver.url("/hook?s=quiet"))
        await subscribe(live_gateway, system, receiver.url("/hook?s=all"))
        response = await live_gateway.client.patch(
            f"{SUBSCRIPTIONS}/{quiet['id']}",
            json={"enabled": False},
            headers=system | {"If-Match": '"1"'},
        )
        assert response.status_code == 200, response.text
        missed = await publish(nats_url, incident())
        await _received(receiver, "all", missed)
        assert await deliveries(live_gateway, system, quiet["id"]) == []
        assert _to(receiver, "quiet") == []

    async def test_the_previous_secret_signs_only_during_the_overlap(
        self,
        make_gateway: GatewayFactory,
        database: DatabaseTarget,
        nats_url: str,
        receiver: PartnerServer,
    ) -> None:
        await create_streams(nats_url)
        settings = delivering(nats_url, event_subscription_secret_overlap_seconds=0.0)
        async with make_gateway(database, **settings) as gateway:
            system, _ = await _key(gateway, Role.SYSTEM)
            created = await subscribe(gateway, system, receiver.url("/hook?s=o"))
            response = await gateway.client.post(
                f"{SUBSCRIPTIONS}/{created['id']}/rotate-secret", headers=system
            )
            new_secret = response.json()["secret"]
            event_id = await publish(nats_url, incident())
            request = (await _received(receiver, "o", event_id))[-1]
        assert spec_signature_valid(new_secret, request.headers, request.body)
        assert not spec_signature_valid(created["secret"], request.headers, request.body)
        assert len(request.headers["webhook-signature"].split(" ")) == 1
