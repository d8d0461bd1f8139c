"""Coordinates must lie in the stated country (with a border tolerance), or be refused."""

from __future__ import annotations

import httpx
import pytest

from tests.incidents.factories import Callers, incident_payload


class TestGeoChecks:
    async def test_point_in_another_country_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        payload = incident_payload("KGZ", latitude=41.311, longitude=69.279)  # Tashkent
        response = await client.post("/api/v1/incidents", json=payload, headers=callers.analyst)
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["reason"] == "outside_country"
        assert problem["actual_countries"] == ["UZB"]
        listed = await client.get("/api/v1/incidents/count", headers=callers.analyst)
        assert listed.json() == {"count": 0}

    async def test_point_just_across_the_border_is_tolerated(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        # Just inside Uzbekistan near the Kyrgyz border at Osh; geo precision 2 allows 25 km.
        payload = incident_payload("KGZ", latitude=40.575, longitude=72.745, geo_precision=2)
        response = await client.post("/api/v1/incidents", json=payload, headers=callers.analyst)
        assert response.status_code == 201, response.text

    @pytest.mark.parametrize(("lat", "lon"), [(95.0, 72.0), (40.0, 200.0)])
    async def test_impossible_coordinates_are_refused(
        self, client: httpx.AsyncClient, callers: Callers, lat: float, lon: float
    ) -> None:
        payload = incident_payload("KGZ", latitude=lat, longitude=lon)
        response = await client.post("/api/v1/incidents", json=payload, headers=callers.analyst)
        assert response.status_code == 422, response.text

    async def test_update_moving_the_point_abroad_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        created = await client.post(
            "/api/v1/incidents", json=incident_payload("KGZ"), headers=callers.analyst
        )
        response = await client.patch(
            f"/api/v1/incidents/{created.json()['id']}",
            json={"latitude": 43.238, "longitude": 76.886},  # Almaty
            headers=callers.analyst | {"If-Match": '"1"'},
        )
        assert response.status_code == 422, response.text
        assert response.json()["actual_countries"] == ["KAZ"]
