"""Recording, reading and updating incidents."""

from __future__ import annotations

import re

import httpx

from tests.incidents.factories import Callers, incident_payload


class TestCreateIncident:
    async def test_creates_and_reads_back(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        response = await client.post(
            "/api/v1/incidents", json=incident_payload(), headers=callers.analyst
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert re.fullmatch(r"INC-KGZ-\d{4}-\d{6}", body["reference"])
        assert body["status"] == "reported"
        assert body["independent_sources"] == 2
        assert response.headers["etag"] == '"1"'
        read = await client.get(f"/api/v1/incidents/{body['id']}", headers=callers.viewer)
        assert read.status_code == 200, read.text
        assert read.json()["title"] == body["title"]
