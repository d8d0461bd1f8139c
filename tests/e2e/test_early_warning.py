"""Through the gateway, an escalation of incidents raises one early-warning alert that the
Centre's staff read in the API and the regional picture, that a partner may not read, and that
the next daily brief carries. Real services, NATS and databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import Platform, platform
from tests.incidents.factories import incident_payload
from tests.shared.polling import eventually

EARLY_WARNING = "/api/v1/early-warning"
SEVERE = {"category": "border_incident", "severity": 5, "casualties": {"best": 5}}


async def _open_alerts(running: Platform, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await running.client.get(
        f"{EARLY_WARNING}/alerts",
        params={"status": "open", "country": "KGZ", "category": "border_incident"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    alerts: list[dict[str, Any]] = response.json()["items"]
    return alerts


class TestEarlyWarningThroughTheGateway:
    async def test_an_escalation_reaches_the_api_the_picture_and_the_daily_brief(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            analyst = await running.key(
                Role.ANALYST, org="UNRCCA", clearance=Clearance.CONFIDENTIAL
            )
            partner = await running.key(Role.PARTNER, org="OSCE", clearance=Clearance.CONFIDENTIAL)
            created = []
            for _ in range(3):
                response = await running.client.post(
                    "/api/v1/incidents", json=incident_payload("KGZ", **SEVERE), headers=analyst
                )
                assert response.status_code == 201, response.text
                created.append(response.json()["id"])

            alerts = await eventually(lambda: _open_alerts(running, analyst), timeout=60)
            detail = await running.client.get(
                f"{EARLY_WARNING}/alerts/{alerts[0]['id']}", headers=analyst
            )
            assert detail.status_code == 200, detail.text
            contributing = {i["id"] for i in detail.json()["contributing_incidents"]}
            assert contributing
            assert contributing <= set(created)
            assert detail.json()["factors"]

            picture = await running.client.get(f"{EARLY_WARNING}/picture", headers=analyst)
            assert picture.status_code == 200, picture.text
            assert any(p["open_alert"] for p in picture.json()["items"])

            refused = await running.client.get(f"{EARLY_WARNING}/picture", headers=partner)
            assert refused.status_code == 403
            assert refused.headers["content-type"].startswith("application/problem+json")

            async def briefed() -> list[dict[str, Any]]:
                response = await running.client.post(
                    "/api/v1/briefings", json={"kind": "daily_situation_brief"}, headers=analyst
                )
                assert response.status_code == 201, response.text
                section = response.json()["sections"]["early_warning"]
                opened: list[dict[str, Any]] = section["open_alerts"]
                return opened

            # alerts travel as events, one place's before another's: wait for this one
            in_brief = await eventually(
                briefed,
                until=lambda opened: alerts[0]["id"] in {a["alert_id"] for a in opened},
                timeout=60,
                interval=0.5,
            )
            assert {a["alert_id"] for a in in_brief} >= {alerts[0]["id"]}
