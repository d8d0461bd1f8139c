"""Liveness and readiness: ``/livez`` says the process runs, ``/readyz`` that it can serve."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from pdp_common.errors import PROBLEM_JSON, problem

router = APIRouter(tags=["health"])


@router.get("/livez", include_in_schema=False)
async def read_liveness() -> dict[str, str]:
    """Answer while the process runs."""
    return {"status": "ok"}


async def _check_database(request: Request) -> str:
    try:
        await asyncio.wait_for(request.app.state.platform.db.ping(), timeout=2.0)
    except Exception as exc:
        return f"failing: {type(exc).__name__}"
    return "ok"


@router.get("/readyz", include_in_schema=False)
async def read_readiness(request: Request) -> JSONResponse:
    """Answer 200 when the database and NATS are reachable, 503 otherwise."""
    platform = request.app.state.platform
    checks: dict[str, Any] = {"database": await _check_database(request)}
    if platform.settings.nats_enabled:
        checks["nats"] = "ok" if platform.bus.is_connected else "failing: disconnected"
    ready = all(value == "ok" for value in checks.values())
    if ready:
        return JSONResponse({"status": "ok", "checks": checks})
    body = problem(
        status=503,
        code="not-ready",
        title="Not ready",
        detail="A dependency of this service is unavailable.",
        checks=checks,
    )
    return JSONResponse(body, status_code=503, media_type=PROBLEM_JSON)
