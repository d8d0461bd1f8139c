"""Forwarding to upstream services over pooled aiohttp sessions, one per service.

Sessions keep no cookies (a caller's cookies never reach another caller's request), do not
decompress (bodies pass through byte for byte) and add no default headers of their own. Idle
connections are closed after ``keepalive_seconds``, sooner than services close them (uvicorn: 5 s),
so a request is not sent on a connection the service is closing.
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from dataclasses import dataclass

import aiohttp
import structlog
from starlette.types import Send
from yarl import URL

from gateway.forwarding import problems

log = structlog.get_logger(__name__)

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
    }
)
RESPONSE_DROPPED = HOP_BY_HOP | {b"server", b"date", b"set-cookie", b"x-request-id"}
INLINE_BODY_LIMIT = 256 * 1024
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})


class RequestBodyError(Exception):
    """The caller's body failed while it was being sent upstream (too large, stalled)."""


@dataclass(frozen=True, slots=True)
class Upstream:
    """One service: its base URL and the session that talks to it."""

    name: str
    base_url: str
    session: aiohttp.ClientSession


class Upstreams:
    """The pooled sessions to every upstream service."""

    def __init__(
        self,
        urls: dict[str, str],
        *,
        pool_size: int,
        connect_timeout: float,
        total_timeout: float,
        keepalive_seconds: float = 4.0,
    ) -> None:
        self._urls = {name: url.rstrip("/") for name, url in urls.items()}
        self._pool_size = pool_size
        self._keepalive = keepalive_seconds
        self.timeout = aiohttp.ClientTimeout(
            total=total_timeout, connect=connect_timeout, sock_connect=connect_timeout
        )
        # A streamed upload takes as long as the caller takes to send it: no total, but the
        # service must answer within the total timeout once the body is sent.
        self.streaming_timeout = aiohttp.ClientTimeout(
            total=None,
            connect=connect_timeout,
            sock_connect=connect_timeout,
            sock_read=total_timeout,
        )
        self._upstreams: dict[str, Upstream] = {}

    async def start(self) -> None:
        """Open one session per upstream (inside the running event loop)."""
        for name, url in self._urls.items():
            connector = aiohttp.TCPConnector(
                limit=self._pool_size,
                limit_per_host=self._pool_size,
                ttl_dns_cache=300,
                keepalive_timeout=self._keepalive,
            )
            session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept", "Content-Type"),
                timeout=self.timeout,
            )
            self._upstreams[name] = Upstream(name, url, session)

    async def close(self) -> None:
        """Close every session."""
        for upstream in self._upstreams.values():
            await upstream.session.close()
        self._upstreams.clear()

    def get(self, name: str) -> Upstream:
        """Return the upstream ``name``."""
        return self._upstreams[name]

    def names(self) -> list[str]:
        """Return the names of the upstreams."""
        return list(self._urls)

    def base_url(self, name: str) -> str:
        """Return the base URL of upstream ``name``."""
        return self._urls[name]


@dataclass(frozen=True, slots=True)
class Outbound:
    """A request ready to forward."""

    method: str
    target: bytes
    headers: list[tuple[str, str]]
    body: bytes | AsyncIterable[bytes] | None


async def forward(
    upstream: Upstream,
    request: Outbound,
    send: Send,
    *,
    request_id: str,
    instance: str,
    timeout: aiohttp.ClientTimeout | None = None,
) -> int:
    """Send ``request`` upstream and stream its answer to ``send``; return the status sent.

    An idempotent request that meets a connection the service closed (a restart, an idle
    keep-alive timeout) is retried once on a fresh connection. ``timeout`` replaces the
    session's (a streamed upload's has no total).
    """
    url = URL(upstream.base_url + request.target.decode("latin-1"), encoded=True)
    attempts = 2 if request.method in IDEMPOTENT else 1
    for attempt in range(1, attempts + 1):
        started = False
        try:
            async with upstream.session.request(
                request.method,
                url,
                headers=request.headers,
                data=request.body,
                allow_redirects=False,
                timeout=timeout or upstream.session.timeout,
            ) as response:
                started = True
                return await _relay(response, send, request_id)
        except (aiohttp.ClientError, TimeoutError) as exc:
            if started:
                log.warning("upstream failed mid-response", upstream=upstream.name, error=repr(exc))
                raise
            if isinstance(exc.__cause__, RequestBodyError):
                raise exc.__cause__ from None
            if attempt < attempts and _is_stale_connection(exc):
                continue
            item = _problem_for(exc)
            log.warning(
                "upstream unavailable", upstream=upstream.name, status=item.status, error=repr(exc)
            )
            await problems.send_problem(send, item, instance=instance, request_id=request_id)
            return item.status
    raise AssertionError("unreachable")


async def _relay(response: aiohttp.ClientResponse, send: Send, request_id: str) -> int:
    headers = _response_headers(response, request_id)
    start = {"type": "http.response.start", "status": response.status, "headers": headers}
    if response.content_length is not None and response.content_length <= INLINE_BODY_LIMIT:
        body = await response.read()
        await send(start)
        await send({"type": "http.response.body", "body": body})
        return response.status
    await send(start)
    async for chunk in response.content.iter_any():
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b""})
    return response.status


def _is_stale_connection(exc: BaseException) -> bool:
    if isinstance(exc, aiohttp.ClientConnectorError):
        return False
    return isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError)


def _problem_for(exc: BaseException) -> problems.GatewayProblem:
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError):
        return problems.SERVICE_UNAVAILABLE
    if isinstance(exc, TimeoutError):
        return problems.GATEWAY_TIMEOUT
    return problems.BAD_GATEWAY


def _response_headers(
    response: aiohttp.ClientResponse, request_id: str
) -> list[tuple[bytes, bytes]]:
    dropped = RESPONSE_DROPPED | _connection_tokens(response.raw_headers)
    headers = [
        (name.lower(), value) for name, value in response.raw_headers if name.lower() not in dropped
    ]
    headers.append((b"x-request-id", request_id.encode()))
    return headers


def _connection_tokens(raw: tuple[tuple[bytes, bytes], ...]) -> frozenset[bytes]:
    tokens: set[bytes] = set()
    for name, value in raw:
        if name.lower() == b"connection":
            tokens.update(part.strip().lower() for part in value.split(b","))
    return frozenset(tokens)
