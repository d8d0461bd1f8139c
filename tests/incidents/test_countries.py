"""Unknown country codes in the incidents API answer 422 naming the field, never an empty page."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.incidents.factories import Callers, incident_payload


def assert_country_refused(response: httpx.Response, loc: list[str]) -> None:
    """Assert a 422 problem whose only error is an unknown country at ``loc``."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert [(e["loc"], e["type"]) for e in errors] == [(loc, "country_code")], errors


class TestFilters:
    @pytest.mark.parametrize("path", ["/api/v1/incidents", "/api/v1/incidents/count"])
    async def test_unknown_country_filter_is_422(
        self, client: httpx.AsyncClient, callers: Callers, path: str
    ) -> None:
        response = await client.get(path, params={"country": "XXX"}, headers=callers.analyst)
        assert_country_refused(response, ["query", "country", "0"])

    async def test_each_listed_country_is_checked(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.get(
            "/api/v1/incidents", params={"country": ["KGZ", "QQQ"]}, headers=callers.analyst
        )
        assert_country_refused(response, ["query", "country", "1"])

    async def test_known_country_filter_lists(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        created = await client.post(
            "/api/v1/incidents", json=incident_payload("KGZ"), headers=callers.analyst
        )
        assert created.status_code == 201, created.text
        listed = await client.get(
            "/api/v1/incidents", params={"country": "KGZ"}, headers=callers.analyst
        )
        assert listed.status_code == 200, listed.text
        assert [i["id"] for i in listed.json()["items"]] == [created.json()["id"]]


class TestBodies:
    async def test_create_with_unknown_country_is_422_and_stores_nothing(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.post(
            "/api/v1/incidents",
            json=incident_payload() | {"country": "XXX"},
            headers=callers.analyst,
        )
        count = await client.get("/api/v1/incidents/count", headers=callers.analyst)
        assert_country_refused(response, ["body", "country"])
        assert count.json() == {"count": 0}

    async def test_update_to_unknown_country_is_422(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        created = await client.post(
            "/api/v1/incidents", json=incident_payload(), headers=callers.analyst
        )
        response = await client.patch(
            f"/api/v1/incidents/{created.json()['id']}",
            json={"country": "QQQ"},
            headers=callers.analyst | {"If-Match": '"1"'},
        )
        assert_country_refused(response, ["body", "country"])

    async def test_import_reports_the_row_with_an_unknown_country(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        batch = {"incidents": [incident_payload(), incident_payload() | {"country": "XXX"}]}
        response = await client.post(
            "/api/v1/incidents/imports", json=batch, headers=callers.analyst
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["accepted"], report["rejected"]) == (1, 1)
        assert report["rows"][1]["errors"][0]["field"] == "country"
