"""An unreachable database is told from a bug: 503 problem+json for the first, 500 for the second.

The errors are the real drivers' own: asyncpg against a loopback port nothing listens on and
against the test PostgreSQL server, aiosqlite against a file."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pdp_common.errors import PROBLEM_JSON, install_error_handlers
from pdp_common.testing.databases import postgres_admin_url
from pdp_common.testing.nats_server import free_port
from pdp_common.unavailable import database_unavailable
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine


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
