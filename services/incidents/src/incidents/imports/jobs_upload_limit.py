"""The request body limit of the import job upload route, larger than the service's own.

Every request of the service passes :class:`pdp_common.middleware.BodyLimitMiddleware` at
``max_body_bytes`` (16 MiB). The job upload is streamed to disk, so it may take up to
``import_job_max_bytes`` and ``import_job_upload_timeout_seconds`` to arrive; this middleware takes
the service's place in the stack and gives that route its own limits, every other request the
service's."""

from __future__ import annotations

from typing import Any, cast

from fastapi import FastAPI
from pdp_common.middleware import BodyLimitMiddleware
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


def give_route_body_limit(app: FastAPI, path: str, *, max_bytes: int, read_timeout: float) -> None:
    """Replace the app's body limit middleware with one that gives ``path`` these limits."""
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
            return
    raise LookupError("the app has no body limit middleware")
