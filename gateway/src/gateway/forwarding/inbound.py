"""Reading a request at the front door: headers in one pass, the body within a limit, and the
request sent upstream (credentials and hop-by-hop headers stripped, identity and ids added)."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from starlette.types import Receive, Scope

from gateway.forwarding.proxy import HOP_BY_HOP, Outbound, RequestBodyError

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
TRACE_HEADERS = frozenset({b"traceparent", b"tracestate"})
STRIPPED = HOP_BY_HOP | {
    b"host",
    b"content-length",
    b"expect",
    b"cookie",
    b"authorization",
    b"x-api-key",
    b"x-pdp-identity",
    b"x-request-id",
    b"x-forwarded-for",
    b"x-forwarded-proto",
    b"x-forwarded-host",
}
STRIPPED_WITH_TRACE = STRIPPED | TRACE_HEADERS


class BodyTooLarge(RequestBodyError):
    """The request body exceeds the limit."""


class BodyTimedOut(RequestBodyError):
    """The request body did not arrive within the time allowed."""


@dataclass(slots=True)
class Inbound:
    """What the front door reads from a request's headers in one pass, and the trace headers it
    sends upstream (``trace``; None: the caller's pass through)."""

    request_id: str
    api_key: bytes | None = None
    authorization: bytes | None = None
    content_length: int | None = None
    chunked: bool = False
    traceparent: str | None = None
    trace: Mapping[str, str] | None = None

    @property
    def has_body(self) -> bool:
        """Tell whether the request declares a body."""
        return self.chunked or self.content_length is not None

    @property
    def credential_kind(self) -> str:
        """Return the kind of credential presented: ``api_key``, ``bearer`` or ``none``."""
        if self.api_key is not None:
            return "api_key"
        return "none" if self.authorization is None else "bearer"


def read_headers(scope: Scope) -> Inbound:
    """Return the headers the front door needs; keep a well-formed caller request id."""
    inbound = Inbound(request_id="")
    for name, value in scope["headers"]:
        if name == b"x-api-key":
            inbound.api_key = value
        elif name == b"authorization":
            inbound.authorization = value
        elif name == b"content-length":
            inbound.content_length = int(value) if value.isdigit() else 0
        elif name == b"transfer-encoding":
            inbound.chunked = True
        elif name == b"traceparent":
            inbound.traceparent = value.decode("latin-1")
        elif name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _REQUEST_ID.match(candidate):
                inbound.request_id = candidate
    if not inbound.request_id:
        inbound.request_id = uuid.uuid4().hex
    return inbound


async def read_body(receive: Receive, limit: int, timeout: float) -> bytes:
    """Return the whole request body; raise BodyTooLarge as soon as it passes ``limit``, and
    BodyTimedOut when it has not all arrived within ``timeout`` seconds."""
    try:
        async with asyncio.timeout(timeout):
            return await _read_body(receive, limit)
    except TimeoutError:
        raise BodyTimedOut from None


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class BodyStream:
    """A request body passed on as it arrives: at most ``limit`` bytes, and never more than
    ``idle_timeout`` seconds without a chunk.

    Iterating raises :class:`BodyTooLarge` or :class:`BodyTimedOut` where reading it whole would,
    and keeps that error in :attr:`failure`, so that whoever sent the body upstream can answer it
    (the HTTP client reports a failing body in its own terms). A caller that disconnects ends
    the body short, which the upstream sees as an incomplete request."""

    def __init__(self, receive: Receive, limit: int, idle_timeout: float) -> None:
        self._receive = receive
        self._limit = limit
        self._idle_timeout = idle_timeout
        self.size = 0
        self.failure: BodyTooLarge | BodyTimedOut | None = None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            try:
                async with asyncio.timeout(self._idle_timeout):
                    message = await self._receive()
            except TimeoutError:
                self.failure = BodyTimedOut()
                raise self.failure from None
            if message["type"] == "http.disconnect":
                raise ConnectionResetError("the caller went away during the upload")
            chunk: bytes = message.get("body", b"")
            self.size += len(chunk)
            if self.size > self._limit:
                self.failure = BodyTooLarge()
                raise self.failure
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return


def build_outbound(
    scope: Scope,
    inbound: Inbound,
    *,
    identity: bytes,
    body: bytes | BodyStream,
    trace: Mapping[str, str] | None,
) -> Outbound:
    """Return the upstream request; ``trace`` replaces the caller's trace headers when given."""
    stripped = STRIPPED if trace is None else STRIPPED_WITH_TRACE
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in scope["headers"]
        if name not in stripped
    ]
    if trace is not None:
        headers.extend(trace.items())
    headers.append(("X-Request-ID", inbound.request_id))
    headers.append(("X-PDP-Identity", identity.decode("ascii")))
    client = scope.get("client")
    if client:
        headers.append(("X-Forwarded-For", str(client[0])))
    headers.append(("X-Forwarded-Proto", str(scope.get("scheme", "http"))))
    target: bytes = scope.get("raw_path") or scope["path"].encode()
    if scope.get("query_string"):
        target = target + b"?" + scope["query_string"]
    return Outbound(scope["method"], target, headers, body if inbound.has_body else None)
