"""People's tokens: OAuth2 bearer JWTs verified against the configured issuer's keys."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import jwt
from pdp_common.identity import Clearance, Principal, Role

from gateway.auth.jwks import IssuerKey, KeySource

ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
_KEY_TYPES = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP"}
MAX_TOKEN_LENGTH = 8192
# The longest subject and organization code the services store (as API keys and the development
# issuer allow); a token naming longer ones is refused at the door.
MAX_SUBJECT_LENGTH = 200
MAX_ORG_LENGTH = 32


@dataclass(frozen=True, slots=True)
class VerifiedBearer:
    """A verified token: who it names and when it expires (epoch seconds)."""

    principal: Principal
    expires_at: float


@dataclass(frozen=True, slots=True)
class ClaimNames:
    """Which claims carry the organization, roles and clearance."""

    org: str = "org"
    roles: str = "roles"
    clearance: str = "clearance"


class BearerVerifier:
    """Verify bearer JWTs: explicit algorithms, known key id, ``iss``, ``aud``, ``exp``, ``nbf``.

    Verified tokens are remembered until they expire (bounded LRU), so a token presented again
    costs a dictionary lookup instead of a signature check.
    """

    def __init__(
        self,
        source: KeySource,
        *,
        issuer: str,
        audience: str,
        algorithms: list[str],
        leeway_seconds: int,
        claims: ClaimNames | None = None,
        cache_size: int = 10_000,
    ) -> None:
        unsafe = set(algorithms) - ASYMMETRIC_ALGORITHMS
        if unsafe:
            raise ValueError(f"algorithms not allowed for bearer tokens: {sorted(unsafe)}")
        self._source = source
        self._issuer = issuer
        self._audience = audience
        self._algorithms = frozenset(algorithms)
        self._leeway = leeway_seconds
        self._claims = claims or ClaimNames()
        self._cache: OrderedDict[str, VerifiedBearer] = OrderedDict()
        self._cache_size = cache_size

    async def verify(self, token: str) -> VerifiedBearer | None:
        """Return the verified token, or None when it must be refused."""
        cached = self._cache.get(token)
        if cached is not None:
            if cached.expires_at + self._leeway > time.time():
                return cached
            del self._cache[token]
        if len(token) > MAX_TOKEN_LENGTH:
            return None
        verified = await self._verify_uncached(token)
        if verified is not None:
            self._cache[token] = verified
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return verified

    async def _verify_uncached(self, token: str) -> VerifiedBearer | None:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            return None
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in self._algorithms or not isinstance(kid, str):
            return None
        key = await self._source.key_for(kid)
        if key is None or not _key_fits(key, alg):
            return None
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[alg],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError:
            return None
        principal = self._principal(claims)
        return None if principal is None else VerifiedBearer(principal, float(claims["exp"]))

    def _principal(self, claims: dict[str, Any]) -> Principal | None:
        org = claims.get(self._claims.org)
        raw_roles = claims.get(self._claims.roles, [])
        if isinstance(raw_roles, str):
            raw_roles = raw_roles.split()
        if not isinstance(org, str) or not org or not isinstance(raw_roles, list):
            return None
        if len(org) > MAX_ORG_LENGTH or len(str(claims["sub"])) > MAX_SUBJECT_LENGTH:
            return None
        known = {role.value for role in Role}
        try:
            clearance = Clearance(claims.get(self._claims.clearance, Clearance.PUBLIC.value))
        except ValueError:
            return None
        subject = str(claims["sub"])
        return Principal(
            subject=subject,
            org=org,
            roles=frozenset(Role(r) for r in raw_roles if r in known),
            clearance=clearance,
            credential=f"bearer:{subject}",
            name=claims.get("name") if isinstance(claims.get("name"), str) else None,
        )


def _key_fits(key: IssuerKey, alg: str) -> bool:
    if key.declared_alg is not None:
        return key.declared_alg == alg
    return _KEY_TYPES.get(alg[:2]) == key.key_type
