"""Unknown country codes in the country-teams API answer 422 naming the field."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.country_teams.factories import activity_body, assert_problem, create_team, team_body


def assert_country_refused(response: httpx.Response, loc: list[str]) -> None:
    """Assert a 422 problem whose only error is an unknown country at ``loc``."""
    assert_problem(response, 422, "validation-failed")
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert [(e["loc"], e["type"]) for e in errors] == [(loc, "country_code")], errors


class TestFilters:
    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/country-teams",
            "/api/v1/activities",
            "/api/v1/activities/3w",
            "/api/v1/activities/gaps",
        ],
    )
    async def test_unknown_country_filter_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str], path: str
    ) -> None:
        response = await client.get(path, params={"country": "XXX"}, headers=staff)
        assert_country_refused(response, ["query", "country"])

    async def test_known_country_filter_lists(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        team = await create_team(client, staff, "TJK")
        listed = await client.get("/api/v1/country-teams", params={"country": "TJK"}, headers=staff)
        assert listed.status_code == 200, listed.text
        assert [t["id"] for t in listed.json()["items"]] == [team["id"]]


class TestBodies:
    async def test_team_of_an_unknown_country_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.post("/api/v1/country-teams", json=team_body("XXX"), headers=staff)
        assert_country_refused(response, ["body", "country"])

    async def test_known_country_outside_the_five_keeps_its_own_refusal(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.post("/api/v1/country-teams", json=team_body("FRA"), headers=staff)
        assert_problem(response, 422, "country-team-missing")

    async def test_activity_in_an_unknown_country_is_422(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        await create_team(client, staff, "KGZ")
        response = await client.post("/api/v1/activities", json=activity_body("QQQ"), headers=staff)
        assert_country_refused(response, ["body", "country"])
