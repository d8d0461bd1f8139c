"""The HTTP client for partner feeds and webhooks, safe against server-side request forgery.

Each request: the URL is checked (:meth:`OutboundPolicy.check_url`), its host resolved once and
every address checked, and the connection made to the checked address itself, the ``Host`` header
and TLS (SNI and certificate verification) keeping the host name. Redirects are followed by hand,
each one checked again. The body is read up to ``max_response_bytes`` and the whole exchange is
bounded in time. No cookie is kept, no proxy from the environment is used, and every request
carries the same ``User-Agent``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType

import httpx

from pdp_common.outbound.addresses import IPAddress, Resolver, resolve_checked, system_resolver
from pdp_common.outbound.errors import (
    OutboundError,
    OutboundRedirectRefused,
    OutboundResponseTooLarge,
    OutboundTimeout,
    OutboundUnreachable,
)
from pdp_common.outbound.policy import DEFAULT_PORTS, OutboundPolicy, port_of

REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Headers the client sets itself; a caller's value for them is dropped.
OWN_HEADERS = frozenset({"host", "user-agent", "cookie", "content-length", "transfer-encoding"})


@dataclass(frozen=True, slots=True)
class OutboundResponse:
    """A response read whole (within the size cap), with where it came from."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    url: str
    address: str
    redirects: int

    @property
    def is_success(self) -> bool:
        """Tell whether the status is 2xx."""
        return 200 <= self.status_code < 300


@dataclass(frozen=True, slots=True)
class _Target:
    url: httpx.URL
    address: IPAddress

    def pinned_url(self) -> httpx.URL:
        return self.url.copy_with(host=str(self.address))

    def host_header(self) -> str:
        host = self.url.host
        shown = f"[{host}]" if ":" in host else host
        port = port_of(self.url)
        return shown if DEFAULT_PORTS[self.url.scheme] == port else f"{shown}:{port}"


class OutboundClient:
    """Make outbound requests within an :class:`OutboundPolicy`; close it when done.

    ``resolver`` resolves host names (the system's by default); ``verify`` is passed to httpx
    (True, a CA bundle path or an ``ssl.SSLContext``)."""

    def __init__(
        self,
        policy: OutboundPolicy,
        *,
        resolver: Resolver = system_resolver,
        verify: object = True,
    ) -> None:
        self.policy = policy
        self.resolver = resolver
        self._http = httpx.AsyncClient(
            follow_redirects=False,
            trust_env=False,
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            # A connection per request: a pooled TLS connection verified for one host name
            # must never serve another name that resolves to the same address.
            limits=httpx.Limits(max_keepalive_connections=0),
            timeout=policy.timeout(),
            verify=verify,  # type: ignore[arg-type]
            headers={"User-Agent": policy.user_agent},
        )

    async def __aenter__(self) -> OutboundClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying connections."""
        await self._http.aclose()

    async def check_destination(
        self, url: str, *, policy: OutboundPolicy | None = None
    ) -> IPAddress:
        """Check ``url`` as a request would (scheme, host, every resolved address) without
        requesting it; return the address it would connect to. Use it when a URL is registered."""
        policy = policy or self.policy
        parsed = policy.check_url(url)
        return await resolve_checked(
            parsed.host,
            port_of(parsed),
            resolver=self.resolver,
            allowed=policy.allowed_networks,
        )

    async def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        policy: OutboundPolicy | None = None,
    ) -> OutboundResponse:
        """Fetch ``url`` (a partner feed)."""
        return await self.request("GET", url, headers=headers, policy=policy)

    async def post(
        self,
        url: str,
        *,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        policy: OutboundPolicy | None = None,
    ) -> OutboundResponse:
        """Post ``content`` to ``url`` (a webhook)."""
        return await self.request("POST", url, content=content, headers=headers, policy=policy)

    async def request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        policy: OutboundPolicy | None = None,
    ) -> OutboundResponse:
        """Send one request within ``policy`` (the client's by default) and read its response.

        Raises an :class:`OutboundError`: the URL, an address or a redirect refused, the response
        too large, a timeout, an unreachable host."""
        policy = policy or self.policy
        sent = {k: v for k, v in (headers or {}).items() if k.lower() not in OWN_HEADERS}
        try:
            async with asyncio.timeout(policy.total_timeout_seconds):
                return await self._follow(method, url, content, sent, policy)
        except TimeoutError as exc:
            raise OutboundTimeout(
                f"The request to {_shown(url)} did not finish within "
                f"{policy.total_timeout_seconds:g} s."
            ) from exc

    async def _follow(
        self,
        method: str,
        url: str,
        content: bytes | None,
        headers: dict[str, str],
        policy: OutboundPolicy,
    ) -> OutboundResponse:
        current = policy.check_url(url)
        for hop in range(policy.max_redirects + 1):
            target = await self._target(current, policy)
            response = await self._send(method, target, content, headers, policy)
            location = response.headers.get("location")
            if response.status_code not in REDIRECTS or not location:
                return dataclasses.replace(response, redirects=hop)
            current = self._redirect(current, location, policy, hop)
            if response.status_code in (301, 302, 303) and method != "HEAD":
                method, content = "GET", None
        raise AssertionError("unreachable")  # pragma: no cover - the loop raises or returns

    def _redirect(
        self, current: httpx.URL, location: str, policy: OutboundPolicy, hop: int
    ) -> httpx.URL:
        if hop >= policy.max_redirects:
            raise OutboundRedirectRefused(
                f"{_shown(current)} redirected more than {policy.max_redirects} time(s)."
            )
        try:
            following = policy.check_url(current.join(location))
        except OutboundError as exc:
            raise OutboundRedirectRefused(
                f"{_shown(current)} redirected to a refused URL: {exc.detail}"
            ) from exc
        if not policy.allow_cross_host_redirects and following.host != current.host:
            raise OutboundRedirectRefused(
                f"{_shown(current)} redirected to another host ({following.host!r})."
            )
        return following

    async def _target(self, url: httpx.URL, policy: OutboundPolicy) -> _Target:
        address = await resolve_checked(
            url.host, port_of(url), resolver=self.resolver, allowed=policy.allowed_networks
        )
        return _Target(url, address)

    async def _send(
        self,
        method: str,
        target: _Target,
        content: bytes | None,
        headers: dict[str, str],
        policy: OutboundPolicy,
    ) -> OutboundResponse:
        extensions: dict[str, object] = {}
        if target.url.scheme == "https":
            extensions["sni_hostname"] = target.url.host
        request = self._http.build_request(
            method,
            target.pinned_url(),
            content=content,
            headers={**headers, "Host": target.host_header()},
            extensions=extensions,
        )
        try:
            response = await self._http.send(request, stream=True)
            try:
                body = await _read_capped(response, policy.max_response_bytes, target.url)
            finally:
                await response.aclose()
        except httpx.TimeoutException as exc:
            raise OutboundTimeout(f"{_shown(target.url)} did not answer in time.") from exc
        except httpx.TransportError as exc:
            raise OutboundUnreachable(
                f"{_shown(target.url)} could not be reached: {type(exc).__name__} {exc}".strip()
            ) from exc
        return OutboundResponse(
            status_code=response.status_code,
            headers=response.headers,
            content=body,
            url=str(target.url),
            address=str(target.address),
            redirects=0,
        )


async def _read_capped(response: httpx.Response, limit: int, url: httpx.URL) -> bytes:
    """Read the (decoded) body, aborting as soon as it passes ``limit`` bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise OutboundResponseTooLarge(
            f"{_shown(url)} announced {int(declared)} bytes; at most {limit} are accepted."
        )
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > limit:
            raise OutboundResponseTooLarge(
                f"The response of {_shown(url)} passed {limit} bytes; reading was aborted."
            )
    return bytes(body)


def _shown(url: str | httpx.URL) -> str:
    """Return ``url`` for a message: scheme, host and path, without query or credentials."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
        return str(parsed.copy_with(query=None, fragment=None, username=None, password=None))
    except (httpx.InvalidURL, TypeError):
        return "the URL"
