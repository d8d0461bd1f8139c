"""The country-teams API takes JSON bodies as JSON only."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.country_teams.factories import activity_body, assert_problem, team_body


class TestJsonBodies:
    @pytest.mark.parametrize("media", ["text/plain", "application/xml", None])
    async def test_team_sent_as_another_media_type_is_415(
        self, client: httpx.AsyncClient, staff: dict[str, str], media: str | None
    ) -> None:
        headers = staff | ({"Content-Type": media} if media else {})
        response = await client.post(
            "/api/v1/country-teams", content=json.dumps(team_body()).encode(), headers=headers
        )
        listed = await client.get("/api/v1/country-teams", headers=staff)
        assert_problem(response, 415, "unsupported-media-type")
        assert response.json()["accepted"] == ["application/json"]
        assert listed.json()["items"] == []

    async def test_activity_sent_as_text_is_415(
        self, client: httpx.AsyncClient, staff: dict[str, str]
    ) -> None:
        response = await client.post(
            "/api/v1/activities",
            content=json.dumps(activity_body()).encode(),
            headers=staff | {"Content-Type": "text/plain"},
        )
        assert_problem(response, 415, "unsupported-media-type")
