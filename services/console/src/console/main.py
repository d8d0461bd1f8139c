"""The console app factory: pages, static assets, health, and how failures are shown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from console import pages, signin
from console.dependencies import SignInRequired
from console.gateway_client import ApiProblem, GatewayClient
from console.rendering import render
from console.security_headers import SecurityHeaders
from console.session import end_session
from console.settings import ConsoleSettings

STATIC_DIR = Path(__file__).parent / "static"


def _sign_in_redirect(next_path: str, *, expired: bool) -> Response:
    query = {"next": next_path} | ({"expired": "1"} if expired else {})
    response = RedirectResponse("/sign-in?" + urlencode(query), status_code=303)
    if expired:
        end_session(response)
    return response


async def _on_sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return _sign_in_redirect(exc.next_path, expired=exc.expired)


async def _on_api_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiProblem)
    if exc.status == 401:
        back = request.url.path if request.method == "GET" else "/"
        return _sign_in_redirect(back, expired=True)
    status = exc.status if 400 <= exc.status < 600 else 502
    return render(request, "error.html", {"problem": exc}, status=status)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    problem = ApiProblem(exc.status_code, str(exc.detail))
    return render(request, "error.html", {"problem": problem}, status=exc.status_code)


async def _on_invalid_request(request: Request, exc: Exception) -> Response:
    # An address the console does not know (a malformed incident id, say) is simply not found.
    problem = ApiProblem(404, "Not found")
    return render(request, "error.html", {"problem": problem}, status=404)


def create_app(settings: ConsoleSettings | None = None) -> FastAPI:
    """Build the console."""
    settings = settings or ConsoleSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.gateway = GatewayClient(
            settings.gateway_url, timeout=settings.request_timeout_seconds
        )
        try:
            yield
        finally:
            await app.state.gateway.close()

    app = FastAPI(
        title="Analyst console", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.settings = settings
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(SignInRequired, _on_sign_in_required)
    app.add_exception_handler(ApiProblem, _on_api_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_invalid_request)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(signin.router)
    app.include_router(pages.router)

    @app.get("/livez", include_in_schema=False)
    async def livez() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        # Ready as soon as it serves: pages that need the gateway say so when it is away.
        return JSONResponse({"status": "ok"})

    return app
