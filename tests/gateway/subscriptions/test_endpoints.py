"""The subscription API: register (secret once, Location, ETag, Idempotency-Key), list and read
within the caller's organization, change with If-Match, delete, rotate the secret, resume only a
suspended one; viewers and other organizations are refused; bad filters answer 422."""

from __future__ import annotations

from typing import Any

import pytest
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness
from tests.gateway.subscriptions.helpers import SUBSCRIPTIONS, read, subscribe

PROBLEM = "application/problem+json"


async def key(gateway: GatewayHarness, *roles: Role, org: str = "UNRCCA") -> dict[str, str]:
    secret, _ = await gateway.issue_key(*roles, org=org, clearance=Clearance.CONFIDENTIAL)
    return {"X-API-Key": secret}


class TestCreate:
    async def test_created_with_location_etag_and_the_secret_once(
        self, gateway: GatewayHarness
    ) -> None:
        system = await key(gateway, Role.SYSTEM)
        body = {
            "url": "https://93.184.215.14/pdp",
            "types": ["pdp.incidents.incident.verified.v1"],
            "countries": ["KGZ", "TJK"],
            "categories": ["border_incident"],
            "description": "border desk",
        }
        response = await gateway.client.post(SUBSCRIPTIONS, json=body, headers=system)
        assert response.status_code == 201, response.text
        created = response.json()
        assert response.headers["location"] == f"{SUBSCRIPTIONS}/{created['id']}"
        assert response.headers["etag"] == '"1"'
        assert created["secret"].startswith("whsec_")
        assert created["status"] == "active"
        assert created["owner_org"] == "UNRCCA"
        assert created["countries"] == ["KGZ", "TJK"]
        shown = await gateway.client.get(response.headers["location"], headers=system)
        assert shown.status_code == 200, shown.text
        assert shown.headers["etag"] == '"1"'
        assert "secret" not in shown.json()
        listed = await gateway.client.get(SUBSCRIPTIONS, headers=system)
        assert created["secret"] not in listed.text

    async def test_a_retry_with_the_same_idempotency_key_creates_once(
        self, gateway: GatewayHarness
    ) -> None:
        system = await key(gateway, Role.SYSTEM)
        headers = system | {"Idempotency-Key": "create-hook-1"}
        body = {"url": "https://93.184.215.14/pdp"}
        first = await gateway.client.post(SUBSCRIPTIONS, json=body, headers=headers)
        again = await gateway.client.post(SUBSCRIPTIONS, json=body, headers=headers)
        assert first.status_code == again.status_code == 201, again.text
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json()["id"] == first.json()["id"]
        other = await gateway.client.post(
            SUBSCRIPTIONS, json={"url": "https://93.184.215.15/pdp"}, headers=headers
        )
        assert other.status_code == 422, other.text
        listed = await gateway.client.get(SUBSCRIPTIONS, headers=system)
        assert len(listed.json()["items"]) == 1

    @pytest.mark.parametrize(
        "fields",
        [
            {"types": ["pdp.incidents.incident.exploded.v1"]},
            {"types": ["not a type"]},
            {"countries": ["kgz"]},
            {"countries": ["KYRGYZSTAN"]},
            {"categories": ["Border Incident"]},
            {"colour": "blue"},
        ],
    )
    async def test_a_bad_filter_is_refused(
        self, gateway: GatewayHarness, fields: dict[str, Any]
    ) -> None:
        system = await key(gateway, Role.SYSTEM)
        body = {"url": "https://93.184.215.14/pdp"} | fields
        response = await gateway.client.post(SUBSCRIPTIONS, json=body, headers=system)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM


class TestWhoMaySubscribe:
    async def test_a_viewer_is_refused(self, gateway: GatewayHarness) -> None:
        viewer = await key(gateway, Role.VIEWER)
        body = {"url": "https://93.184.215.14/pdp"}
        created = await gateway.client.post(SUBSCRIPTIONS, json=body, headers=viewer)
        listed = await gateway.client.get(SUBSCRIPTIONS, headers=viewer)
        assert created.status_code == listed.status_code == 403, created.text
        assert created.headers["content-type"] == PROBLEM

    async def test_staff_partners_and_systems_may(self, gateway: GatewayHarness) -> None:
        callers = [
            await key(gateway, Role.ANALYST),
            await key(gateway, Role.OFFICER),
            await key(gateway, Role.SYSTEM, org="DPPA"),
            await key(gateway, Role.PARTNER, org="OSCE"),
        ]
        for headers in callers:
            await subscribe(gateway, headers, "https://93.184.215.14/pdp")

    async def test_without_credentials_it_is_401(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get(SUBSCRIPTIONS)
        assert response.status_code == 401, response.text


class TestOrganizations:
    async def test_another_organization_neither_sees_nor_changes_it(
        self, gateway: GatewayHarness
    ) -> None:
        osce = await key(gateway, Role.PARTNER, org="OSCE")
        cis = await key(gateway, Role.PARTNER, org="CIS")
        created = await subscribe(gateway, osce, "https://93.184.215.14/pdp")
        path = f"{SUBSCRIPTIONS}/{created['id']}"
        answers = [
            await gateway.client.get(path, headers=cis),
            await gateway.client.patch(
                path, json={"description": "mine"}, headers=cis | {"If-Match": '"1"'}
            ),
            await gateway.client.delete(path, headers=cis),
            await gateway.client.post(f"{path}/resume", headers=cis),
            await gateway.client.post(f"{path}/rotate-secret", headers=cis),
            await gateway.client.get(f"{path}/deliveries", headers=cis),
            await gateway.client.post(f"{path}/ping", headers=cis),
        ]
        assert [a.status_code for a in answers] == [404] * len(answers), answers[0].text
        assert all(a.headers["content-type"] == PROBLEM for a in answers)
        listed = await gateway.client.get(SUBSCRIPTIONS, headers=cis)
        assert listed.json()["items"] == []
        assert (await read(gateway, osce, created["id"]))["description"] is None

    async def test_a_colleague_sees_it_and_an_administrator_sees_all(
        self, gateway: GatewayHarness
    ) -> None:
        first = await key(gateway, Role.PARTNER, org="OSCE")
        colleague = await key(gateway, Role.SYSTEM, org="OSCE")
        staff = await key(gateway, Role.SYSTEM)
        ours = await subscribe(gateway, first, "https://93.184.215.14/pdp")
        await subscribe(gateway, staff, "https://93.184.215.14/centre")
        seen = await gateway.client.get(SUBSCRIPTIONS, headers=colleague)
        assert [s["id"] for s in seen.json()["items"]] == [ours["id"]]
        everything = await gateway.client.get(SUBSCRIPTIONS, headers=gateway.admin)
        assert len(everything.json()["items"]) == 2


class TestChanges:
    async def test_an_update_needs_the_current_etag(self, gateway: GatewayHarness) -> None:
        system = await key(gateway, Role.SYSTEM)
        created = await subscribe(gateway, system, "https://93.184.215.14/pdp")
        path = f"{SUBSCRIPTIONS}/{created['id']}"
        change = {"countries": ["UZB"], "description": "Fergana"}
        missing = await gateway.client.patch(path, json=change, headers=system)
        assert missing.status_code == 428, missing.text
        done = await gateway.client.patch(path, json=change, headers=system | {"If-Match": '"1"'})
        assert done.status_code == 200, done.text
        assert done.headers["etag"] == '"2"'
        assert done.json()["countries"] == ["UZB"]
        stale = await gateway.client.patch(
            path, json={"countries": ["TJK"]}, headers=system | {"If-Match": '"1"'}
        )
        assert stale.status_code == 412, stale.text
        assert (await read(gateway, system, created["id"]))["countries"] == ["UZB"]

    async def test_disabling_and_enabling(self, gateway: GatewayHarness) -> None:
        system = await key(gateway, Role.SYSTEM)
        created = await subscribe(gateway, system, "https://93.184.215.14/pdp")
        path = f"{SUBSCRIPTIONS}/{created['id']}"
        off = await gateway.client.patch(
            path, json={"enabled": False}, headers=system | {"If-Match": '"1"'}
        )
        assert off.json()["status"] == "disabled", off.text
        on = await gateway.client.patch(
            path, json={"enabled": True}, headers=system | {"If-Match": off.headers["etag"]}
        )
        assert on.json()["status"] == "active", on.text

    async def test_registered_disabled(self, gateway: GatewayHarness) -> None:
        system = await key(gateway, Role.SYSTEM)
        created = await subscribe(gateway, system, "https://93.184.215.14/pdp", enabled=False)
        assert created["status"] == "disabled"
        assert created["status_reason"].startswith("Registered disabled by api-key:")

    async def test_delete_then_it_is_gone(self, gateway: GatewayHarness) -> None:
        system = await key(gateway, Role.SYSTEM)
        created = await subscribe(gateway, system, "https://93.184.215.14/pdp")
        path = f"{SUBSCRIPTIONS}/{created['id']}"
        assert (await gateway.client.delete(path, headers=system)).status_code == 204
        assert (await gateway.client.get(path, headers=system)).status_code == 404

    async def test_rotation_shows_a_new_secret_and_keeps_the_old_one_a_while(
        self, gateway: GatewayHarness
    ) -> None:
        system = await key(gateway, Role.SYSTEM)
        created = await subscribe(gateway, system, "https://93.184.215.14/pdp")
        response = await gateway.client.post(
            f"{SUBSCRIPTIONS}/{created['id']}/rotate-secret", headers=system
        )
        assert response.status_code == 200, response.text
        rotated = response.json()
        assert rotated["secret"].startswith("whsec_")
        assert rotated["secret"] != created["secret"]
        assert rotated["previous_secret_expires_at"] is not None

    async def test_only_a_suspended_one_is_resumed(self, gateway: GatewayHarness) -> None:
        system = await key(gateway, Role.SYSTEM)
        created = await subscribe(gateway, system, "https://93.184.215.14/pdp")
        response = await gateway.client.post(
            f"{SUBSCRIPTIONS}/{created['id']}/resume", headers=system
        )
        assert response.status_code == 409, response.text
        assert response.headers["content-type"] == PROBLEM


class TestLimits:
    async def test_an_organization_has_at_most_the_configured_number(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, event_subscriptions_per_org=2) as gateway:
            osce = await key(gateway, Role.PARTNER, org="OSCE")
            for n in range(2):
                await subscribe(gateway, osce, f"https://93.184.215.14/{n}")
            refused = await gateway.client.post(
                SUBSCRIPTIONS, json={"url": "https://93.184.215.14/3"}, headers=osce
            )
            assert refused.status_code == 409, refused.text
