"""The gateway's own pages: its home page, liveness and readiness."""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pdp_common.health import check_database, not_ready

from gateway.dependencies import GatewayDep
from gateway.system.readiness import check_upstreams

router = APIRouter()
TITLE = "Preventive Diplomacy Platform"


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
    database = await check_database(gateway.platform.db)
    upstreams = await check_upstreams(
        gateway.upstreams, timeout_seconds=settings.readiness_timeout_seconds
    )
    checks: dict[str, Any] = {"database": database, "upstreams": upstreams}
    if database != "ok":
        return not_ready("The gateway's database is unavailable.", checks)
    status = "ok" if all(v == "ok" for v in upstreams.values()) else "degraded"
    return JSONResponse({"status": status, "checks": checks})


@router.get("/", include_in_schema=False)
async def read_home(request: Request) -> Response:
    """Point to the API documentation and the platform's other pages."""
    links = {
        "documentation": "/docs",
        "reference": "/redoc",
        "openapi": "/openapi.json",
        "problem_types": "/problems",
        "readiness": "/readyz",
    }
    accept = request.headers.get("accept", "")
    if "json" in accept and "text/html" not in accept:
        return JSONResponse({"name": TITLE, "links": links})
    items = "".join(
        f'<li><a href="{href}">{html.escape(text)}</a></li>'
        for text, href in (
            ("API documentation (Swagger UI)", links["documentation"]),
            ("API reference (ReDoc)", links["reference"]),
            ("OpenAPI document", links["openapi"]),
            ("Problem types", links["problem_types"]),
            ("Readiness", links["readiness"]),
        )
    )
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{TITLE}</title></head>"
        '<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto">'
        f"<h1>{TITLE}</h1><p>The information platform of the UN Regional Centre for Preventive "
        "Diplomacy for Central Asia. Systems call its REST API with an API key "
        "(<code>X-API-Key</code>) or a bearer token.</p>"
        f"<ul>{items}</ul></body></html>"
    )
    return HTMLResponse(body)
