"""The service describes its API: every route documented, problem responses included."""

from __future__ import annotations

import httpx


class TestOpenApi:
    async def test_documents_every_route(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/openapi.json")
        assert response.status_code == 200, response.text
        document = response.json()
        assert set(document["paths"]) == {
            "/api/v1/country-teams",
            "/api/v1/country-teams/{country_team_id}",
            "/api/v1/activities",
            "/api/v1/activities/3w",
            "/api/v1/activities/gaps",
            "/api/v1/activities/{activity_id}",
        }
        for path in document["paths"].values():
            for operation in path.values():
                assert operation.get("description"), operation["operationId"]
