"""OWASP API8:2023 (security misconfiguration), through the gateway.

* ``TestSecurityHeaders``: answers of every kind (data, problem, refusal, documentation) carry
  ``nosniff``, no framing, no referrer and ``no-store``; data and problems carry a CSP that allows
  nothing;
* ``TestNoStackTraces``: the problems of a malformed body, a wrong type, an unknown route, a
  wrong method and a refused credential are RFC 9457 problems with no trace of the code behind;
* ``TestCors``: a preflight from an origin the gateway does not know gets no
  ``Access-Control-Allow-Origin``; a known origin gets exactly itself; ``TRACE`` is refused.
"""

from __future__ import annotations

import httpx

from tests.e2e.gateway_platform import Platform
from tests.security.world import ADMIN

KNOWN_ORIGIN = "https://dashboard.unrcca.example"
GATEWAY_SETTINGS = {"cors_origins": [KNOWN_ORIGIN]}
CODE_TRACES = ("Traceback", 'File "', ".py", "sqlalchemy", "asyncpg", "pydantic_core", "line ")


async def samples(running: Platform) -> dict[str, httpx.Response]:
    """Return answers of every kind the gateway gives."""
    client = running.client
    return {
        "data": await client.get("/api/v1/incidents", headers=ADMIN),
        "not found": await client.get("/api/v1/incidents/01a2219b-db73-755f-a8c4-1d678e1cfc26",
                                      headers=ADMIN),
        "unknown route": await client.get("/api/v1/nothing-here", headers=ADMIN),
        "no credential": await client.get("/api/v1/incidents"),
        "malformed body": await client.post("/api/v1/incidents", content=b'{"title": ',
                                            headers=ADMIN | {"Content-Type": "application/json"}),
        "wrong type": await client.post("/api/v1/incidents", json={"title": ["x"], "severity": "a"},
                                        headers=ADMIN),
        "bad query": await client.get("/api/v1/incidents", params={"limit": "many"},
                                      headers=ADMIN),
        "wrong method": await client.put("/api/v1/incidents", json={}, headers=ADMIN),
        "bad key": await client.get("/api/v1/incidents", headers={"X-API-Key": "pdp_unknown"}),
        "docs": await client.get("/docs"),
    }  # fmt: skip


class TestSecurityHeaders:
    async def test_every_kind_of_answer_carries_them(self, secured: Platform) -> None:
        for kind, response in (await samples(secured)).items():
            headers = response.headers
            assert headers["x-content-type-options"] == "nosniff", kind
            assert headers["x-frame-options"] == "DENY", kind
            assert headers["referrer-policy"] == "no-referrer", kind
            if kind != "docs":
                assert headers["cache-control"] == "no-store", kind
                assert "default-src 'none'" in headers["content-security-policy"], kind


class TestNoStackTraces:
    async def test_errors_are_problems_that_show_no_code(self, secured: Platform) -> None:
        for kind, response in (await samples(secured)).items():
            if kind in {"data", "docs"}:
                continue
            assert 400 <= response.status_code < 500, (kind, response.status_code, response.text)
            assert response.headers["content-type"] == "application/problem+json", kind
            body = response.json()
            assert {"type", "title", "status"} <= set(body), (kind, body)
            assert not [t for t in CODE_TRACES if t in response.text], (kind, response.text)


class TestCors:
    async def test_unknown_origins_get_no_permission(self, secured: Platform) -> None:
        preflight = {"Access-Control-Request-Method": "GET",
                     "Access-Control-Request-Headers": "X-API-Key"}  # fmt: skip
        unknown = await secured.client.options(
            "/api/v1/incidents", headers=preflight | {"Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in unknown.headers
        simple = await secured.client.get(
            "/api/v1/incidents", headers=ADMIN | {"Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in simple.headers
        known = await secured.client.options(
            "/api/v1/incidents", headers=preflight | {"Origin": KNOWN_ORIGIN}
        )
        assert known.headers["access-control-allow-origin"] == KNOWN_ORIGIN
        assert "access-control-allow-credentials" not in known.headers

    async def test_trace_is_not_served(self, secured: Platform) -> None:
        response = await secured.client.request("TRACE", "/api/v1/incidents", headers=ADMIN)
        assert response.status_code in {403, 404, 405}, response.text
        assert "x-api-key" not in response.text.lower()
