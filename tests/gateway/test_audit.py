"""The audit trail: sensitive reads, exports and shares are recorded and queryable by admins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pdp_common.identity import Clearance, Role

from tests.gateway.conftest import GatewayHarness
from tests.shared.polling import eventually


async def _records(harness: GatewayHarness, query: str = "") -> list[dict[str, Any]]:
    response = await harness.client.get(f"/api/v1/audit-records?{query}", headers=harness.admin)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _await_records(harness: GatewayHarness, query: str, count: int) -> list[dict[str, Any]]:
    return await eventually(lambda: _records(harness, query), until=lambda r: len(r) >= count)


class TestWhatIsRecorded:
    async def test_a_partner_read_is_recorded_with_its_credential(
        self, gateway: GatewayHarness
    ) -> None:
        key, record = await gateway.issue_key(Role.PARTNER, org="OSCE")
        response = await gateway.client.get(
            "/api/v1/briefings/42?format=html",
            headers={"X-API-Key": key, "X-Request-ID": "audit-req-1"},
        )
        assert response.status_code == 200, response.text
        credential = f"api-key:{record['id']}"
        (entry,) = await _await_records(gateway, f"credential={credential}", 1)
        assert entry["action"] == "read"
        assert entry["org"] == "OSCE"
        assert entry["path"] == "/api/v1/briefings/42"
        assert entry["query"] == "format=html"
        assert entry["request_id"] == "audit-req-1"
        assert entry["status"] == 200
        assert entry["service"] == "briefings"
        assert entry["roles"] == ["partner"]

    async def test_clearance_decides_whether_staff_reads_are_recorded(
        self, gateway: GatewayHarness
    ) -> None:
        high, high_record = await gateway.issue_key(
            Role.ANALYST, clearance=Clearance.STRICTLY_CONFIDENTIAL
        )
        low, low_record = await gateway.issue_key(Role.ANALYST, clearance=Clearance.INTERNAL)
        for key in (high, low):
            response = await gateway.client.get("/api/v1/incidents/1", headers={"X-API-Key": key})
            assert response.status_code == 200, response.text
        await _await_records(gateway, f"credential=api-key:{high_record['id']}", 1)
        assert await _records(gateway, f"credential=api-key:{low_record['id']}") == []

    async def test_exports_and_shares_are_recorded_for_everyone(
        self, gateway: GatewayHarness
    ) -> None:
        key, record = await gateway.issue_key(Role.OFFICER, clearance=Clearance.INTERNAL)
        headers = {"X-API-Key": key}
        await gateway.client.get("/api/v1/incidents/export", headers=headers)
        await gateway.client.post("/api/v1/briefings/7/distributions", headers=headers, json={})
        await gateway.client.get("/api/v1/activities", headers=headers)
        entries = await _await_records(gateway, f"credential=api-key:{record['id']}", 2)
        assert sorted(e["action"] for e in entries) == ["export", "share"]

    async def test_refused_attempts_are_recorded_too(self, gateway: GatewayHarness) -> None:
        key, record = await gateway.issue_key(Role.PARTNER, org="CIS")
        response = await gateway.client.post(
            "/api/v1/sharing/decisions", headers={"X-API-Key": key}, json={}
        )
        assert response.status_code == 403, response.text
        (entry,) = await _await_records(gateway, f"credential=api-key:{record['id']}", 1)
        assert (entry["action"], entry["status"]) == ("share", 403)


class TestQuery:
    async def test_filters_by_org_path_action_and_window(self, gateway: GatewayHarness) -> None:
        osce, _ = await gateway.issue_key(Role.PARTNER, org="OSCE")
        sco, _ = await gateway.issue_key(Role.PARTNER, org="SCO")
        before = datetime.now(UTC) - timedelta(seconds=1)
        await gateway.client.get("/api/v1/incidents/1", headers={"X-API-Key": osce})
        await gateway.client.get("/api/v1/agreements/9", headers={"X-API-Key": osce})
        await gateway.client.get("/api/v1/incidents/2", headers={"X-API-Key": sco})
        await _await_records(gateway, "", 3)
        assert len(await _records(gateway, "org=OSCE")) == 2
        by_path = await _records(gateway, "path_prefix=/api/v1/incidents")
        assert sorted(e["path"] for e in by_path) == ["/api/v1/incidents/1", "/api/v1/incidents/2"]
        assert len(await _records(gateway, "action=read")) == 3
        assert await _records(gateway, "action=export") == []
        since = before.isoformat().replace("+00:00", "Z")
        assert len(await _records(gateway, f"since={since}")) == 3
        assert await _records(gateway, f"until={since}") == []
        wrong = await gateway.client.get(
            f"/api/v1/audit-records?since={since}&until={since}", headers=gateway.admin
        )
        assert wrong.status_code == 422, wrong.text

    async def test_pages_cover_every_record_once(self, gateway: GatewayHarness) -> None:
        key, _ = await gateway.issue_key(Role.PARTNER, org="EU")
        for number in range(5):
            await gateway.client.get(f"/api/v1/consents/{number}", headers={"X-API-Key": key})
        await _await_records(gateway, "org=EU", 5)
        paths: list[str] = []
        cursor = None
        for _ in range(5):
            query = "org=EU&limit=2" + (f"&cursor={cursor}" if cursor else "")
            response = await gateway.client.get(
                f"/api/v1/audit-records?{query}", headers=gateway.admin
            )
            page = response.json()
            paths += [e["path"] for e in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert paths == [f"/api/v1/consents/{n}" for n in reversed(range(5))]
