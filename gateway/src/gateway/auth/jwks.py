"""Signing keys of a token issuer: fetched from its JWKS URL with a timeout and cached."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp
import structlog
from jwt import PyJWK
from jwt.exceptions import PyJWTError

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class IssuerKey:
    """One verification key: its type, the algorithm it declares (if any) and the key itself."""

    kid: str
    key_type: str
    declared_alg: str | None
    key: Any


class KeySource(Protocol):
    """Where a verifier finds the public key named by a token's ``kid``."""

    async def key_for(self, kid: str) -> IssuerKey | None:
        """Return the key ``kid``, or None when the issuer has no such key."""
        ...

    async def close(self) -> None:
        """Release what the source holds."""
        ...


def usable_keys(document: dict[str, Any]) -> dict[str, IssuerKey]:
    """Return the asymmetric, signature-use keys of a JWKS document by key id."""
    keys: dict[str, IssuerKey] = {}
    entries = document.get("keys")
    if not isinstance(entries, list):
        raise ValueError("a JWKS document has a list of keys")
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") in (None, "oct"):
            continue
        kid, use, alg = entry.get("kid"), entry.get("use"), entry.get("alg")
        if not isinstance(kid, str) or use not in (None, "sig"):
            continue
        try:
            parsed = PyJWK.from_dict(entry)
        except PyJWTError:
            continue
        declared = alg if isinstance(alg, str) else None
        keys[kid] = IssuerKey(kid, str(entry["kty"]), declared, parsed.key)
    return keys


class StaticKeySource:
    """A fixed set of keys (the built-in development issuer's)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._keys = usable_keys(document)

    async def key_for(self, kid: str) -> IssuerKey | None:
        """Return the key ``kid``, or None."""
        return self._keys.get(kid)

    async def close(self) -> None:
        """Release nothing: the keys live in memory."""


class JwksClient:
    """Keys from a JWKS URL: cached for ``cache_seconds``, refetched on an unknown ``kid``.

    Fetches happen at most once per ``min_refetch_seconds`` (whether the key set is stale or a
    ``kid`` is unknown), so forged key ids or an unreachable issuer cannot make the gateway hammer
    it. A failed fetch keeps the keys already known.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout_seconds: float,
        cache_seconds: float,
        min_refetch_seconds: float,
    ) -> None:
        self._url = url
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._cache_seconds = cache_seconds
        self._min_refetch = min_refetch_seconds
        self._keys: dict[str, IssuerKey] = {}
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self._lock = asyncio.Lock()
        self._session: aiohttp.ClientSession | None = None

    async def key_for(self, kid: str) -> IssuerKey | None:
        """Return the key ``kid``, fetching the key set when stale or when ``kid`` is new."""
        now = time.monotonic()
        wanted = kid not in self._keys or now - self._fetched_at > self._cache_seconds
        if wanted and now - self._attempted_at >= self._min_refetch:
            await self._refresh(now)
        return self._keys.get(kid)

    async def warm(self) -> None:
        """Fetch the key set now (at start), so the first bearer does not wait for it."""
        await self._refresh(time.monotonic())

    async def _refresh(self, requested_at: float) -> None:
        async with self._lock:
            if self._attempted_at >= requested_at:
                return
            self._attempted_at = time.monotonic()
            try:
                document = await self._fetch()
                self._keys = usable_keys(document)
                self._fetched_at = time.monotonic()
            except (aiohttp.ClientError, TimeoutError, ValueError, PyJWTError) as exc:
                log.warning("jwks fetch failed", url=self._url, error=type(exc).__name__)

    async def _fetch(self) -> dict[str, Any]:
        if self._session is None:
            self._session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        async with self._session.get(self._url, timeout=self._timeout) as response:
            response.raise_for_status()
            document = await response.json(content_type=None)
        if not isinstance(document, dict):
            raise ValueError("a JWKS document is a JSON object")
        return document

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None
