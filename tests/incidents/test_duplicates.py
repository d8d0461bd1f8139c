"""Duplicate candidates and merges keep every provenance."""

from __future__ import annotations

import httpx

from tests.incidents.factories import Callers
from tests.incidents.helpers import create


class TestDuplicates:
    async def test_finds_near_same_category_and_merges(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        centre = await create(client, callers.analyst, "AFG", category="border_incident")
        unama = await create(
            client, callers.analyst, "AFG", category="border_incident",
            latitude=36.75, longitude=67.15, origin={"org": "UNAMA", "external_id": "U-7"},
            sources=[{"name": "UNAMA", "type": "un_agency", "reliability": "A", "credibility": 2}],
        )  # fmt: skip
        await create(client, callers.analyst, "AFG", category="terrorism")
        await create(client, callers.analyst, "KAZ", category="border_incident")
        response = await client.get(
            f"/api/v1/incidents/{centre['id']}/duplicates", headers=callers.analyst
        )
        assert response.status_code == 200, response.text
        assert [c["incident"]["id"] for c in response.json()] == [unama["id"]]
        assert 0 < response.json()[0]["distance_km"] < 25

        merged = await client.post(
            f"/api/v1/incidents/{centre['id']}/merge",
            json={"duplicate_ids": [unama["id"]], "reason": "same clash"},
            headers=callers.analyst,
        )
        assert merged.status_code == 200, merged.text
        body = merged.json()
        assert [p["org"] for p in body["provenances"]] == ["UNRCCA", "UNAMA"]
        assert body["independent_sources"] == 3
        duplicate = await client.get(f"/api/v1/incidents/{unama['id']}", headers=callers.analyst)
        assert duplicate.json()["merged_into"] == centre["id"]
        listed = await client.get(
            "/api/v1/incidents", params={"country": "AFG"}, headers=callers.analyst
        )
        assert unama["id"] not in {i["id"] for i in listed.json()["items"]}
        again = await client.post(
            f"/api/v1/incidents/{centre['id']}/merge",
            json={"duplicate_ids": [unama["id"]], "reason": "again"},
            headers=callers.analyst,
        )
        assert again.status_code == 409, again.text
