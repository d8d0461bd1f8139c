"""OWASP API4:2023 (unrestricted resource consumption), through the gateway.

* ``TestPageSizes``: every operation of the merged OpenAPI document with a ``limit`` parameter
  answers its documented maximum and refuses one more with a 422 problem, and refuses zero and
  negative sizes the same way;
* the rate limit: ``tests/security/test_rate_limit.py``.
"""

from __future__ import annotations

from typing import Any

from tests.contract.documents import complete_document
from tests.e2e.gateway_platform import Platform
from tests.security.openapi_routes import Operation, operations
from tests.security.world import ADMIN


def limit_of(operation: Operation) -> dict[str, Any] | None:
    """Return the schema of the operation's ``limit`` query parameter (its integer branch when
    the parameter is optional without a fixed default: ``anyOf`` integer or null), or None."""
    for parameter in operation.operation.get("parameters", []):
        if parameter.get("name") == "limit" and parameter.get("in") == "query":
            schema: dict[str, Any] = parameter["schema"]
            branches = [b for b in schema.get("anyOf", []) if b.get("type") == "integer"]
            return branches[0] if branches else schema
    return None


class TestPageSizes:
    async def test_every_limit_stops_at_its_documented_maximum(self, secured: Platform) -> None:
        document = await complete_document(secured)
        paged = [
            (op, schema)
            for op in operations(document)
            if op.method == "GET" and not op.params and (schema := limit_of(op)) is not None
        ]
        assert len(paged) >= 8
        wrong = []
        for operation, schema in paged:
            assert "maximum" in schema, f"{operation.path}: limit without a maximum"
            top = int(schema["maximum"])
            for size, wanted in ((top, 200), (top + 1, 422), (0, 422), (-1, 422)):
                response = await secured.client.get(
                    operation.path, params={"limit": size}, headers=ADMIN
                )
                if response.status_code != wanted:
                    wrong.append(f"{operation.path}?limit={size}: {response.status_code}")
                elif wanted == 422:
                    assert response.headers["content-type"] == "application/problem+json"
        assert not wrong, wrong
