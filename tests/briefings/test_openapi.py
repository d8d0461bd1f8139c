"""The service describes its API, including the Markdown and HTML renderings."""

from __future__ import annotations

import httpx


class TestOpenApi:
    async def test_documents_every_route_and_rendering(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/openapi.json")
        assert response.status_code == 200, response.text
        paths = response.json()["paths"]
        assert set(paths) == {
            "/api/v1/briefings",
            "/api/v1/briefings/{briefing_id}",
            "/api/v1/briefings/{briefing_id}/transitions",
            "/api/v1/briefings/{briefing_id}/versions",
            "/api/v1/briefings/{briefing_id}/reach",
            "/api/v1/briefings/feed",
            "/api/v1/briefings/feed/shares",
        }
        content = paths["/api/v1/briefings/{briefing_id}"]["get"]["responses"]["200"]["content"]
        assert {"application/json", "text/markdown", "text/html"} <= set(content)
        feed = paths["/api/v1/briefings/feed"]["get"]["responses"]["200"]["content"]
        assert {"application/json", "application/atom+xml", "application/feed+json"} <= set(feed)
        for path in paths.values():
            for operation in path.values():
                assert operation.get("description"), operation["operationId"]
