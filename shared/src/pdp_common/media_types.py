"""415 for a JSON endpoint sent a body of another media type, before the body is read.

FastAPI parses a request body as JSON only when its ``Content-Type`` is ``application/json`` or
ends in ``+json``. Sent as ``text/plain``, ``application/xml`` or with no content type, the raw
bytes are validated against the body model instead, and the caller gets a 422 saying the body
"should be a valid dictionary", which hides the actual mistake.

:class:`JsonMediaTypeMiddleware` answers such requests 415 ``unsupported-media-type``
(problem+json), naming the media types the route accepts, in a problem member ``accepted`` and in
``Accept-Post`` (POST) or ``Accept-Patch`` (PATCH, RFC 5789). It costs almost nothing per request:
it only wraps ``receive`` for methods that may carry a body, and looks at the content type when the
endpoint reads the first bytes of the body, by which time the router has put the matched route in
the scope. So
it needs no table of paths of its own and no code in endpoints. A route takes JSON when it has a
body model that is not a form; it accepts ``application/json`` and any JSON media type it declares
(``Body(media_type="application/merge-patch+json")``, or ``+json`` types in
``openapi_extra["requestBody"]["content"]``). Routes without a body model, form routes, and routes
that declare a non-JSON media type read their bodies themselves and keep their own rules (the
incidents import takes ``text/csv`` or ``application/json``). A request without a body is left to
the endpoint, which answers 422 when the body is required.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, params
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pdp_common.errors import UnsupportedMediaTypeError, app_error_response

JSON = "application/json"
BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ACCEPT_HEADERS = {"POST": "Accept-Post", "PATCH": "Accept-Patch"}


class UnsupportedJsonMediaType(StarletteHTTPException):
    """Raised where the endpoint reads its body; carries the 415 problem to render.

    An ``HTTPException`` because FastAPI passes those on from the body read unchanged.
    """

    def __init__(self, error: UnsupportedMediaTypeError) -> None:
        super().__init__(error.status, error.detail, error.headers)
        self.error = error


def is_json_media_type(media_type: str) -> bool:
    """Tell whether ``media_type`` (lower case, no parameters) is JSON: ``application/…+json``."""
    return media_type == JSON or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def accepted_media_types(route: Any) -> tuple[str, ...] | None:
    """Return the media types the JSON body of ``route`` may be sent as; None if it takes none."""
    body_field = getattr(route, "body_field", None)
    if body_field is None or isinstance(body_field.field_info, params.Form):
        return None
    declared = [str(getattr(body_field.field_info, "media_type", JSON))]
    request_body = (getattr(route, "openapi_extra", None) or {}).get("requestBody", {})
    declared += [str(media) for media in request_body.get("content", {})]
    accepted = [JSON]
    for media in (media.lower() for media in declared):
        if not is_json_media_type(media):
            return None
        if media not in accepted:
            accepted.append(media)
    return tuple(accepted)


def request_media_type(scope: Scope) -> str | None:
    """Return the request's media type, lower case and without parameters; None when not sent."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower() or None
    return None


class JsonMediaTypeMiddleware:
    """Refuse bodies of another media type sent to JSON routes with 415, as they are read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._accepted: dict[int, tuple[str, ...] | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODYLESS_METHODS:
            await self.app(scope, receive, send)
            return
        pending = True

        async def receive_checked() -> Message:
            nonlocal pending
            message = await receive()
            if pending and message.get("body"):
                pending = False
                self._check(scope)
            return message

        await self.app(scope, receive_checked, send)

    def _check(self, scope: Scope) -> None:
        route = scope.get("route")
        if route is None:
            return
        key = id(route)
        if key not in self._accepted:
            self._accepted[key] = accepted_media_types(route)
        accepted = self._accepted[key]
        if accepted is None:
            return
        media = request_media_type(scope)
        if media in accepted:
            return
        raise UnsupportedJsonMediaType(_refusal(scope["method"], media, accepted))


def _refusal(
    method: str, media: str | None, accepted: tuple[str, ...]
) -> UnsupportedMediaTypeError:
    sent = f"Content-Type {media}" if media else "no Content-Type"
    listed = ", ".join(accepted)
    header = ACCEPT_HEADERS.get(method)
    return UnsupportedMediaTypeError(
        f"This endpoint takes a JSON body sent as {' or '.join(accepted)}; the request had {sent}.",
        headers={header: listed} if header else {},
        accepted=list(accepted),
    )


async def _on_unsupported(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, UnsupportedJsonMediaType)
    return app_error_response(request, exc.error)


def install_json_media_types(app: FastAPI) -> None:
    """Answer 415 problem+json when a JSON route of ``app`` is sent another media type."""
    app.add_middleware(JsonMediaTypeMiddleware)
    app.add_exception_handler(UnsupportedJsonMediaType, _on_unsupported)
