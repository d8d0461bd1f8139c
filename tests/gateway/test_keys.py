"""API key administration: issue, list, read, revoke; scope rules; the bootstrap key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness
from tests.shared.polling import eventually


class TestIssue:
    async def test_an_issued_key_authenticates_with_its_scope(
        self, gateway: GatewayHarness
    ) -> None:
        key, record = await gateway.issue_key(
            Role.SYSTEM, org="DPPA", clearance=Clearance.CONFIDENTIAL
        )
        assert key.startswith("pdp_")
        assert record["prefix"] == key[:12]
        response = await gateway.client.get("/api/v1/activities", headers={"X-API-Key": key})
        assert response.status_code == 200, response.text
        principal = response.json()["principal"]
        assert principal["org"] == "DPPA"
        assert principal["roles"] == ["system"]
        assert principal["clearance"] == "confidential"
        assert principal["cred"] == f"api-key:{record['id']}"

    async def test_the_secret_is_never_shown_again(self, gateway: GatewayHarness) -> None:
        key, record = await gateway.issue_key(Role.VIEWER)
        read = await gateway.client.get(f"/api/v1/api-keys/{record['id']}", headers=gateway.admin)
        listed = await gateway.client.get("/api/v1/api-keys", headers=gateway.admin)
        assert read.status_code == 200, read.text
        assert "key" not in read.json()
        assert key not in listed.text

    async def test_scope_rules_refuse_impossible_keys(self, gateway: GatewayHarness) -> None:
        cases = [
            {"org": "UNRCCA", "roles": ["partner"]},
            {"org": "OSCE", "roles": ["analyst"]},
            {"org": "OSCE", "roles": ["partner", "admin"]},
            {"org": "UNRCCA", "roles": []},
            {"org": "unrcca", "roles": ["viewer"]},
            {"org": "UNRCCA", "roles": ["emperor"]},
            {"org": "UNRCCA", "roles": ["viewer"], "expires_at": "2020-01-01T00:00:00Z"},
            {"org": "UNRCCA", "roles": ["viewer"], "expires_at": "2030-01-01T00:00:00"},
        ]
        for case in cases:
            response = await gateway.client.post(
                "/api/v1/api-keys", json={"name": "x", **case}, headers=gateway.admin
            )
            assert response.status_code == 422, f"{case}: {response.text}"
            assert response.headers["content-type"] == "application/problem+json"
        listed = await gateway.client.get("/api/v1/api-keys", headers=gateway.admin)
        assert [k["name"] for k in listed.json()["items"]] == ["bootstrap admin"]

    async def test_a_key_stops_working_when_it_expires(self, gateway: GatewayHarness) -> None:
        expires = datetime.now(UTC) + timedelta(seconds=3)
        key, _ = await gateway.issue_key(Role.VIEWER, expires_at=expires.isoformat())

        async def status() -> int:
            response = await gateway.client.get("/api/v1/incidents", headers={"X-API-Key": key})
            return response.status_code

        assert await eventually(status, until=lambda s: s == 401, timeout=30) == 401


class TestListing:
    async def test_keys_are_listed_newest_first_in_pages(self, gateway: GatewayHarness) -> None:
        ids = [(await gateway.issue_key(Role.VIEWER, org="UNRCCA"))[1]["id"] for _ in range(3)]
        await gateway.issue_key(Role.PARTNER, org="OSCE")
        seen: list[str] = []
        url = "/api/v1/api-keys?org=UNRCCA&limit=2"
        first = await gateway.client.get(url, headers=gateway.admin)
        assert first.status_code == 200, first.text
        assert 'rel="next"' in first.headers["link"]
        seen += [k["id"] for k in first.json()["items"]]
        cursor = first.json()["next_cursor"]
        second = await gateway.client.get(f"{url}&cursor={cursor}", headers=gateway.admin)
        seen += [k["id"] for k in second.json()["items"]]
        assert second.json()["next_cursor"] is None
        assert seen[:3] == list(reversed(ids))
        assert len(seen) == 4

    async def test_a_forged_cursor_is_refused(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get("/api/v1/api-keys?cursor=bm9wZQ", headers=gateway.admin)
        assert response.status_code == 400, response.text

    async def test_revoked_keys_are_listed_only_when_asked(self, gateway: GatewayHarness) -> None:
        _, record = await gateway.issue_key(Role.VIEWER)
        await gateway.client.delete(f"/api/v1/api-keys/{record['id']}", headers=gateway.admin)
        active = await gateway.client.get("/api/v1/api-keys", headers=gateway.admin)
        everything = await gateway.client.get(
            "/api/v1/api-keys?include_revoked=true", headers=gateway.admin
        )
        assert record["id"] not in {k["id"] for k in active.json()["items"]}
        assert record["id"] in {k["id"] for k in everything.json()["items"]}


class TestRevocation:
    async def test_a_revoked_key_is_refused_at_once_on_the_same_gateway(
        self, gateway: GatewayHarness
    ) -> None:
        key, record = await gateway.issue_key(Role.ANALYST)
        headers = {"X-API-Key": key}
        assert (await gateway.client.get("/api/v1/incidents", headers=headers)).status_code == 200
        response = await gateway.client.delete(
            f"/api/v1/api-keys/{record['id']}", headers=gateway.admin
        )
        assert response.status_code == 204, response.text
        assert (await gateway.client.get("/api/v1/incidents", headers=headers)).status_code == 401
        again = await gateway.client.delete(
            f"/api/v1/api-keys/{record['id']}", headers=gateway.admin
        )
        assert again.status_code == 204, again.text

    async def test_another_gateway_replica_refuses_it_within_the_cache_bound(
        self, gateway: GatewayHarness, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, api_key_cache_seconds=1.0) as replica:
            key, record = await gateway.issue_key(Role.ANALYST)
            headers = {"X-API-Key": key}
            cached = await replica.client.get("/api/v1/incidents", headers=headers)
            assert cached.status_code == 200, cached.text
            revoked = await gateway.client.delete(
                f"/api/v1/api-keys/{record['id']}", headers=gateway.admin
            )
            assert revoked.status_code == 204, revoked.text

            async def status() -> int:
                response = await replica.client.get("/api/v1/incidents", headers=headers)
                return response.status_code

            assert await eventually(status, until=lambda s: s == 401, timeout=5) == 401

    async def test_revoking_an_unknown_key_is_404(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.delete(
            "/api/v1/api-keys/0193a0c4-0000-7000-8000-000000000001", headers=gateway.admin
        )
        assert response.status_code == 404, response.text
        assert response.json()["type"] == "/problems/api-key-not-found"


class TestBootstrap:
    async def test_the_bootstrap_key_is_created_once(
        self, gateway: GatewayHarness, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database) as restarted:
            listed = await restarted.client.get("/api/v1/api-keys", headers=restarted.admin)
            assert listed.status_code == 200, listed.text
            names = [k["name"] for k in listed.json()["items"]]
            assert names == ["bootstrap admin"]
            assert listed.json()["items"][0]["roles"] == ["admin"]
