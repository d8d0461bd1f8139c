"""The console's only way to the platform: the gateway's public API, with the person's token.

One HTTP client per process; it never keeps cookies, so one person's answer can never travel
with another person's request. Every non-2xx answer becomes an :class:`ApiProblem` carrying the
RFC 9457 problem details the API sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx

QueryParams = Mapping[str, str | int | Sequence[str]]


@dataclass
class ApiProblem(Exception):
    """An answer of the API that was not a success, with its problem details."""

    status: int
    title: str
    detail: str = ""
    extras: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"


@dataclass(frozen=True)
class ApiAnswer:
    """A successful answer: its JSON body and its headers."""

    body: Any
    headers: httpx.Headers

    @property
    def etag(self) -> str | None:
        """Return the answer's ETag, if any."""
        value: str | None = self.headers.get("etag")
        return value


def _problem(response: httpx.Response) -> ApiProblem:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    known = {"type", "title", "status", "detail", "instance"}
    return ApiProblem(
        status=response.status_code,
        title=str(body.get("title") or response.reason_phrase or "Error"),
        detail=str(body.get("detail") or ""),
        extras={k: v for k, v in body.items() if k not in known},
    )


class GatewayClient:
    """Call the gateway's public API as one person (their bearer token) at a time."""

    def __init__(self, base_url: str, *, timeout: float) -> None:
        refuse_all = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), timeout=timeout, cookies=refuse_all
        )

    async def close(self) -> None:
        """Close the connections."""
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None,
        params: QueryParams | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> ApiAnswer:
        """Send one request and return its JSON answer; raise ApiProblem on anything but 2xx."""
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        try:
            response = await self._client.request(
                method, path, params=params, json=json, headers=sent
            )
        except httpx.HTTPError as exc:
            raise ApiProblem(503, "Gateway unreachable", str(exc) or type(exc).__name__) from exc
        if response.is_error:
            raise _problem(response)
        body = response.json() if response.content else None
        return ApiAnswer(body, response.headers)

    async def get(
        self, path: str, *, token: str | None, params: QueryParams | None = None
    ) -> ApiAnswer:
        """GET a JSON resource."""
        return await self.request("GET", path, token=token, params=params)

    async def post(
        self,
        path: str,
        *,
        token: str | None,
        json: Any,
        headers: Mapping[str, str] | None = None,
    ) -> ApiAnswer:
        """POST a JSON body."""
        return await self.request("POST", path, token=token, json=json, headers=headers)
