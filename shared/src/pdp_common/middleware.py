"""Pure ASGI middleware every service runs: request context (ids, logs) and the body limits."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from typing import Any

import structlog
from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uuid_utils.compat import uuid7

from pdp_common.errors import PROBLEM_JSON, database_unavailable_error, internal_error, problem
from pdp_common.unavailable import database_unavailable

REQUEST_ID_HEADER = b"x-request-id"
TRACEPARENT_HEADER = b"traceparent"
# W3C Trace Context: version-traceid-parentid-flags, lowercase hex; later versions may append
# "-..." fields, version 00 may not; version ff is invalid.
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?")
_ZERO_TRACE_ID = "0" * 32
_ZERO_PARENT_ID = "0" * 16

log = structlog.get_logger(__name__)


def traceparent_trace_id(value: str) -> str | None:
    """Return the trace id of a W3C ``traceparent`` header value, or None if it is not valid."""
    match = _TRACEPARENT.fullmatch(value.strip(" \t"))
    if match is None:
        return None
    version, trace_id, parent_id, _flags, extra = match.groups()
    if version == "ff" or (version == "00" and extra is not None):
        return None
    if trace_id == _ZERO_TRACE_ID or parent_id == _ZERO_PARENT_ID:
        return None
    return trace_id


def _request_ids(headers: list[tuple[bytes, bytes]]) -> tuple[str, str | None]:
    request_id = ""
    traceparents: list[str] = []
    for name, value in headers:
        if name == REQUEST_ID_HEADER and not request_id:
            request_id = value.decode("latin-1")[:128]
        elif name == TRACEPARENT_HEADER:
            traceparents.append(value.decode("latin-1"))
    # More than one traceparent is no trace context at all.
    trace_id = traceparent_trace_id(traceparents[0]) if len(traceparents) == 1 else None
    return request_id or str(uuid7()), trace_id


class RequestIdMiddleware:
    """Give each request its context: the caller's (gateway's) request id or a new one, and the
    trace id of its ``traceparent``, bound to every log line written while it is served; echo
    the request id on the response. An unexpected failure is logged here, in that context, as one
    line, and answered with 500 problem+json (nothing is left for the server to log again)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id, trace_id = _request_ids(scope["headers"])
        scope.setdefault("state", {})["request_id"] = request_id
        context: dict[str, Any] = {"request_id": request_id}
        if trace_id is not None:
            context["trace_id"] = trace_id
        structlog.contextvars.bind_contextvars(**context)
        started = False

        async def _send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, _send)
        except Exception as exc:
            if database_unavailable(exc):
                log.warning("database unavailable", path=scope.get("path"), error=repr(exc)[:300])
                if not started:
                    error = database_unavailable_error()
                    body = error.to_problem(scope.get("path")) | {"request_id": request_id}
                    body = {k: v for k, v in body.items() if v is not None}
                    await send_problem(_send, body, headers=error.headers)
                return
            _record_failure(scope, exc)
            if not started:
                body = internal_error(instance=scope.get("path"), request_id=request_id)
                await send_problem(_send, body)
        finally:
            structlog.contextvars.unbind_contextvars("request_id", "trace_id")


def _record_failure(scope: Scope, exc: Exception) -> None:
    log.exception("unhandled error", method=scope.get("method"), path=scope.get("path"))
    span = trace.get_current_span()
    if span.is_recording():
        span.record_exception(exc)
        span.set_status(Status(StatusCode.ERROR, f"{type(exc).__name__}: {exc}"))


async def send_problem(
    send: Send,
    body: dict[str, Any],
    *,
    close: bool = False,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send ``body`` as a whole problem+json response with ``headers``; ``close`` ends the
    connection after it."""
    content = json.dumps(body).encode()
    raw = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(content)).encode()),
        *(
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in (headers or {}).items()
        ),
    ]
    if close:
        raw.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": int(body["status"]), "headers": raw})
    await send({"type": "http.response.body", "body": content})


class BodyTooLarge(StarletteHTTPException):
    """The request body went past the limit while it was being read.

    An ``HTTPException`` because FastAPI passes those on from the body read unchanged (any other
    exception there becomes a 400); the app's handlers render it, or this middleware does.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"Request bodies are limited to {max_bytes} bytes.")


class BodyTimedOut(StarletteHTTPException):
    """The request body did not arrive within the time allowed; the connection is closed."""

    def __init__(self, seconds: float) -> None:
        detail = f"The request body must arrive within {seconds:g} seconds."
        super().__init__(408, detail, headers={"Connection": "close"})


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_bytes`` with 413 problem+json, and bodies that do
    not arrive within ``read_timeout`` seconds of the request with 408 (the connection is then
    closed), so that a client sending a few bytes and stalling never holds a request forever."""

    def __init__(self, app: ASGIApp, max_bytes: int, read_timeout: float = 60.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._refuse(scope, send)
                return
        received = 0
        started = False
        complete = False
        deadline = asyncio.get_running_loop().time() + self.read_timeout

        async def _receive() -> Message:
            nonlocal received, complete
            if complete:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTimedOut(self.read_timeout) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
                complete = not message.get("more_body", False)
            return message

        async def _send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _receive, _send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send)
        except BodyTimedOut:
            if not started:
                await self._time_out(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = problem(
            status=413,
            code="payload-too-large",
            title="Payload too large",
            detail=f"Request bodies are limited to {self.max_bytes} bytes.",
            instance=scope.get("path"),
        )
        await send_problem(send, body)

    async def _time_out(self, scope: Scope, send: Send) -> None:
        body = problem(
            status=408,
            code="body-timeout",
            title="Request body timeout",
            detail=f"The request body must arrive within {self.read_timeout:g} seconds.",
            instance=scope.get("path"),
        )
        await send_problem(send, body, close=True)
