"""Authentication of callers: an API key (``X-API-Key``) or a bearer JWT, never both.

API key lookups are cached for ``api_key_cache_seconds`` (2 s by default), including misses; a key
revoked through this gateway replica stops working at once, and on any other replica within that
bound. Bearer tokens are verified once and then remembered until they expire.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass

from pdp_common.db import Database
from pdp_common.identity import Principal

from gateway.bearer import BearerVerifier
from gateway.keys import service as keys_service
from gateway.keys.service import ResolvedKey


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
        self._keys: OrderedDict[str, tuple[float, ResolvedKey | None]] = OrderedDict()

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
        if cached is not None and cached[0] > now:
            resolved = cached[1]
        else:
            async with self._db.read_sessions() as session:
                resolved = await keys_service.resolve_key(session, secret=secret)
            self._keys[digest] = (now + self._key_ttl, resolved)
            self._keys.move_to_end(digest)
            if len(self._keys) > self._max:
                self._keys.popitem(last=False)
        if resolved is None:
            return None
        if resolved.expires_at is not None and resolved.expires_at <= time.time():
            return None
        return Caller(resolved.principal, resolved.rate_limit_per_second)

    async def _by_bearer(self, authorization: str) -> Caller | None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        verified = await self._bearer.verify(token.strip())
        return None if verified is None else Caller(verified.principal)

    def forget(self, credential: str) -> None:
        """Drop cached lookups of the key behind ``credential`` (after a revocation)."""
        for digest in [
            d for d, (_, r) in self._keys.items() if r and r.principal.credential == credential
        ]:
            del self._keys[digest]
