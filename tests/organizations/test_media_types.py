"""The organizations API takes JSON bodies as JSON only."""

from __future__ import annotations

import httpx
import pytest

from tests.organizations.conftest import Callers, register

BODY = b'{"code": "OSCE", "kind": "regional_organization", "name": "OSCE"}'


class TestJsonBodies:
    @pytest.mark.parametrize("media", ["text/plain", "application/xml", None])
    async def test_register_sent_as_another_media_type_is_415(
        self, client: httpx.AsyncClient, callers: Callers, media: str | None
    ) -> None:
        headers = callers.admin | ({"Content-Type": media} if media else {})
        response = await client.post("/api/v1/organizations", content=BODY, headers=headers)
        read = await client.get("/api/v1/organizations/OSCE", headers=callers.admin)
        assert response.status_code == 415, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/problems/unsupported-media-type"
        assert response.json()["accepted"] == ["application/json"]
        assert read.status_code == 404

    async def test_change_sent_as_text_is_415(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await register(client, callers.admin, "OSCE")
        response = await client.patch(
            "/api/v1/organizations/OSCE",
            content=b'{"name": "Renamed"}',
            headers=callers.admin | {"Content-Type": "text/plain", "If-Match": '"1"'},
        )
        assert response.status_code == 415, response.text
        assert response.headers["accept-patch"] == "application/json"
