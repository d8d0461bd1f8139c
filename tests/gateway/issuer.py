"""An external token issuer for tests: its own keys, a JWKS endpoint and free-form signing."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import FastAPI
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

ISSUER = "https://login.unrcca.test/realms/pdp"
AUDIENCE = "pdp-api"


class TestIssuer:
    """Keys (RS256 and ES256) published as a JWKS, and a signer that can forge anything."""

    __test__ = False

    def __init__(self) -> None:
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec = ec.generate_private_key(ec.SECP256R1())
        self.fetches = 0
        self.published: list[dict[str, Any]] = [
            json.loads(RSAAlgorithm.to_jwk(self.rsa.public_key())) | {"kid": "rsa-1", "use": "sig"},
            json.loads(ECAlgorithm.to_jwk(self.ec.public_key())) | {"kid": "ec-1", "alg": "ES256"},
        ]

    def app(self) -> FastAPI:
        """Return the issuer's web app serving its JWKS."""
        app = FastAPI()

        @app.get("/jwks.json")
        async def read_jwks() -> dict[str, Any]:
            self.fetches += 1
            return {"keys": self.published}

        return app

    def claims(self, **overrides: Any) -> dict[str, Any]:
        """Return valid claims for an analyst of the Centre, with ``overrides`` applied."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "officer@unrcca.org",
            "org": "UNRCCA",
            "roles": ["analyst"],
            "clearance": "confidential",
            "iat": now,
            "nbf": now,
            "exp": now + 300,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, *, alg: str = "RS256", kid: str = "rsa-1", **overrides: Any) -> str:
        """Return a token signed with the issuer's key for ``alg``."""
        key = self.rsa if alg.startswith(("RS", "PS")) else self.ec
        return jwt.encode(self.claims(**overrides), key, algorithm=alg, headers={"kid": kid})

    def unsigned(self, **overrides: Any) -> str:
        """Return an ``alg: none`` token with valid claims."""
        header = _b64({"alg": "none", "typ": "JWT", "kid": "rsa-1"})
        return f"{header}.{_b64(self.claims(**overrides))}."


def _b64(value: dict[str, Any]) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
