"""The platform the security tests attack: the four services and the gateway on loopback, started
once per test module and database backend, with a world of records owned by the Centre."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from pdp_common.testing.databases import DatabaseTarget
from pdp_common.testing.nats_server import NatsServer, delete_streams

from tests.e2e.gateway_platform import Platform, platform
from tests.security.world import DOCUMENTATION_NETWORK, World, build_world


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "security_backend" in metafunc.fixturenames:
        chosen = [b for b in metafunc.config.getoption("--backends").split(",") if b]
        metafunc.parametrize("security_backend", chosen, scope="module")


@pytest.fixture(scope="module")
def security_database(
    security_backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> tuple[DatabaseTarget, Path]:
    """Return where this module's platform keeps its data, and its working directory."""
    tmp_path = tmp_path_factory.mktemp(f"security-{security_backend}")
    if security_backend == "sqlite":
        return DatabaseTarget("sqlite", "", None), tmp_path
    url = request.getfixturevalue("postgres_url")
    return DatabaseTarget("postgres", url, f"sec_{tmp_path.name.replace('-', '_')}"), tmp_path


@pytest_asyncio.fixture(scope="module")
async def secured(
    security_database: tuple[DatabaseTarget, Path],
    nats_server: NatsServer,
    request: pytest.FixtureRequest,
) -> AsyncIterator[Platform]:
    """Run the platform on the module's backend for the tests of one module."""
    target, tmp_path = security_database
    nats_server.start()
    await delete_streams(nats_server.url)
    with pytest.MonkeyPatch.context() as patch:
        # The world's partner feeds and webhooks point there (the settings read the environment).
        patch.setenv("PDP_INCIDENTS_OUTBOUND_ALLOWED_NETWORKS", DOCUMENTATION_NETWORK)
        patch.setenv("PDP_GATEWAY_OUTBOUND_ALLOWED_NETWORKS", DOCUMENTATION_NETWORK)
        async with platform(target, nats_server.url, tmp_path, **gateway_overrides(request)) as run:
            yield run


# The matrices send hundreds of requests per credential; the rate limit has a module of its own.
GENEROUS_LIMITS: dict[str, object] = {
    "rate_limit_per_second": 10_000.0,
    "rate_limit_burst": 10_000,
    # An event stream is endless: end each one soon, so that every request has an end.
    "events_max_connection_seconds": 0.5,
    "events_fetch_seconds": 0.25,
}


def gateway_overrides(request: pytest.FixtureRequest) -> dict[str, object]:
    """Return the gateway settings a module asks for in its ``GATEWAY_SETTINGS``."""
    return GENEROUS_LIMITS | dict(getattr(request.module, "GATEWAY_SETTINGS", {}))


@pytest_asyncio.fixture(scope="module")
async def world(secured: Platform) -> World:
    """Seed the Centre's records and issue the callers' keys, once per module."""
    return await build_world(secured)
