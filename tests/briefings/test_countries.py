"""Unknown country codes in the briefings API answer 422 naming the field."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from briefings.models import Briefing
from fastapi import FastAPI
from sqlalchemy import update

from tests.briefings.factories import BRIEFINGS, create_briefing

Headers = dict[str, str]
V1 = {"If-Match": '"1"'}


def assert_country_refused(response: httpx.Response, loc: list[str]) -> None:
    """Assert a 422 problem whose only error is an unknown country at ``loc``."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert [(e["loc"], e["type"]) for e in errors] == [(loc, "country_code")], errors


class TestBodies:
    async def test_draft_for_an_unknown_country_is_422_and_stores_nothing(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        body = {"kind": "daily_situation_brief", "countries": ["KGZ", "XXX"]}
        response = await client.post(BRIEFINGS, json=body, headers=analyst)
        listed = await client.get(BRIEFINGS, headers=analyst)
        assert_country_refused(response, ["body", "countries", "1"])
        assert listed.json()["items"] == []

    async def test_development_of_an_unknown_country_is_422(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst, countries=["KGZ"])
        development = {"country": "QQQ", "summary": "Nothing."}
        sections = briefing["sections"] | {"developments": [development]}
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}", json={"sections": sections}, headers=analyst | V1
        )
        assert_country_refused(response, ["body", "sections", "developments", "0", "country"])

    async def test_sections_recorded_earlier_are_still_read_and_kept_as_stored(
        self, app: FastAPI, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst, countries=["KGZ"])
        legacy = briefing["sections"] | {"developments": [{"country": "QQQ", "summary": "Old."}]}
        async with app.state.platform.db.transaction() as session:
            await session.execute(
                update(Briefing)
                .where(Briefing.id == uuid.UUID(briefing["id"]))
                .values(sections=legacy)
            )
        read = await client.get(f"{BRIEFINGS}/{briefing['id']}", headers=analyst)
        retitled = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}", json={"title": "Retitled"}, headers=analyst | V1
        )
        assert read.status_code == 200, read.text
        assert read.json()["sections"]["developments"][0]["country"] == "QQQ"
        assert retitled.status_code == 200, retitled.text
        assert retitled.json()["sections"]["developments"][0]["country"] == "QQQ"
