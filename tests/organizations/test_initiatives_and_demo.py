"""Initiatives and their overlaps; the demo data loads once."""

from __future__ import annotations

from typing import Any

import httpx
from organizations.demo import seed_demo
from organizations.settings import OrganizationsSettings

from tests.organizations.conftest import Callers, register

URL = "/api/v1/initiatives"


async def initiative(client: httpx.AsyncClient, callers: Callers, **body: Any) -> dict[str, Any]:
    base = {
        "title": "Dialogue",
        "kind": "dialogue",
        "countries": ["KGZ"],
        "themes": ["water_energy_dispute"],
        "status": "ongoing",
    }
    response = await client.post(URL, json=base | body, headers=callers.officer)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


class TestInitiatives:
    async def test_overlaps_between_organizations(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        for code in ("OSCE", "SCO", "CIS"):
            await register(client, callers.officer, code)
        a = await initiative(
            client, callers, organization_code="OSCE", starts_on="2026-01-01", ends_on="2026-12-31"
        )
        b = await initiative(
            client,
            callers,
            organization_code="SCO",
            countries=["KGZ", "TJK"],
            starts_on="2026-06-01",
            ends_on="2026-11-30",
        )
        await initiative(client, callers, organization_code="CIS", starts_on="2027-01-01")
        await initiative(client, callers, organization_code="OSCE", themes=["border_incident"])
        await initiative(
            client, callers, organization_code="CIS", themes=["border_incident"], status="completed"
        )
        response = await client.get(f"{URL}/overlaps", headers=callers.analyst)
        assert response.status_code == 200, response.text
        overlaps = response.json()
        assert [(o["country"], o["theme"], o["organizations"]) for o in overlaps] == [
            ("KGZ", "water_energy_dispute", ["OSCE", "SCO"])
        ]
        assert {i["id"] for i in overlaps[0]["initiatives"]} == {a["id"], b["id"]}
        filtered = await client.get(
            f"{URL}/overlaps", params={"country": "TJK"}, headers=callers.analyst
        )
        assert filtered.json() == []

    async def test_list_filters_and_update(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.officer, "OSCE")
        created = await initiative(client, callers, organization_code="OSCE")
        changed = await client.patch(
            f"{URL}/{created['id']}",
            json={"status": "suspended"},
            headers=callers.officer | {"If-Match": '"1"'},
        )
        assert changed.status_code == 200, changed.text
        listed = await client.get(
            URL, params={"status": "suspended", "country": "KGZ"}, headers=callers.analyst
        )
        assert [i["id"] for i in listed.json()["items"]] == [created["id"]]
        assert (await client.get(URL, headers=callers.partner("OSCE"))).status_code == 403

    async def test_bad_period_is_refused(self, client: httpx.AsyncClient, callers: Callers) -> None:
        await register(client, callers.officer, "OSCE")
        body = {
            "organization_code": "OSCE",
            "title": "x",
            "kind": "dialogue",
            "countries": ["KGZ"],
            "themes": ["other"],
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
        }
        response = await client.post(URL, json=body, headers=callers.officer)
        assert response.status_code == 422, response.text


class TestDemo:
    async def test_seed_loads_once(
        self, service_settings: dict[str, Any], client: httpx.AsyncClient, callers: Callers
    ) -> None:
        settings = OrganizationsSettings(**service_settings)
        first = await seed_demo(settings)
        assert first > 20
        assert await seed_demo(settings) == 0
        orgs = await client.get(
            "/api/v1/organizations", params={"limit": 100}, headers=callers.analyst
        )
        codes = {o["code"] for o in orgs.json()["items"]}
        assert {
            "MFA-KAZ",
            "MFA-UZB",
            "OSCE",
            "CIS",
            "SCO",
            "CSTO",
            "EU",
            "UNAMA",
            "WB",
            "IMF",
            "UNODC",
        } <= codes
        decision = await client.get(
            "/api/v1/sharing/decision",
            params={
                "partner_org": "UNAMA",
                "country": "TJK",
                "category": "drug_trafficking",
                "sensitivity": "internal",
                "available_at": "2026-02-01T00:00:00+00:00",
            },
            headers=callers.analyst,
        )
        assert decision.json()["allowed"] is True, decision.text
        overdue = await client.get(
            "/api/v1/engagements/follow-ups/overdue", headers=callers.analyst
        )
        assert len(overdue.json()["items"]) == 1
