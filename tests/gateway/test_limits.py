"""Limits and failures: rate limits, body size, shape and arrival time, upstream timeouts and a
service that goes down."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
from pdp_common.identity import Role
from pdp_common.testing.databases import DatabaseTarget
from redis.asyncio import Redis

from tests.gateway.conftest import REDIS_URL, GatewayFactory, GatewayHarness
from tests.gateway.observability.test_metrics import scrape, value
from tests.gateway.upstream import LoopbackServer, free_port
from tests.shared.polling import eventually


class TestRateLimit:
    async def test_a_credential_past_its_rate_gets_429_with_retry_after(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, rate_limit_per_second=0.5, rate_limit_burst=3) as gw:
            key, _ = await gw.issue_key(Role.VIEWER)
            other, _ = await gw.issue_key(Role.VIEWER)
            statuses = [
                (await gw.client.get("/api/v1/incidents", headers={"X-API-Key": key})).status_code
                for _ in range(4)
            ]
            assert statuses == [200, 200, 200, 429]
            refused = await gw.client.get("/api/v1/incidents", headers={"X-API-Key": key})
            assert refused.status_code == 429
            assert int(refused.headers["retry-after"]) >= 1
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["type"] == "/problems/too-many-requests"
            fresh = await gw.client.get("/api/v1/incidents", headers={"X-API-Key": other})
            assert fresh.status_code == 200, fresh.text

    async def test_a_key_can_carry_its_own_rate(self, gateway: GatewayHarness) -> None:
        key, _ = await gateway.issue_key(Role.VIEWER, rate_limit_per_second=0.01)
        first = await gateway.client.get("/api/v1/incidents", headers={"X-API-Key": key})
        second = await gateway.client.get("/api/v1/incidents", headers={"X-API-Key": key})
        assert (first.status_code, second.status_code) == (200, 429)
        assert int(second.headers["retry-after"]) >= 90


class TestSharedRateLimit:
    async def test_limits_are_kept_in_redis_when_it_is_configured(
        self, make_gateway: GatewayFactory, database: DatabaseTarget, redis_prefix: str
    ) -> None:
        settings = {
            "rate_limit_per_second": 0.001,
            "rate_limit_burst": 2,
            "redis_url": REDIS_URL,
            "redis_key_prefix": redis_prefix,
            "redis_timeout_seconds": 10.0,
        }
        async with make_gateway(database, **settings) as gw:
            key, record = await gw.issue_key(Role.VIEWER)
            statuses = [
                (await gw.client.get("/api/v1/incidents", headers={"X-API-Key": key})).status_code
                for _ in range(3)
            ]
            samples = await scrape(gw.client)
        assert statuses == [200, 200, 429]
        assert value(samples, "pdp_gateway_rate_limit_store_up") == 1
        assert value(samples, "pdp_gateway_rate_limit_fallbacks_total", limiter="credential") == 0
        client = Redis.from_url(REDIS_URL)
        try:
            stored = await client.exists(f"{redis_prefix}credential:api-key:{record['id']}")
        finally:
            await client.aclose()
        assert stored == 1

    async def test_an_unreachable_redis_leaves_limits_to_each_replica_and_never_fails(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        settings = {
            "rate_limit_per_second": 0.001,
            "rate_limit_burst": 2,
            "auth_failure_rate_per_second": 0.001,
            "redis_url": f"redis://127.0.0.1:{free_port()}/0",
        }
        async with make_gateway(database, **settings) as gw:
            key, _ = await gw.issue_key(Role.VIEWER)
            statuses = [
                (await gw.client.get("/api/v1/incidents", headers={"X-API-Key": key})).status_code
                for _ in range(3)
            ]
            samples = await scrape(gw.client)
        assert statuses == [200, 200, 429]
        assert value(samples, "pdp_gateway_rate_limit_store_up") == 0
        assert value(samples, "pdp_gateway_rate_limit_fallbacks_total", limiter="credential") == 4
        assert (
            value(samples, "pdp_gateway_rate_limit_fallbacks_total", limiter="auth_failures") == 4
        )


class TestFailedAuthentications:
    async def test_an_address_that_keeps_failing_is_slowed_down(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        settings = {"auth_failure_rate_per_second": 0.01, "auth_failure_burst": 3}
        async with make_gateway(database, **settings) as gw:
            key, _ = await gw.issue_key(Role.VIEWER)
            bad = {"X-API-Key": "pdp_" + "x" * 40}
            statuses = [
                (await gw.client.get("/api/v1/incidents", headers=bad)).status_code
                for _ in range(3)
            ]
            assert statuses == [401, 401, 401]
            blocked = await gw.client.get("/api/v1/incidents", headers={"X-API-Key": key})
            assert blocked.status_code == 429, blocked.text
            assert int(blocked.headers["retry-after"]) >= 1
            elsewhere = httpx.ASGITransport(app=gw.app, client=("198.51.100.7", 1234))
            async with httpx.AsyncClient(transport=elsewhere, base_url="http://gw") as other:
                allowed = await other.get("/api/v1/incidents", headers={"X-API-Key": key})
            assert allowed.status_code == 200, allowed.text


class TestBodyLimit:
    async def test_a_declared_oversized_body_is_refused_before_reading(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, max_body_bytes=1024) as gw:
            key, _ = await gw.issue_key(Role.ANALYST)
            response = await gw.client.post(
                "/api/v1/incidents", content=b"x" * 1025, headers={"X-API-Key": key}
            )
            assert response.status_code == 413, response.text
            assert response.json()["type"] == "/problems/payload-too-large"
            fits = await gw.client.post(
                "/api/v1/incidents", content=b"x" * 1024, headers={"X-API-Key": key}
            )
            assert fits.status_code == 200, fits.text

    async def test_a_streamed_oversized_body_is_refused(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(10):
                yield b"y" * 512

        async with make_gateway(database, max_body_bytes=2048) as gw:
            key, _ = await gw.issue_key(Role.ANALYST)
            for path in ("/api/v1/incidents", "/api/v1/api-keys"):
                headers = {"X-API-Key": key} if "incidents" in path else gw.admin
                response = await gw.client.post(path, content=chunks(), headers=headers)
                assert response.status_code == 413, f"{path}: {response.text}"

    async def test_imports_take_the_import_limit_and_other_routes_the_global_one(
        self, gateway: GatewayHarness
    ) -> None:
        key, _ = await gateway.issue_key(Role.ANALYST)
        headers = {"X-API-Key": key, "Content-Type": "text/csv"}
        between = b"x" * (2 * 1_048_576)
        accepted = await gateway.client.post(
            "/api/v1/incidents/imports", content=between, headers=headers
        )
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["body_length"] == len(between)
        elsewhere = await gateway.client.post("/api/v1/incidents", content=between, headers=headers)
        assert elsewhere.status_code == 413, elsewhere.text
        above = await gateway.client.post(
            "/api/v1/incidents/imports", content=b"x" * (16 * 1_048_576 + 1), headers=headers
        )
        assert above.status_code == 413, above.text
        assert above.headers["content-type"] == "application/problem+json"
        assert above.json()["type"] == "/problems/payload-too-large"

    async def test_a_streamed_import_is_held_to_the_import_limit(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        def chunks(count: int) -> AsyncIterator[bytes]:
            async def generate() -> AsyncIterator[bytes]:
                for _ in range(count):
                    yield b"y" * 512

            return generate()

        limits = {"max_body_bytes": 1024, "import_max_body_bytes": 4096}
        async with make_gateway(database, **limits) as gw:
            key, _ = await gw.issue_key(Role.ANALYST)
            headers = {"X-API-Key": key}
            path = "/api/v1/incidents/imports"
            fits = await gw.client.post(path, content=chunks(6), headers=headers)
            assert fits.status_code == 200, fits.text
            assert fits.json()["body_length"] == 3072
            over = await gw.client.post(path, content=chunks(9), headers=headers)
            assert over.status_code == 413, over.text
            assert over.json()["type"] == "/problems/payload-too-large"


class TestBodyShapeAndTime:
    async def test_a_stalled_body_is_answered_408_and_never_forwarded(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        never = asyncio.Event()

        async def stalls() -> AsyncIterator[bytes]:
            yield b'{"title": '
            await never.wait()  # the client sends nothing more

        async with make_gateway(database, body_read_timeout_seconds=0.2) as gw:
            key, _ = await gw.issue_key(Role.ANALYST)
            for path, headers in (
                ("/api/v1/incidents", {"X-API-Key": key}),
                ("/api/v1/api-keys", gw.admin),
            ):
                response = await gw.client.post(path, content=stalls(), headers=headers)
                assert response.status_code == 408, f"{path}: {response.text}"
                assert response.headers["connection"] == "close"
                assert response.json()["type"] == "/problems/body-timeout"
                assert "body_length" not in response.json()

    async def test_the_gateways_own_json_bodies_are_held_to_the_json_limits(
        self, gateway: GatewayHarness
    ) -> None:
        before = await gateway.client.get("/api/v1/api-keys", headers=gateway.admin)
        deep = b"[" * 100_000 + b"]" * 100_000
        headers = gateway.admin | {"Content-Type": "application/json"}
        response = await gateway.client.post("/api/v1/api-keys", content=deep, headers=headers)
        assert response.status_code == 413, response.text
        assert response.json()["type"] == "/problems/body-too-complex"
        nul = b'{"name": "a\\u0000b", "org": "UNRCCA", "roles": ["analyst"]}'
        response = await gateway.client.post("/api/v1/api-keys", content=nul, headers=headers)
        assert response.status_code == 400, response.text
        assert response.json()["type"] == "/problems/malformed-body"
        after = await gateway.client.get("/api/v1/api-keys", headers=gateway.admin)
        assert after.json() == before.json()

    async def test_forwarded_json_bodies_are_left_to_the_service(
        self, gateway: GatewayHarness
    ) -> None:
        key, _ = await gateway.issue_key(Role.ANALYST)
        deep = b"[" * 100_000 + b"]" * 100_000
        headers = {"X-API-Key": key, "Content-Type": "application/json"}
        response = await gateway.client.post("/api/v1/incidents", content=deep, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["body_length"] == len(deep)


class TestUpstreamFailures:
    async def test_a_slow_service_gets_504(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, upstream_timeout_seconds=0.2) as gw:
            key, _ = await gw.issue_key(Role.VIEWER)
            response = await gw.client.get(
                "/api/v1/incidents/slow?seconds=5", headers={"X-API-Key": key}
            )
            assert response.status_code == 504, response.text
            assert response.json()["type"] == "/problems/gateway-timeout"

    async def test_a_killed_service_gets_503_and_recovers(
        self, gateway: GatewayHarness, upstreams: dict[str, LoopbackServer]
    ) -> None:
        key, _ = await gateway.issue_key(Role.VIEWER)
        headers = {"X-API-Key": key}
        client = gateway.client
        assert (await client.get("/api/v1/briefings/1", headers=headers)).status_code == 200
        await upstreams["briefings"].stop()
        try:
            down = await client.get("/api/v1/briefings/1", headers=headers)
            assert down.status_code == 503, down.text
            assert down.headers["content-type"] == "application/problem+json"
            assert down.json()["type"] == "/problems/service-unavailable"
            others = await client.get("/api/v1/incidents/1", headers=headers)
            assert others.status_code == 200, others.text
            ready = await client.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert ready.json()["status"] == "degraded"
            assert ready.json()["checks"]["upstreams"]["briefings"].startswith("unreachable")
            assert ready.json()["checks"]["upstreams"]["incidents"] == "ok"
        finally:
            await upstreams["briefings"].start()

        async def status() -> int:
            return (await client.get("/api/v1/briefings/1", headers=headers)).status_code

        assert await eventually(status, until=lambda s: s == 200) == 200
        ready = await client.get("/readyz")
        assert ready.json()["status"] == "ok", ready.text


class TestCors:
    async def test_configured_origins_are_allowed(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        origin = "https://console.unrcca.org"
        async with make_gateway(database, cors_origins=[origin]) as gw:
            preflight = await gw.client.options(
                "/api/v1/incidents",
                headers={
                    "Origin": origin,
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "X-API-Key, Content-Type",
                },
            )
            assert preflight.status_code == 200, preflight.text
            assert preflight.headers["access-control-allow-origin"] == origin
            key, _ = await gw.issue_key(Role.VIEWER)
            response = await gw.client.get(
                "/api/v1/incidents", headers={"Origin": origin, "X-API-Key": key}
            )
            assert response.headers["access-control-allow-origin"] == origin
            assert "X-Request-ID" in response.headers["access-control-expose-headers"]
            stranger = await gw.client.get(
                "/api/v1/incidents", headers={"Origin": "https://evil.example", "X-API-Key": key}
            )
            assert "access-control-allow-origin" not in stranger.headers
