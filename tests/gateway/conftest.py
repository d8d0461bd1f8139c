"""Fixtures of the gateway tests: real upstream servers and the gateway running in-process."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from gateway.forwarding.routes import SERVICES
from gateway.main import create_app
from gateway.settings import GatewaySettings
from pdp_common.identity import Clearance, Role, generate_keypair
from pdp_common.testing.apps import running
from pdp_common.testing.databases import DatabaseTarget
from redis.asyncio import Redis
from redis.exceptions import RedisError

from tests.gateway.issuer import AUDIENCE, ISSUER, TestIssuer
from tests.gateway.upstream import LoopbackServer, upstream_server

ADMIN_KEY = "pdp_test-bootstrap-admin-key-0123456789abcdef"
REDIS_URL = os.environ.get("PDP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class GatewayHarness:
    """The gateway under test, a client speaking to it, and helpers to make credentials."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        self.app = app
        self.client = client
        self.admin = {"X-API-Key": ADMIN_KEY}

    async def issue_key(
        self,
        *roles: Role,
        org: str = "UNRCCA",
        clearance: Clearance = Clearance.INTERNAL,
        **fields: Any,
    ) -> tuple[str, dict[str, Any]]:
        """Issue an API key through the admin API; return its secret and record."""
        body = {
            "name": f"test {'/'.join(roles)}",
            "org": org,
            "roles": [r.value for r in roles],
            "clearance": clearance.value,
            **fields,
        }
        response = await self.client.post("/api/v1/api-keys", json=body, headers=self.admin)
        assert response.status_code == 201, response.text
        record = response.json()
        return record["key"], record

    async def bearer(
        self,
        *roles: Role,
        org: str = "UNRCCA",
        clearance: Clearance = Clearance.INTERNAL,
        subject: str = "person@unrcca.org",
    ) -> dict[str, str]:
        """Return headers with a bearer token from the development issuer."""
        body = {
            "subject": subject,
            "org": org,
            "roles": [r.value for r in roles],
            "clearance": clearance.value,
        }
        response = await self.client.post("/dev-issuer/token", json=body)
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="session")
def identity_keys() -> tuple[bytes, bytes]:
    """Return the gateway's identity key pair (private PEM, public PEM) for this session."""
    return generate_keypair()


@pytest_asyncio.fixture(scope="session")
async def upstreams(identity_keys: tuple[bytes, bytes]) -> AsyncIterator[dict[str, LoopbackServer]]:
    """Serve one test upstream per service on loopback ports."""
    servers = {name: upstream_server(name, identity_keys[1]) for name in SERVICES}
    for server in servers.values():
        await server.start()
    yield servers
    for server in servers.values():
        await server.stop()


def gateway_settings(
    target: DatabaseTarget,
    servers: dict[str, LoopbackServer],
    identity_keys: tuple[bytes, bytes],
    tmp_path: Path,
    **overrides: Any,
) -> GatewaySettings:
    """Return settings pointing the gateway at ``target`` and the test upstreams."""
    values: dict[str, Any] = {
        "database_url": target.url,
        "database_schema": target.schema,
        "incidents_url": servers["incidents"].url,
        "organizations_url": servers["organizations"].url,
        "country_teams_url": servers["country-teams"].url,
        "briefings_url": servers["briefings"].url,
        "identity_private_key": identity_keys[0].decode(),
        "bootstrap_admin_key": ADMIN_KEY,
        "log_level": "WARNING",
        "var_dir": tmp_path,
        "rate_limit_per_second": 10_000.0,
        "rate_limit_burst": 10_000,
        "audit_flush_seconds": 0.05,
        "openapi_refresh_seconds": 3600.0,
        "nats_enabled": False,
    }
    return GatewaySettings(**(values | overrides))


GatewayFactory = Callable[..., AbstractAsyncContextManager[GatewayHarness]]


@pytest.fixture
def make_gateway(
    upstreams: dict[str, LoopbackServer], identity_keys: tuple[bytes, bytes], tmp_path: Path
) -> GatewayFactory:
    """Return a factory running a gateway on a database with optional setting overrides."""

    @asynccontextmanager
    async def factory(target: DatabaseTarget, **overrides: Any) -> AsyncIterator[GatewayHarness]:
        settings = gateway_settings(target, upstreams, identity_keys, tmp_path, **overrides)
        app = create_app(settings)
        async with running(app) as client:
            yield GatewayHarness(app, client)

    return factory


@pytest_asyncio.fixture
async def gateway(
    make_gateway: GatewayFactory, database: DatabaseTarget
) -> AsyncIterator[GatewayHarness]:
    """Run the gateway on each database backend."""
    async with make_gateway(database) as harness:
        yield harness


@pytest.fixture(scope="session")
def test_issuer() -> TestIssuer:
    """Return the external token issuer of this session."""
    return TestIssuer()


@pytest_asyncio.fixture(scope="session")
async def issuer_server(test_issuer: TestIssuer) -> AsyncIterator[LoopbackServer]:
    """Serve the external issuer's JWKS on a loopback port."""
    server = LoopbackServer(test_issuer.app, "issuer")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def external_issuer(issuer_server: LoopbackServer) -> dict[str, Any]:
    """Return settings that make the gateway trust the external issuer (no development issuer)."""
    return {
        "jwt_jwks_url": f"{issuer_server.url}/jwks.json",
        "jwt_issuer": ISSUER,
        "jwt_audience": AUDIENCE,
        "jwks_min_refetch_seconds": 0.0,
    }


@pytest_asyncio.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """Return a key prefix of this test on the test Redis; delete its keys afterwards.

    Redis must answer (``PDP_TEST_REDIS_URL``, default 127.0.0.1:6379): the tests that need it
    fail when it does not; they are never skipped.
    """
    client = Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        pytest.fail(
            f"Redis is required for the shared rate-limit tests and is not reachable at "
            f"{REDIS_URL}: {exc!r}. Start it or set PDP_TEST_REDIS_URL.",
            pytrace=False,
        )
    prefix = f"pdp:test:{uuid.uuid4().hex}:"
    yield prefix
    try:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()
