"""Pages that go with an OpenAPI document: the document itself, Swagger UI and ReDoc with their
assets served from the ``fastapi-offline`` package (the Centre's network may be offline), and one
page per problem type (the ``type`` member of every error points to it)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from pdp_common.errors import NotFoundError
from pdp_common.openapi.problem_schemas import CODES_KEY

Document = Callable[[], dict[str, Any]]
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
ASSET_CACHE = "public, max-age=86400"
_CODE_SPAN = re.compile(r"`([^`]+)`")
_CODE_HTML = r"<code>\1</code>"


class ProblemTypeNotFound(NotFoundError):
    """No problem type of this name is described here."""

    code = "problem-type-not-found"
    title = "Problem type not found"


class AssetNotFound(NotFoundError):
    """The documentation pages use no asset of this name."""

    code = "asset-not-found"
    title = "Asset not found"


def docs_router(*, title: str, document: Document) -> APIRouter:
    """Return the routes of the document, Swagger UI (``/docs``) and ReDoc (``/redoc``)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/openapi.json")
    async def read_openapi() -> JSONResponse:
        """Return the OpenAPI document."""
        return JSONResponse(document())

    @router.get("/docs")
    async def read_swagger_ui() -> HTMLResponse:
        """Browse the API with Swagger UI."""
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{title}: API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon.png",
            swagger_ui_parameters={"validatorUrl": None, "displayOperationId": True},
        )

    @router.get("/redoc")
    async def read_redoc() -> HTMLResponse:
        """Read the API reference with ReDoc."""
        return get_redoc_html(
            openapi_url="/openapi.json",
            title=f"{title}: API reference",
            redoc_js_url="/docs/assets/redoc.standalone.js",
            redoc_favicon_url="/docs/assets/favicon.png",
            with_google_fonts=False,
        )

    @router.get("/docs/assets/{name}")
    async def read_docs_asset(name: str) -> FileResponse:
        """Return one asset of the documentation pages."""
        media_type = ASSETS.get(name)
        if media_type is None:
            raise AssetNotFound(f"No asset {name!r}.")
        return FileResponse(
            ASSETS_DIR / name, media_type=media_type, headers={"Cache-Control": ASSET_CACHE}
        )

    return router


def problems_router(*, document: Document) -> APIRouter:
    """Return the routes of the problem type pages (``/problems`` and ``/problems/<code>``)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/problems")
    async def list_problem_types(request: Request) -> Response:
        """List every problem type the API answers with."""
        catalogue = _catalogue(document())
        if _wants_json(request):
            return JSONResponse([_entry(code, item) for code, item in catalogue.items()])
        rows = "".join(
            f'<tr><td><a href="/problems/{html.escape(code)}"><code>{html.escape(code)}</code>'
            f"</a></td><td>{item['status']}</td><td>{html.escape(item['title'])}</td></tr>"
            for code, item in catalogue.items()
        )
        body = (
            "<p>Every error the API answers is an RFC 9457 problem "
            "(<code>application/problem+json</code>) whose <code>type</code> is one of these.</p>"
            "<table><thead><tr><th>type</th><th>status</th><th>title</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        return HTMLResponse(_page("Problem types", body))

    @router.get("/problems/{code}")
    async def read_problem_type(code: str, request: Request) -> Response:
        """Describe one problem type."""
        item = _catalogue(document()).get(code)
        if item is None:
            raise ProblemTypeNotFound(f"No problem type {code!r} is described here.")
        entry = _entry(code, item)
        if _wants_json(request):
            return JSONResponse(entry)
        example = {"type": entry["type"], "title": item["title"], "status": item["status"]}
        body = (
            f"<p><strong>Status {item['status']}</strong> &middot; "
            f"type <code>{html.escape(entry['type'])}</code></p>"
            f"{_paragraphs(item['description'])}"
            "<h2>Example</h2>"
            f"<pre>{html.escape(json.dumps(example, indent=2, ensure_ascii=False))}</pre>"
            '<p><a href="/problems">All problem types</a> &middot; '
            '<a href="/docs">API documentation</a></p>'
        )
        return HTMLResponse(_page(str(item["title"]), body))

    return router


def _catalogue(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    catalogue: dict[str, dict[str, Any]] = document.get(CODES_KEY, {})
    return catalogue


def _entry(code: str, item: dict[str, Any]) -> dict[str, Any]:
    return {"type": f"/problems/{code}", "code": code} | item


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "json" in accept and "text/html" not in accept


def _paragraphs(text: str) -> str:
    parts = text.split("\n\n")
    return "".join("<p>" + _CODE_SPAN.sub(_CODE_HTML, html.escape(p)) + "</p>" for p in parts)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5;color:#1a1a1a}code,pre{background:#f2f4f7;border-radius:3px}"
        "pre{padding:.75rem;overflow:auto}table{border-collapse:collapse;width:100%}"
        "th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d0d5dd}"
        "a{color:#0b5cab}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>"
    )
