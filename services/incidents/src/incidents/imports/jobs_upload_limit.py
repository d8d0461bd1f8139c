"""The request body limits of the import job upload route, which streams its body to disk.

Every request of the service passes :class:`pdp_common.middleware.BodyLimitMiddleware` at
``max_body_bytes`` (16 MiB), and a JSON body :class:`pdp_common.request_limits.JsonLimitMiddleware`,
which reads the body whole to check its shape. The job upload is streamed to disk, so it may take
up to ``import_job_max_bytes`` and ``import_job_upload_timeout_seconds`` to arrive, and is never
read whole: its incidents are checked one at a time against the platform's JSON limits as they are
read (:mod:`incidents.imports.jobs_reading`). These middlewares take the service's ones' places in
the stack and give that route its own treatment, every other request the service's."""

from __future__ import annotations

from typing import Any, cast

from fastapi import FastAPI
from pdp_common.json_limits import JsonLimits
from pdp_common.middleware import BodyLimitMiddleware
from pdp_common.request_limits import JsonLimitMiddleware, RouteLimits
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send


class RouteBodyLimitMiddleware(BodyLimitMiddleware):
    """Body limits as the service's, except on ``path`` (exactly), which takes its own."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        read_timeout: float = 60.0,
        *,
        path: str,
        route_max_bytes: int,
        route_read_timeout: float,
    ) -> None:
        super().__init__(app, max_bytes, read_timeout)
        self.path = path
        self.route = BodyLimitMiddleware(app, route_max_bytes, route_read_timeout)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") == self.path:
            await self.route(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


class RouteJsonLimitMiddleware(JsonLimitMiddleware):
    """The service's JSON body checks, except on ``path`` (exactly), whose body is streamed."""

    def __init__(
        self, app: ASGIApp, limits: JsonLimits, routes: RouteLimits | None = None, *, path: str
    ) -> None:
        super().__init__(app, limits, routes)
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") == self.path:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def give_route_body_limit(app: FastAPI, path: str, *, max_bytes: int, read_timeout: float) -> None:
    """Replace the app's body limit and JSON limit middlewares with ones that give ``path`` these
    limits and leave its body to be streamed."""
    for index, entry in enumerate(app.user_middleware):
        if cast(object, entry.cls) is BodyLimitMiddleware:
            kwargs = cast(dict[str, Any], entry.kwargs)
            app.user_middleware[index] = Middleware(
                RouteBodyLimitMiddleware,
                max_bytes=kwargs["max_bytes"],
                read_timeout=kwargs["read_timeout"],
                path=path,
                route_max_bytes=max_bytes,
                route_read_timeout=read_timeout,
            )
        elif cast(object, entry.cls) is JsonLimitMiddleware:
            kwargs = cast(dict[str, Any], entry.kwargs)
            app.user_middleware[index] = Middleware(
                RouteJsonLimitMiddleware,
                limits=kwargs["limits"],
                routes=kwargs["routes"],
                path=path,
            )
    found = {cast(object, entry.cls) for entry in app.user_middleware}
    if not {RouteBodyLimitMiddleware, RouteJsonLimitMiddleware} <= found:
        raise LookupError("the app has no body limit or JSON limit middleware")
