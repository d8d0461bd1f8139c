"""Authentication of callers: an API key (``X-API-Key``) or a bearer JWT, never both.

API key lookups are cached for ``api_key_cache_seconds`` (2 s by default), including misses; a key
revoked through this gateway replica stops working at once, and on any other replica within that
bound. Concurrent requests with the same key share one database lookup, and a key in steady use is
reloaded in the background once half of that time has passed, so the hot path does not wait for
the database. Bearer tokens are verified once and then remembered until they expire.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass

import structlog
from pdp_common.db import Database
from pdp_common.identity import Principal
from sqlalchemy.exc import SQLAlchemyError

from gateway.auth.bearer import BearerVerifier
from gateway.keys import service as keys_service
from gateway.keys.service import ResolvedKey

REFRESH_AHEAD = 0.5

log = structlog.get_logger(__name__)


class CredentialStoreUnavailable(Exception):
    """The database holding API keys did not answer."""


def _report_refresh_failure(task: asyncio.Future[ResolvedKey | None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("api key refresh failed", error=repr(task.exception()))


@dataclass(frozen=True, slots=True)
class _CachedKey:
    expires_at: float
    refresh_at: float
    resolved: ResolvedKey | None


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated caller and the limits that apply to its credential."""

    principal: Principal
    rate_limit_per_second: float | None = None


class Authenticator:
    """Turn request credentials into a caller, or None when they must be refused."""

    def __init__(
        self,
        db: Database,
        bearer: BearerVerifier,
        *,
        key_cache_seconds: float,
        max_cached_keys: int = 50_000,
    ) -> None:
        self._db = db
        self._bearer = bearer
        self._key_ttl = key_cache_seconds
        self._max = max_cached_keys
        self._keys: OrderedDict[str, _CachedKey] = OrderedDict()
        self._inflight: dict[str, asyncio.Future[ResolvedKey | None]] = {}
        self._generation = 0

    async def authenticate(
        self, api_key: bytes | None, authorization: bytes | None
    ) -> Caller | None:
        """Return the caller named by exactly one credential, or None."""
        if api_key is not None and authorization is not None:
            return None
        try:
            if api_key is not None:
                return await self._by_key(api_key.decode("ascii"))
            if authorization is not None:
                return await self._by_bearer(authorization.decode("ascii"))
        except UnicodeDecodeError:
            return None
        return None

    async def _by_key(self, secret: str) -> Caller | None:
        digest = hashlib.sha256(secret.encode()).hexdigest()
        now = time.monotonic()
        cached = self._keys.get(digest)
        if cached is None or cached.expires_at <= now:
            resolved = await self._lookup(digest, secret)
        else:
            resolved = cached.resolved
            if cached.refresh_at <= now and digest not in self._inflight:
                refresh = asyncio.ensure_future(self._load(digest, secret))
                refresh.add_done_callback(_report_refresh_failure)
                self._inflight[digest] = refresh
        if resolved is None:
            return None
        if resolved.expires_at is not None and resolved.expires_at <= time.time():
            return None
        return Caller(resolved.principal, resolved.rate_limit_per_second)

    async def _lookup(self, digest: str, secret: str) -> ResolvedKey | None:
        """Load the key, sharing one database round trip among concurrent requests."""
        pending = self._inflight.get(digest)
        if pending is None:
            pending = asyncio.ensure_future(self._load(digest, secret))
            self._inflight[digest] = pending
        try:
            return await asyncio.shield(pending)
        except (OSError, SQLAlchemyError) as exc:
            raise CredentialStoreUnavailable from exc

    async def _load(self, digest: str, secret: str) -> ResolvedKey | None:
        generation = self._generation
        try:
            async with self._db.read_sessions() as session:
                resolved = await keys_service.resolve_key(session, secret=secret)
            if generation != self._generation:
                return resolved
            now = time.monotonic()
            self._keys[digest] = _CachedKey(
                now + self._key_ttl, now + self._key_ttl * REFRESH_AHEAD, resolved
            )
            self._keys.move_to_end(digest)
            if len(self._keys) > self._max:
                self._keys.popitem(last=False)
            return resolved
        finally:
            self._inflight.pop(digest, None)

    async def _by_bearer(self, authorization: str) -> Caller | None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        verified = await self._bearer.verify(token.strip())
        return None if verified is None else Caller(verified.principal)

    def forget(self, credential: str) -> None:
        """Drop cached lookups of the key behind ``credential`` (after a revocation)."""
        self._generation += 1
        for digest, entry in list(self._keys.items()):
            if entry.resolved is not None and entry.resolved.principal.credential == credential:
                del self._keys[digest]
