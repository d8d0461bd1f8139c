"""The incidents API takes JSON bodies as JSON only; the import keeps its own media types."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.incidents.factories import Callers, incident_payload

PROBLEM = "application/problem+json"


class TestJsonBodies:
    @pytest.mark.parametrize("media", ["text/plain", "application/xml", None])
    async def test_create_sent_as_another_media_type_is_415_and_stores_nothing(
        self, client: httpx.AsyncClient, callers: Callers, media: str | None
    ) -> None:
        headers = callers.analyst | ({"Content-Type": media} if media else {})
        response = await client.post(
            "/api/v1/incidents", content=json.dumps(incident_payload()).encode(), headers=headers
        )
        listed = await client.get("/api/v1/incidents", headers=callers.analyst)
        assert response.status_code == 415, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["type"] == "/problems/unsupported-media-type"
        assert response.json()["accepted"] == ["application/json"]
        assert response.headers["accept-post"] == "application/json"
        assert listed.json()["items"] == []

    async def test_update_sent_as_xml_is_415_naming_accept_patch(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        created = await client.post(
            "/api/v1/incidents", json=incident_payload(), headers=callers.analyst
        )
        assert created.status_code == 201, created.text
        response = await client.patch(
            f"/api/v1/incidents/{created.json()['id']}",
            content=b"<incident><severity>4</severity></incident>",
            headers=callers.analyst | {"Content-Type": "application/xml", "If-Match": '"1"'},
        )
        assert response.status_code == 415, response.text
        assert response.headers["accept-patch"] == "application/json"


class TestImport:
    async def test_import_keeps_its_own_media_type_rule(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.post(
            "/api/v1/incidents/imports",
            content=b"<incidents/>",
            headers=callers.analyst | {"Content-Type": "application/xml"},
        )
        assert response.status_code == 415, response.text
        assert response.json()["type"] == "/problems/incident-import-media-type"
