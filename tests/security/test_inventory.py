"""OWASP API9:2023 (improper inventory management), through the gateway.

* ``TestGatewayRoutes``: every route the gateway serves itself is in its OpenAPI document or is
  one of the operational pages (health, readiness, metrics, documentation, problem catalogue,
  event schemas);
* ``TestServiceRoutes``: every route a service serves that its public document does not list
  (internal endpoints, metrics, health) answers through the gateway as a path that does not
  exist; so do paths an attacker tries (old API versions, admin consoles, dot files, escapes).
"""

from __future__ import annotations

import re
import uuid

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Route

from tests.contract.documents import complete_document
from tests.e2e.gateway_platform import FACTORIES, Platform
from tests.security.world import ADMIN

OPERATIONAL = frozenset({
    "/", "/livez", "/readyz", "/metrics", "/openapi.json", "/docs", "/redoc",
    "/docs/assets/{name}", "/problems", "/problems/{code}", "/events/schemas/{event_type}",
})  # fmt: skip
GUESSES = (
    "/admin", "/.env", "/.git/config", "/server-status", "/debug", "/console",
    "/api/v2/incidents", "/api/v0/incidents", "/api/incidents", "/internal/outbox",
    "/api/v1/internal", "/api/v1/incidents/internal/stats", "/api/v1/%2e%2e/internal",
    "/api/v1/incidents/..%2f..%2finternal", "/api/v1/admin", "/api/v1/users",
)  # fmt: skip
_PARAM = re.compile(r"\{[^}]+\}")


def route_paths(routes: list[BaseRoute]) -> set[str]:
    """Return the path templates of ``routes``."""
    return {r.path for r in routes if isinstance(r, APIRoute | Route)}


def filled(path: str) -> str:
    """Return ``path`` with every parameter replaced by an id that names nothing."""
    return _PARAM.sub(lambda _: str(uuid.uuid4()), path.replace(":uuid", ""))


class TestGatewayRoutes:
    async def test_every_own_route_is_documented_or_operational(self, secured: Platform) -> None:
        document = await complete_document(secured)
        own = route_paths(secured.gateway.routes)
        undocumented = own - set(document["paths"]) - OPERATIONAL
        assert not undocumented


class TestServiceRoutes:
    async def test_undocumented_service_routes_are_out_of_reach(self, secured: Platform) -> None:
        document = await complete_document(secured)
        hidden: set[str] = set()
        for name, factory in FACTORIES.items():
            app = factory(secured.settings[name])
            hidden |= route_paths(app.routes) - set(document["paths"])
        hidden -= OPERATIONAL  # these paths are the gateway's own pages
        reached = []
        for path in sorted(hidden | set(GUESSES)):
            for method in ("GET", "POST"):
                response = await secured.client.request(method, filled(path), headers=ADMIN)
                if response.status_code not in {400, 404}:
                    reached.append(f"{method} {path}: {response.status_code}")
                elif response.status_code == 404:
                    assert response.headers["content-type"] == "application/problem+json"
        assert not reached, reached
