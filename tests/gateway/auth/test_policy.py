"""The role policy: what each role may never do is refused with 403 by the gateway."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from gateway.auth import policy
from pdp_common.identity import Clearance, Principal, Role

from tests.gateway.conftest import GatewayHarness

NON_ADMIN_ROLES = [r for r in Role if r is not Role.ADMIN]
PARTNER_ORG = {Role.PARTNER: "OSCE", Role.SYSTEM: "DPPA", Role.VIEWER: "UNRCCA"}


def _admin_calls(key_id: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    create: dict[str, Any] = {"name": "x", "org": "UNRCCA", "roles": ["viewer"]}
    return [
        ("GET", "/api/v1/api-keys", None),
        ("POST", "/api/v1/api-keys", create),
        ("GET", f"/api/v1/api-keys/{key_id}", None),
        ("DELETE", f"/api/v1/api-keys/{key_id}", None),
        ("GET", "/api/v1/audit-records", None),
    ]


class TestAdminFunctionsMatrix:
    @pytest.mark.parametrize("role", NON_ADMIN_ROLES, ids=lambda r: r.value)
    async def test_only_admin_manages_keys_and_reads_the_audit_trail(
        self, gateway: GatewayHarness, role: Role
    ) -> None:
        _, victim = await gateway.issue_key(Role.VIEWER)
        key, _ = await gateway.issue_key(
            role, org=PARTNER_ORG.get(role, "UNRCCA"), clearance=Clearance.STRICTLY_CONFIDENTIAL
        )
        bearer = await gateway.bearer(role, org=PARTNER_ORG.get(role, "UNRCCA"))
        for headers in ({"X-API-Key": key}, bearer):
            for method, path, body in _admin_calls(victim["id"]):
                response = await gateway.client.request(method, path, json=body, headers=headers)
                assert response.status_code == 403, f"{role} {method} {path}: {response.text}"
                assert response.json()["type"] == "/problems/forbidden"
        listed = await gateway.client.get(f"/api/v1/api-keys/{victim['id']}", headers=gateway.admin)
        assert listed.json()["revoked_at"] is None

    async def test_admin_may_use_every_admin_function(self, gateway: GatewayHarness) -> None:
        _, victim = await gateway.issue_key(Role.VIEWER)
        statuses = []
        for method, path, body in _admin_calls(victim["id"]):
            response = await gateway.client.request(method, path, json=body, headers=gateway.admin)
            statuses.append(response.status_code)
        assert statuses == [200, 201, 200, 204, 200]


class TestServiceRoutesThroughTheGateway:
    async def test_read_only_roles_cannot_write(self, gateway: GatewayHarness) -> None:
        for role, org in ((Role.VIEWER, "UNRCCA"), (Role.PARTNER, "OSCE")):
            key, _ = await gateway.issue_key(role, org=org)
            headers = {"X-API-Key": key}
            for method in ("POST", "PUT", "PATCH", "DELETE"):
                response = await gateway.client.request(
                    method, "/api/v1/incidents/x", headers=headers, json={}
                )
                assert response.status_code == 403, f"{role} {method}: {response.text}"
            read = await gateway.client.get("/api/v1/incidents/x", headers=headers)
            assert read.status_code == 200, read.text

    async def test_a_partner_may_post_to_feed_ingest_only(self, gateway: GatewayHarness) -> None:
        key, _ = await gateway.issue_key(Role.PARTNER, org="UNAMA")
        headers = {"X-API-Key": key}
        ingest = await gateway.client.post(
            "/api/v1/incidents/feeds/unama/items", headers=headers, json=[]
        )
        assert ingest.status_code == 200, ingest.text
        assert ingest.json()["principal"]["org"] == "UNAMA"
        create = await gateway.client.post("/api/v1/incidents", headers=headers, json={})
        assert create.status_code == 403, create.text

    async def test_a_forbidden_write_never_reaches_the_service(
        self, gateway: GatewayHarness
    ) -> None:
        key, _ = await gateway.issue_key(Role.SYSTEM, org="DPPA")
        response = await gateway.client.delete(
            f"/api/v1/incidents/{uuid.uuid4()}", headers={"X-API-Key": key}
        )
        assert response.status_code == 403, response.text
        assert "service" not in response.json()


def _principal(*roles: Role) -> Principal:
    return Principal(
        subject="s",
        org="UNRCCA",
        roles=frozenset(roles),
        clearance=Clearance.INTERNAL,
        credential="c",
    )


class TestPolicyTable:
    @pytest.mark.parametrize(
        ("roles", "method", "path", "allowed"),
        [
            ({Role.VIEWER}, "GET", "/api/v1/briefings/1", True),
            ({Role.VIEWER}, "POST", "/api/v1/briefings", False),
            ({Role.ANALYST}, "POST", "/api/v1/incidents", True),
            ({Role.ANALYST}, "POST", "/api/v1/agreements", False),
            ({Role.ANALYST}, "DELETE", "/api/v1/consents/1", False),
            ({Role.OFFICER}, "POST", "/api/v1/agreements", True),
            ({Role.HEAD_OF_CENTRE}, "POST", "/api/v1/briefings/1/clear", True),
            ({Role.SYSTEM}, "POST", "/api/v1/activities", True),
            ({Role.SYSTEM}, "DELETE", "/api/v1/activities/1", False),
            ({Role.SYSTEM}, "POST", "/api/v1/briefings", False),
            ({Role.PARTNER}, "POST", "/api/v1/incidents/feeds/osce/items", True),
            ({Role.PARTNER}, "POST", "/api/v1/incidents", False),
            ({Role.PARTNER}, "GET", "/api/v1/api-keys", False),
            ({Role.ADMIN}, "GET", "/api/v1/audit-records", True),
            ({Role.ADMIN}, "DELETE", "/api/v1/audit-records/1", False),
            ({Role.VIEWER, Role.ANALYST}, "POST", "/api/v1/incidents", True),
            (set(), "GET", "/api/v1/incidents", False),
            ({Role.ADMIN}, "GET", "/api/v1", False),
        ],
    )
    def test_grant(self, roles: set[Role], method: str, path: str, allowed: bool) -> None:
        assert policy.is_allowed(frozenset(roles), method, path) is allowed


class TestAuditClassification:
    def test_confidential_callers_reads_of_sensitive_material_are_audited(self) -> None:
        principal = _principal(Role.ANALYST)
        high = Principal("s", "UNRCCA", frozenset({Role.ANALYST}), Clearance.CONFIDENTIAL, "c")
        assert policy.audit_action(high, "GET", "/api/v1/incidents/1") == "read"
        assert policy.audit_action(principal, "GET", "/api/v1/incidents/1") is None
        assert policy.audit_action(high, "GET", "/api/v1/activities/1") is None

    def test_partner_reads_exports_and_shares_are_audited(self) -> None:
        partner = Principal("p", "OSCE", frozenset({Role.PARTNER}), Clearance.PUBLIC, "c")
        staff = _principal(Role.OFFICER)
        assert policy.audit_action(partner, "GET", "/api/v1/briefings") == "read"
        assert policy.audit_action(staff, "GET", "/api/v1/incidents/export.csv") == "export"
        assert policy.audit_action(staff, "POST", "/api/v1/briefings/1/distributions") == "share"
        assert policy.audit_action(staff, "POST", "/api/v1/sharing/decisions") == "share"
