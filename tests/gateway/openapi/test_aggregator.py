"""The aggregated OpenAPI document and the interactive docs."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import GatewayHarness
from tests.shared.polling import eventually


class TestAggregatedDocument:
    async def test_it_holds_every_public_operation_and_nothing_internal(
        self, gateway: GatewayHarness
    ) -> None:
        async def fetch() -> dict[str, Any]:
            response = await gateway.client.get("/openapi.json")
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            return body

        document = await eventually(fetch, until=lambda d: "/api/v1/incidents/slow" in d["paths"])
        paths = document["paths"]
        assert "/api/v1/incidents/slow" in paths
        assert "/api/v1/api-keys" in paths
        assert "/api/v1/audit-records" in paths
        assert not [p for p in paths if p.startswith(("/internal", "/readyz", "/metrics"))]
        schemes = document["components"]["securitySchemes"]
        assert schemes["ApiKeyAuth"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
        assert schemes["BearerAuth"]["scheme"] == "bearer"
        slow = paths["/api/v1/incidents/slow"]["get"]
        assert slow["security"] == [{"ApiKeyAuth": []}, {"BearerAuth": []}]
        assert slow["x-pdp-service"] == "incidents"
        assert {"401", "403", "429", "503"} <= set(slow["responses"])
        assert paths["/api/v1/api-keys"]["post"]["security"]

    async def test_interactive_docs_are_served(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get("/docs")
        assert response.status_code == 200, response.text
        assert "/openapi.json" in response.text
