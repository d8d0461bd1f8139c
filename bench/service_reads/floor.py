"""The floor under every service read: what a request costs before a service does any work of its
own, measured by the same harness as the services (``python -m bench.service_reads.floor serve``,
uvicorn, one worker, the same load generator and CPU clock).

Three apps, each answering one trivial JSON document:

- ``bare``: a bare FastAPI app (``GET /floor``), no middleware, no dependency;
- ``platform``: the platform's app (``create_service_app``: its middleware, error handlers,
  metrics and identity) with an endpoint that verifies the caller's identity token
  (``GET /api/v1/floor/platform``);
- ``session``: the same app and identity, plus ``SELECT 1`` through the request's read session
  (``GET /api/v1/floor/session``): the least a database read can cost on this stack.

The platform app runs without NATS (no relay, no consumers): the floor leaves out the services'
background work. ``PDP_FLOOR_APP=bare`` serves the bare app, anything else the platform app.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import ClassVar

import uvicorn
from fastapi import APIRouter, FastAPI
from pdp_common.app import create_service_app
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.logging import setup_logging
from pdp_common.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict
from sqlalchemy import text

from bench.credentials import identity_keys
from bench.service_reads.processes import Running, free_port, serving_together, start
from bench.service_reads.profiler import PROFILE_FILE_VARIABLE

APP_VARIABLE = "PDP_FLOOR_APP"
BARE_PATH = "/floor"
PLATFORM_PATH = "/api/v1/floor/platform"
SESSION_PATH = "/api/v1/floor/session"
BARE, PLATFORM = "floor-bare", "floor"


class FloorSettings(ServiceSettings):
    """Settings of the floor apps (environment prefix ``PDP_FLOOR_``)."""

    model_config = SettingsConfigDict(env_prefix="PDP_FLOOR_", extra="ignore", frozen=True)

    service_name: ClassVar[str] = "floor"


def bare_app() -> FastAPI:
    """Return a bare FastAPI app: one trivial JSON endpoint and a readiness probe."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/readyz")
    async def read_readiness() -> dict[str, str]:
        return {"status": "ready"}

    @app.get(BARE_PATH)
    async def read_bare_floor() -> dict[str, bool]:
        return {"ok": True}

    return app


router = APIRouter()


@router.get("/floor/platform")
async def read_platform_floor(principal: PrincipalDep) -> dict[str, str]:
    """Return the verified caller's subject."""
    return {"subject": principal.subject}


@router.get("/floor/session")
async def read_session_floor(principal: PrincipalDep, session: SessionDep) -> dict[str, int]:
    """Return ``SELECT 1`` read through the request's session, for a verified caller."""
    value = (await session.execute(text("SELECT 1"))).scalar_one()
    return {"value": int(value)}


def platform_app(settings: FloorSettings) -> FastAPI:
    """Return the platform's app with the floor endpoints (no migrations, no events)."""
    return create_service_app(
        settings, title="Floor", description="The floor of a request.", routers=[router]
    )


def serve() -> None:
    """Serve the app ``PDP_FLOOR_APP`` names as the services' ``serve`` command does."""
    settings = FloorSettings()
    setup_logging(settings.service_name, level=settings.log_level, json_output=settings.log_json)
    app = bare_app() if os.environ.get(APP_VARIABLE) == "bare" else platform_app(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=settings.log_access,
        timeout_graceful_shutdown=10,
        log_config=None,
    )


def _env(name: str, port: int, url: str, schema: str | None, work_dir: Path) -> dict[str, str]:
    env = {
        APP_VARIABLE: "bare" if name == BARE else "platform",
        "PDP_FLOOR_HOST": "127.0.0.1",
        "PDP_FLOOR_PORT": str(port),
        "PDP_FLOOR_DATABASE_URL": url,
        "PDP_FLOOR_LOG_LEVEL": "WARNING",
        "PDP_FLOOR_NATS_ENABLED": "false",
        "PDP_FLOOR_VAR_DIR": str(work_dir),
        "PDP_FLOOR_IDENTITY_PUBLIC_KEY_FILE": str(identity_keys(work_dir)[1]),
        PROFILE_FILE_VARIABLE: str(work_dir / "profiles" / f"{name}.prof"),
    }
    if schema:
        env["PDP_FLOOR_DATABASE_SCHEMA"] = schema
    return env


@contextlib.asynccontextmanager
async def running_floors(
    url: str, schema: str | None, *, work_dir: Path, profiled: bool = False
) -> AsyncIterator[dict[str, Running]]:
    """Start the bare app and the platform app (on database ``url``), named by their kinds.

    The platform app trusts the identity key under ``work_dir``, the one the platform's gateway
    signs with (``bench.credentials.identity_keys``)."""
    logs = work_dir / "logs"
    starts = []
    for name in (BARE, PLATFORM):
        port = free_port()
        env = _env(name, port, url, schema, work_dir)
        starts.append(
            start(name, "bench.service_reads.floor", port=port, env=env, log_dir=logs,
                  profiled=profiled)
        )  # fmt: skip
    async with serving_together(starts) as running:
        yield {r.name: r for r in running}


if __name__ == "__main__":
    if sys.argv[1:] != ["serve"]:
        raise SystemExit("usage: python -m bench.service_reads.floor serve")
    serve()
