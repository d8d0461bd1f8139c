"""Bounded JSON request bodies on every route of an app, checked before any parser sees them.

:class:`JsonLimitMiddleware` wraps ``receive``. When the endpoint (or FastAPI, for a body model)
first reads a JSON body (``application/json`` or ``application/…+json``), it reads the whole body
at once (``BodyLimitMiddleware`` outside has bounded its size and the time it may take), checks
it with :func:`pdp_common.json_limits.check_json` and hands it on in one message. By then the
router has put the matched route in the scope, so a route can have limits of its own (the bulk
import takes more items than a single create): ``routes`` maps a route's endpoint function to its
limits.

A refusal is raised from the body read as an ``HTTPException`` (FastAPI passes those on from the
body read unchanged) carrying the problem to render: 413 ``body-too-complex`` for a limit passed,
400 ``malformed-body`` for text or numbers the platform does not store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pdp_common.errors import AppError, BodyTooComplexError, MalformedBodyError, app_error_response
from pdp_common.json_limits import JsonLimits, JsonRefused, check_json
from pdp_common.media_types import BODYLESS_METHODS, is_json_media_type, request_media_type

RouteLimits = Mapping[Callable[..., Any], JsonLimits]
"""The limits of the routes that have their own, by endpoint function."""


class JsonBodyRefused(StarletteHTTPException):
    """Raised where the endpoint reads its body; carries the problem to render."""

    def __init__(self, error: AppError) -> None:
        super().__init__(error.status, error.detail)
        self.error = error


def refusal(exc: JsonRefused) -> AppError:
    """Return the error that answers a body :func:`check_json` refused."""
    if exc.kind == "too-complex":
        return BodyTooComplexError(exc.detail)
    return MalformedBodyError(exc.detail)


async def read_whole_body(receive: Receive, first: Message) -> Message:
    """Return one request message holding ``first``'s body and every chunk after it."""
    chunks = [first.get("body", b"")]
    more = first.get("more_body", False)
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return message
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return {"type": "http.request", "body": b"".join(chunks), "more_body": False}


class JsonLimitMiddleware:
    """Check every JSON request body against its route's limits as it is read."""

    def __init__(self, app: ASGIApp, limits: JsonLimits, routes: RouteLimits | None = None) -> None:
        self.app = app
        self.limits = limits
        self.routes = dict(routes or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODYLESS_METHODS:
            await self.app(scope, receive, send)
            return
        media = request_media_type(scope)
        if media is None or not is_json_media_type(media):
            await self.app(scope, receive, send)
            return
        pending = True

        async def receive_checked() -> Message:
            nonlocal pending
            message = await receive()
            if not pending or message["type"] != "http.request":
                return message
            pending = False
            message = await read_whole_body(receive, message)
            if message["type"] == "http.request" and message["body"]:
                self._check(scope, message["body"])
            return message

        await self.app(scope, receive_checked, send)

    def _check(self, scope: Scope, body: bytes) -> None:
        route = scope.get("route")
        endpoint = getattr(route, "endpoint", None)
        limits = self.routes.get(endpoint, self.limits) if endpoint is not None else self.limits
        try:
            check_json(body, limits)
        except JsonRefused as exc:
            raise JsonBodyRefused(refusal(exc)) from None


async def _on_refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, JsonBodyRefused)
    return app_error_response(request, exc.error)


def install_json_limits(
    app: FastAPI, limits: JsonLimits, routes: RouteLimits | None = None
) -> None:
    """Refuse JSON bodies beyond ``limits`` (or their route's, from ``routes``: endpoint function
    to limits) on ``app``."""
    app.add_middleware(JsonLimitMiddleware, limits=limits, routes=routes)
    app.add_exception_handler(JsonBodyRefused, _on_refused)
