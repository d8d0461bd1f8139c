"""The built-in development issuer: mints people's bearer tokens for local runs and tests.

It is active only while no external JWKS URL is configured, and it answers only clients on the
loopback interface. Its ES256 key lives in memory: tokens die with the process.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from pdp_common.identity import Clearance, Role

DEV_ALGORITHM = "ES256"


def _thumbprint(jwk: dict[str, Any]) -> str:
    members = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":"), sort_keys=True).encode())
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


class DevIssuer:
    """Sign bearer tokens for any principal, for development only."""

    def __init__(self, *, issuer: str, audience: str, max_ttl_seconds: int) -> None:
        self.issuer = issuer
        self.audience = audience
        self.max_ttl_seconds = max_ttl_seconds
        self._key = ec.generate_private_key(ec.SECP256R1())
        public = json.loads(ECAlgorithm.to_jwk(self._key.public_key()))
        self.kid = _thumbprint(public)
        self._public_jwk = public | {"kid": self.kid, "use": "sig", "alg": DEV_ALGORITHM}

    def jwks(self) -> dict[str, Any]:
        """Return the issuer's public key set."""
        return {"keys": [dict(self._public_jwk)]}

    def issue(
        self,
        *,
        subject: str,
        org: str,
        roles: list[Role],
        clearance: Clearance,
        name: str | None = None,
        ttl_seconds: int | None = None,
        now: float | None = None,
    ) -> str:
        """Return a signed access token for the given person."""
        issued = int(now if now is not None else time.time())
        ttl = min(ttl_seconds or self.max_ttl_seconds, self.max_ttl_seconds)
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "org": org,
            "roles": [role.value for role in roles],
            "clearance": clearance.value,
            "iat": issued,
            "nbf": issued,
            "exp": issued + ttl,
        }
        if name:
            claims["name"] = name
        return jwt.encode(claims, self._key, algorithm=DEV_ALGORITHM, headers={"kid": self.kid})
