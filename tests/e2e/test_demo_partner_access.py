"""A fresh platform with the demo data shows each partner its share at once, and nothing else.

The four services load their demo data as ``make run`` does; OSCE and UNAMA then read through
the gateway with partner keys. Each sees a non-empty share on the list, the count and every
export its agreement allows, every incident it sees is one the organizations service's own
sharing decision allows, and the newest reports stay hidden under the OSCE's 24-hour embargo.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from briefings.demo import seed_demo as seed_briefings
from country_teams.demo import seed_demo as seed_country_teams
from incidents.seed import ARRIVING_NOW
from incidents.seed import seed_demo as seed_incidents
from organizations.demo import seed_demo as seed_organizations
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import ADMIN_KEY, Platform, platform
from tests.shared.polling import eventually

ADMIN = {"X-API-Key": ADMIN_KEY}
# What each demo partner's agreement lets it take: the exports by format.
EXPORTS = {"OSCE": set[str](), "UNAMA": {"geojson"}}


async def _load_demo(running: Platform) -> None:
    await seed_organizations(running.settings["organizations"])
    await seed_incidents(running.settings["incidents"])
    await seed_country_teams(running.settings["country-teams"])
    await seed_briefings(running.settings["briefings"])


async def _all_ids(running: Platform, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 500} | ({"cursor": cursor} if cursor else {})
        response = await running.client.get("/api/v1/incidents", params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


async def _decision(running: Platform, partner: str, incident: dict[str, Any]) -> dict[str, Any]:
    params = {
        "partner_org": partner,
        "country": incident["country"],
        "category": incident["category"],
        "sensitivity": incident["sensitivity"],
        "available_at": incident["created_at"],
    }
    response = await running.client.get("/api/v1/sharing/decision", params=params, headers=ADMIN)
    assert response.status_code == 200, response.text
    decision: dict[str, Any] = response.json()
    return decision


class TestDemoPartnerAccess:
    @pytest.mark.timeout(300)
    async def test_each_partner_sees_its_share_at_once_and_nothing_outside_it(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            await _load_demo(running)
            everything = await _all_ids(running, ADMIN)
            keys = {
                org: await running.key(Role.PARTNER, org=org, clearance=Clearance.CONFIDENTIAL)
                for org in EXPORTS
            }

            async def unama_share() -> list[dict[str, Any]]:
                return await _all_ids(running, keys["UNAMA"])

            await eventually(unama_share, timeout=60)  # the sharing terms travel as events
            for partner, headers in keys.items():
                await self._check_share(running, partner, headers, everything)

    async def _check_share(
        self,
        running: Platform,
        partner: str,
        headers: dict[str, str],
        everything: list[dict[str, Any]],
    ) -> None:
        seen = await _all_ids(running, headers)
        assert seen, f"{partner} sees nothing"
        for incident in seen:
            decision = await _decision(running, partner, incident)
            assert decision["allowed"], (partner, incident["reference"], decision["reasons"])
        count = await running.client.get("/api/v1/incidents/count", headers=headers)
        assert count.json() == {"count": len(seen)}
        ids = {i["id"] for i in seen}
        geojson = await running.client.get("/api/v1/incidents/export.geojson", headers=headers)
        assert geojson.status_code == 200, geojson.text
        exported = {f["id"] for f in json.loads(geojson.text)["features"]}
        assert exported == (ids if "geojson" in EXPORTS[partner] else set())
        if partner == "OSCE":
            await self._check_embargo(running, seen, everything)

    async def _check_embargo(
        self, running: Platform, seen: list[dict[str, Any]], everything: list[dict[str, Any]]
    ) -> None:
        day_ago = datetime.now(UTC) - timedelta(hours=24)
        newest = [i for i in everything if datetime.fromisoformat(i["created_at"]) > day_ago]
        assert len(newest) >= ARRIVING_NOW
        held_back = []
        for incident in newest:
            reasons = {
                r["code"]: r["ok"] for r in (await _decision(running, "OSCE", incident))["reasons"]
            }
            if not reasons["embargo"] and all(
                ok for code, ok in reasons.items() if code != "embargo"
            ):
                held_back.append(incident["id"])
        assert held_back, "no demo report shows the OSCE's embargo at work"
        assert not set(held_back) & {i["id"] for i in seen}
