"""The platform's pytest plugin (enabled in the root pyproject with ``-p``).

Fixtures: ``nats_server`` (a real nats-server with JetStream on a free port, per worker),
``nats_url`` (that server with every stream deleted, per test), ``nats_cluster`` (three nodes
routed to each other, per test, to kill one), ``database`` (parametrized: a SQLite
file, and a PostgreSQL schema in a database made for this worker), ``identities`` (gateway-signed
identity tokens), ``span_exporter`` (spans finished during the test).

PostgreSQL must be reachable (``PDP_TEST_POSTGRES_URL`` or 127.0.0.1:5432): when it is not, the
PostgreSQL tests fail; they are never skipped.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from pdp_common.identity import IdentitySigner, generate_keypair, load_private_key
from pdp_common.testing.apps import Identities, running
from pdp_common.testing.databases import (
    DatabaseTarget,
    create_database,
    drop_database,
    postgres_admin_url,
)
from pdp_common.testing.nats_cluster import NatsCluster
from pdp_common.testing.nats_server import NatsServer, delete_streams

_EXPORTER = InMemorySpanExporter()
BACKENDS = ("sqlite", "postgres")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backends",
        default=os.environ.get("PDP_TEST_BACKENDS", ",".join(BACKENDS)),
        help="Comma-separated database backends to run database tests on (sqlite,postgres).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "backends(*names): run this database test on these backends only (e.g. 'postgres' for "
        "a test of PostgreSQL's own features)",
    )
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider(resource=Resource.create({"service.name": "pdp-tests"}))
        provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
        trace.set_tracer_provider(provider)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" in metafunc.fixturenames:
        chosen = [b for b in metafunc.config.getoption("--backends").split(",") if b]
        only = metafunc.definition.get_closest_marker("backends")
        if only is not None:
            chosen = [b for b in chosen if b in only.args]
        metafunc.parametrize("db_backend", chosen, scope="function")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts = {backend: {"passed": 0, "failed": 0} for backend in BACKENDS}
    for outcome in ("passed", "failed", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") != "call" and outcome != "error":
                continue
            for backend in BACKENDS:
                if (
                    f"[{backend}" in report.nodeid
                    or f"-{backend}]" in report.nodeid
                    or f"-{backend}-" in report.nodeid
                ):
                    counts[backend]["passed" if outcome == "passed" else "failed"] += 1
    line = "; ".join(
        f"{'SQLite' if b == 'sqlite' else 'PostgreSQL'}: {c['passed']} passed, {c['failed']} failed"
        for b, c in counts.items()
    )
    terminalreporter.write_line(f"database tests - {line}")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def nats_server() -> Iterator[NatsServer]:
    """Start a real nats-server with JetStream for this test worker."""
    server = NatsServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def nats_cluster(tmp_path: Path) -> Iterator[NatsCluster]:
    """Start a three-node NATS cluster with JetStream for this test; stop it at the end."""
    cluster = NatsCluster(tmp_path / "nats-cluster")
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()


@pytest_asyncio.fixture
async def nats_url(nats_server: NatsServer) -> str:
    """Return the URL of the worker's nats-server with every stream deleted."""
    nats_server.start()
    await delete_streams(nats_server.url)
    return nats_server.url


@pytest_asyncio.fixture(scope="session")
async def postgres_url() -> AsyncIterator[str]:
    """Create a PostgreSQL database for this worker; drop it at the end of the session."""
    admin = postgres_admin_url()
    name = f"pdp_test_{_worker()}_{os.getpid()}"
    try:
        url = await create_database(admin, name)
    except (TimeoutError, OSError) as exc:
        pytest.fail(
            f"PostgreSQL is required for the PostgreSQL tests and is not reachable at {admin}: "
            f"{exc}. Start it or set PDP_TEST_POSTGRES_URL.",
            pytrace=False,
        )
    yield url
    await drop_database(admin, name)


_schema_counter = 0


@pytest.fixture
def database(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> DatabaseTarget:
    """Return a fresh database location on the backend under test."""
    global _schema_counter  # noqa: PLW0603
    if db_backend == "sqlite":
        return DatabaseTarget("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'service.db'}", None)
    url = request.getfixturevalue("postgres_url")
    _schema_counter += 1
    return DatabaseTarget("postgres", url, f"t{os.getpid()}_{_schema_counter}")


@pytest.fixture(scope="session")
def identities() -> Identities:
    """Sign identity tokens as the gateway would, with a key pair made for this session."""
    private_pem, public_pem = generate_keypair()
    return Identities(IdentitySigner(load_private_key(private_pem)), public_pem)


@pytest.fixture
def span_exporter() -> InMemorySpanExporter:
    """Return the exporter holding the spans finished during this test."""
    _EXPORTER.clear()
    return _EXPORTER


@pytest.fixture
def service_settings(
    database: DatabaseTarget, nats_url: str, identities: Identities, tmp_path: Path
) -> dict[str, Any]:
    """Return the settings every service under test takes: its database, NATS and identity key."""
    return {
        "database_url": database.url,
        "database_schema": database.schema,
        "nats_url": nats_url,
        "identity_public_key": identities.public_pem.decode(),
        "log_json": True,
        "log_level": "WARNING",
        "relay_poll_seconds": 0.2,
        "var_dir": tmp_path,
    }


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run the ``app`` fixture of the test's package (lifespan included); return a client to it."""
    async with running(app) as http:
        yield http
