"""An unreachable database is told from a bug: 503 problem+json for the first, 500 for the second.

The errors are the real drivers' own: asyncpg against a loopback port nothing listens on, against
the test PostgreSQL server and through a TCP gate that cuts it off, aiosqlite against a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pdp_common.errors import PROBLEM_JSON, install_error_handlers
from pdp_common.middleware import RequestIdMiddleware
from pdp_common.testing.apps import Identities, running
from pdp_common.testing.databases import DatabaseTarget, postgres_admin_url
from pdp_common.testing.nats_server import free_port
from pdp_common.unavailable import database_unavailable
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from tests.shared.sample.service import SampleSettings, create_app
from tests.shared.tcp_gate import TcpGate


def _closed_port_url() -> str:
    return f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/postgres"


async def _error_of(url: str, sql: str) -> BaseException:
    engine = create_async_engine(url, connect_args={"timeout": 5} if "asyncpg" in url else {})
    try:
        async with engine.connect() as connection:
            await connection.execute(text(sql))
    except Exception as exc:
        return exc
    finally:
        await engine.dispose()
    raise AssertionError(f"{sql!r} did not fail")


def _app(url: str, sql: str) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/write")
    async def write() -> dict[str, str]:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(sql))
        finally:
            await engine.dispose()
        return {"ok": "yes"}

    return app


async def _post(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post("/write")


class TestDatabaseUnavailable:
    async def test_a_refused_connection_is_unavailable(self) -> None:
        assert database_unavailable(await _error_of(_closed_port_url(), "SELECT 1"))

    async def test_a_failing_statement_on_postgres_is_not(self) -> None:
        url = make_url(postgres_admin_url()).render_as_string(hide_password=False)

        assert not database_unavailable(await _error_of(url, "SELECT 1 / 0"))

    async def test_a_failing_statement_on_sqlite_is_not(self, tmp_path: Path) -> None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"

        assert not database_unavailable(await _error_of(url, "SELECT * FROM missing_table"))

    def test_an_unrelated_error_is_not(self) -> None:
        assert not database_unavailable(ValueError("bad value"))


class TestRendering:
    async def test_an_unreachable_database_is_answered_503_problem_json(self) -> None:
        response = await _post(_app(_closed_port_url(), "SELECT 1"))

        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.headers["retry-after"] == "1"
        assert response.json()["type"].endswith("/temporarily-unavailable")

    async def test_a_bug_is_still_answered_500(self, tmp_path: Path) -> None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"

        response = await _post(_app(url, "SELECT * FROM missing_table"))

        assert response.status_code == 500, response.text
        assert response.headers["content-type"] == PROBLEM_JSON


@pytest.mark.parametrize("sqlstate", ["08006", "57P03", "53300"])
def test_an_error_carrying_an_outage_sqlstate_is_unavailable(sqlstate: str) -> None:
    class DriverError(Exception):
        pass

    error = DriverError("server unavailable")
    error.sqlstate = sqlstate  # type: ignore[attr-defined]

    wrapped = RuntimeError("statement failed")
    wrapped.__cause__ = error
    assert database_unavailable(wrapped)


class TestRenderingByTheRequestContext:
    """In a service, ``RequestIdMiddleware`` meets an unexpected error before the app's handler."""

    async def test_an_unreachable_database_is_answered_503_with_the_request_id(self) -> None:
        app = _app(_closed_port_url(), "SELECT 1")
        app.add_middleware(RequestIdMiddleware)

        response = await _post(app)

        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.headers["retry-after"] == "1"
        body = response.json()
        assert body["type"].endswith("/temporarily-unavailable")
        assert body["request_id"] == response.headers["x-request-id"]

    async def test_a_bug_is_still_answered_500(self, tmp_path: Path) -> None:
        app = _app(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", "SELECT * FROM missing_table")
        app.add_middleware(RequestIdMiddleware)

        response = await _post(app)

        assert response.status_code == 500, response.text
        assert response.json()["type"].endswith("/internal-error")


@pytest.mark.backends("postgres")  # a TCP outage; SQLite has no connection to cut
class TestServiceDuringAnOutage:
    async def test_writes_get_503_while_the_database_is_away_and_succeed_after(
        self, service_settings: dict[str, Any], database: DatabaseTarget, identities: Identities
    ) -> None:
        upstream = make_url(database.url)
        async with TcpGate(upstream.host or "127.0.0.1", upstream.port or 5432) as gate:
            through_gate = upstream.set(host="127.0.0.1", port=gate.port)
            settings = SampleSettings(
                **service_settings | {"database_url": through_gate.render_as_string(False)}
            )
            async with running(create_app(settings)) as client:
                gate.shut()
                during = await client.post(
                    "/api/v1/notes", json={"text": "away"}, headers=identities.headers()
                )
                gate.open()
                after = await client.post(
                    "/api/v1/notes", json={"text": "back"}, headers=identities.headers()
                )

        assert during.status_code == 503, during.text
        assert during.headers["content-type"] == PROBLEM_JSON
        assert during.headers["retry-after"] == "1"
        assert after.status_code == 201, after.text
