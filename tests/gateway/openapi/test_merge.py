"""Merging services' OpenAPI documents: allow-listed paths, shared components, problems."""

from __future__ import annotations

from typing import Any

from gateway.openapi.merge import merge


def _service(path: str, schemas: dict[str, Any], ref: str) -> dict[str, Any]:
    operation = {
        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": ref}}}}},
        "parameters": [{"in": "header", "name": "X-PDP-Identity", "required": True}],
    }
    return {
        "paths": {path: {"get": operation}, "/internal/replay": {"post": operation}},
        "components": {"schemas": schemas},
    }


class TestMerge:
    def test_identical_components_are_kept_once(self) -> None:
        problem = {"type": "object", "properties": {"title": {"type": "string"}}}
        merged = merge(
            {"openapi": "3.1.0", "paths": {}},
            {
                "incidents": _service(
                    "/api/v1/incidents", {"Problem": problem}, "#/components/schemas/Problem"
                ),
                "briefings": _service(
                    "/api/v1/briefings", {"Problem": problem}, "#/components/schemas/Problem"
                ),
            },
        )
        assert list(merged["components"]["schemas"]) == ["Problem"]
        assert "/internal/replay" not in merged["paths"]
        assert "parameters" not in merged["paths"]["/api/v1/incidents"]["get"]

    def test_clashing_components_are_prefixed_and_refs_follow(self) -> None:
        a = {"Item": {"type": "string"}, "Page": {"items": {"$ref": "#/components/schemas/Item"}}}
        b = {"Item": {"type": "integer"}, "Page": {"items": {"$ref": "#/components/schemas/Item"}}}
        merged = merge(
            {"openapi": "3.1.0", "paths": {}},
            {
                "incidents": _service("/api/v1/incidents", a, "#/components/schemas/Page"),
                "country-teams": _service("/api/v1/activities", b, "#/components/schemas/Page"),
            },
        )
        schemas = merged["components"]["schemas"]
        assert set(schemas) == {"Item", "Page", "CountryTeamsItem", "CountryTeamsPage"}
        assert (
            schemas["CountryTeamsPage"]["items"]["$ref"] == "#/components/schemas/CountryTeamsItem"
        )
        ref = merged["paths"]["/api/v1/activities"]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"]["$ref"]
        assert ref == "#/components/schemas/CountryTeamsPage"

    def test_a_service_cannot_publish_another_services_routes(self) -> None:
        merged = merge(
            {"openapi": "3.1.0", "paths": {}},
            {"briefings": _service("/api/v1/incidents", {}, "#/components/schemas/X")},
        )
        assert merged["paths"] == {}
