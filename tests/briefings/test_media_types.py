"""The briefings API takes JSON bodies as JSON only."""

from __future__ import annotations

import httpx
import pytest

from tests.briefings.factories import BRIEFINGS, create_briefing

Headers = dict[str, str]


class TestJsonBodies:
    @pytest.mark.parametrize("media", ["text/plain", "application/xml", None])
    async def test_draft_sent_as_another_media_type_is_415(
        self, client: httpx.AsyncClient, analyst: Headers, media: str | None
    ) -> None:
        headers = analyst | ({"Content-Type": media} if media else {})
        response = await client.post(
            BRIEFINGS, content=b'{"kind": "daily_situation_brief"}', headers=headers
        )
        listed = await client.get(BRIEFINGS, headers=analyst)
        assert response.status_code == 415, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/problems/unsupported-media-type"
        assert response.json()["accepted"] == ["application/json"]
        assert listed.json()["items"] == []

    async def test_transition_sent_as_text_is_415(
        self, client: httpx.AsyncClient, analyst: Headers
    ) -> None:
        briefing = await create_briefing(client, analyst)
        response = await client.post(
            f"{BRIEFINGS}/{briefing['id']}/transitions",
            content=b'{"action": "submit"}',
            headers=analyst | {"Content-Type": "text/plain", "If-Match": '"1"'},
        )
        assert response.status_code == 415, response.text
        assert response.headers["accept-post"] == "application/json"
