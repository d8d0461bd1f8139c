"""The gateway's operational endpoints: liveness, readiness, OpenAPI document and docs."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from pdp_common.errors import PROBLEM_JSON, problem

from gateway.dependencies import GatewayDep
from gateway.readiness import check_upstreams

router = APIRouter()


@router.get("/livez", include_in_schema=False)
async def read_liveness() -> dict[str, str]:
    """Answer while the process runs."""
    return {"status": "ok"}


@router.get("/readyz", include_in_schema=False)
async def read_readiness(gateway: GatewayDep) -> JSONResponse:
    """Report the gateway's database and every upstream; 503 only when the gateway cannot serve.

    A failing upstream makes the status "degraded" (its routes answer 503) while every other
    route keeps working, so the gateway itself stays ready.
    """
    settings = gateway.settings
    try:
        await asyncio.wait_for(gateway.platform.db.ping(), timeout=2.0)
        database = "ok"
    except Exception as exc:
        database = f"failing: {type(exc).__name__}"
    upstreams = await check_upstreams(
        gateway.upstreams, timeout_seconds=settings.readiness_timeout_seconds
    )
    checks: dict[str, Any] = {"database": database, "upstreams": upstreams}
    if database != "ok":
        body = problem(
            status=503,
            code="not-ready",
            title="Not ready",
            detail="The gateway's database is unavailable.",
            checks=checks,
        )
        return JSONResponse(body, status_code=503, media_type=PROBLEM_JSON)
    status = "ok" if all(v == "ok" for v in upstreams.values()) else "degraded"
    return JSONResponse({"status": status, "checks": checks})


@router.get("/openapi.json", include_in_schema=False)
async def read_openapi(gateway: GatewayDep) -> JSONResponse:
    """Return the aggregated OpenAPI document of the platform."""
    return JSONResponse(gateway.openapi.document())


@router.get("/docs", include_in_schema=False)
async def read_docs() -> HTMLResponse:
    """Serve interactive API documentation."""
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Preventive Diplomacy Platform")
