"""Liveness and readiness: ``/livez`` says the process runs, ``/readyz`` that it can serve.

``/readyz`` answers 503 only when the service cannot serve: its database fails. A broker that is
away does not stop it: reads are served and writes are accepted, their events waiting in the
outbox until the broker returns, so the answer stays 200 with ``"status": "degraded"``, the broker
check saying why, and the outbox backlog telling how many events wait::

    {"status": "degraded",
     "checks": {"database": "ok", "nats": "unavailable: disconnected"},
     "nats": {"server": null},
     "outbox": {"backlog": 5}}

``nats.server`` names the server the service is connected to right now (one of the cluster's
nodes when ``PDP_NATS_URL`` lists several), ``null`` while it is not connected.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from pdp_common.db import Database
from pdp_common.errors import PROBLEM_JSON, problem

router = APIRouter(tags=["health"])
CHECK_TIMEOUT_SECONDS = 2.0
NATS_UNAVAILABLE = "unavailable: disconnected"


@router.get("/livez", include_in_schema=False)
async def read_liveness() -> dict[str, str]:
    """Answer while the process runs."""
    return {"status": "ok"}


async def check_database(db: Database) -> str:
    """Return "ok" when ``db`` answers a ping in time, else "failing: <error type>"."""
    try:
        await asyncio.wait_for(db.ping(), timeout=CHECK_TIMEOUT_SECONDS)
    except Exception as exc:
        return f"failing: {type(exc).__name__}"
    return "ok"


def not_ready(detail: str, checks: dict[str, Any]) -> JSONResponse:
    """Answer 503 ``not-ready`` problem+json carrying the ``checks`` that failed readiness."""
    body = problem(status=503, code="not-ready", title="Not ready", detail=detail, checks=checks)
    return JSONResponse(body, status_code=503, media_type=PROBLEM_JSON)


async def _outbox_backlog(request: Request) -> int | None:
    """Return how many events wait in the outbox, or None when it cannot be read in time."""
    relay = request.app.state.platform.relay
    try:
        return int(await asyncio.wait_for(relay.backlog(), timeout=CHECK_TIMEOUT_SECONDS))
    except Exception:
        return None


@router.get("/readyz", include_in_schema=False)
async def read_readiness(request: Request) -> JSONResponse:
    """Answer 200 while the database answers ("degraded" without NATS), 503 otherwise."""
    platform = request.app.state.platform
    checks: dict[str, Any] = {"database": await check_database(platform.db)}
    if platform.settings.nats_enabled:
        checks["nats"] = "ok" if platform.bus.is_connected else NATS_UNAVAILABLE
    if checks["database"] != "ok":
        return not_ready("The database of this service is unavailable.", checks)
    status = "ok" if all(value == "ok" for value in checks.values()) else "degraded"
    content: dict[str, Any] = {"status": status, "checks": checks}
    if platform.settings.nats_enabled:
        content["nats"] = {"server": platform.bus.connected_server}
        content["outbox"] = {"backlog": await _outbox_backlog(request)}
    return JSONResponse(content)
