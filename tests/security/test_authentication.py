"""OWASP API2:2023 (broken authentication), through the gateway.

* ``TestBearerTokens``: a token of the gateway's own issuer works; an expired one, one whose
  signature is forged with another key under the issuer's key id, one with ``alg: none``, one
  signed HS256 with the issuer's public key as secret (algorithm confusion), one with another
  audience, and one from another environment's issuer (same issuer name, its own key) are all
  refused with the same 401 problem;
* ``TestApiKeys``: a revoked key, a well-formed key no gateway of this environment issued, and
  a key sent in the wrong header are refused with 401; the 401 tells nothing about why.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from gateway.devissuer.issuer import DevIssuer
from gateway.state import Gateway
from pdp_common.identity import Clearance, Role

from tests.e2e.gateway_platform import Platform
from tests.security.world import ADMIN
from tests.shared.polling import eventually

PROBE = "/api/v1/incidents"


def issuer_of(running: Platform) -> DevIssuer:
    """Return the gateway's development issuer (the environment's identity provider)."""
    gateway: Gateway = running.gateway.state.gateway
    assert gateway.dev_issuer is not None
    return gateway.dev_issuer


def claims_of(issuer: DevIssuer, **overrides: Any) -> dict[str, Any]:
    """Return valid claims of a Centre analyst, with ``overrides``."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer.issuer,
        "aud": issuer.audience,
        "sub": "analyst@unrcca.example",
        "org": "UNRCCA",
        "roles": ["analyst"],
        "clearance": "internal",
        "iat": now,
        "exp": now + 600,
    }
    return claims | overrides


def _part(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def _signing_input(alg: str, kid: str, claims: dict[str, Any]) -> str:
    header = {"alg": alg, "typ": "JWT", "kid": kid}
    return f"{_part(json.dumps(header).encode())}.{_part(json.dumps(claims).encode())}"


def unsigned(claims: dict[str, Any], kid: str) -> str:
    """Return a token with ``alg: none`` and no signature."""
    return _signing_input("none", kid, claims) + "."


def hs256(claims: dict[str, Any], kid: str, secret: bytes) -> str:
    """Return a token signed HS256 with ``secret`` (written by hand: PyJWT refuses key-like
    secrets, as a verifier should)."""
    signing_input = _signing_input("HS256", kid, claims)
    digest = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_part(digest)}"


def bearer(token: str) -> dict[str, str]:
    """Return headers carrying ``token``."""
    return {"Authorization": f"Bearer {token}"}


async def problem_401(running: Platform, headers: dict[str, str]) -> dict[str, Any]:
    """Call the probe with ``headers``; check it is refused with 401; return the problem."""
    response = await running.client.get(PROBE, headers=headers)
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "www-authenticate" in {k.lower() for k in response.headers}
    body: dict[str, Any] = response.json()
    return {k: v for k, v in body.items() if k not in {"instance", "request_id"}}


class TestBearerTokens:
    async def test_only_a_valid_token_of_this_environment_gets_in(self, secured: Platform) -> None:
        issuer = issuer_of(secured)
        valid = issuer.issue(
            subject="analyst@unrcca.example", org="UNRCCA", roles=[Role.ANALYST],
            clearance=Clearance.INTERNAL,
        )  # fmt: skip
        ok = await secured.client.get(PROBE, headers=bearer(valid))
        assert ok.status_code == 200, ok.text
        other_key = ec.generate_private_key(ec.SECP256R1())
        header = {"kid": issuer.kid}
        assert jwt.get_unverified_header(valid)["kid"] == issuer.kid
        elsewhere = DevIssuer(issuer=issuer.issuer, audience=issuer.audience, max_ttl_seconds=600)
        refused = {
            "expired": issuer.issue(
                subject="a", org="UNRCCA", roles=[Role.ANALYST], clearance=Clearance.INTERNAL,
                ttl_seconds=60, now=time.time() - 3600,
            ),
            "forged": jwt.encode(claims_of(issuer), other_key, "ES256", headers=header),
            "alg none": unsigned(claims_of(issuer), issuer.kid),
            "confused": hs256(claims_of(issuer), issuer.kid, json.dumps(issuer.jwks()).encode()),
            "other environment": elsewhere.issue(
                subject="a", org="UNRCCA", roles=[Role.ADMIN], clearance=Clearance.INTERNAL
            ),
            "garbage": "not.a.token",
        }  # fmt: skip
        answers = {name: await problem_401(secured, bearer(t)) for name, t in refused.items()}
        assert len({json.dumps(a, sort_keys=True) for a in answers.values()}) == 1, answers


class TestApiKeys:
    async def test_revoked_foreign_and_misplaced_keys_are_refused(self, secured: Platform) -> None:
        response = await secured.client.post(
            "/api/v1/api-keys",
            json={"name": "to revoke", "org": "UNRCCA", "roles": ["viewer"], "clearance": "public"},
            headers=ADMIN,
        )
        assert response.status_code == 201, response.text
        issued = response.json()
        key = {"X-API-Key": issued["key"]}
        assert (await secured.client.get(PROBE, headers=key)).status_code == 200
        revoked = await secured.client.delete(f"/api/v1/api-keys/{issued['id']}", headers=ADMIN)
        assert revoked.status_code in {200, 204}, revoked.text

        async def status() -> int:
            return (await secured.client.get(PROBE, headers=key)).status_code

        await eventually(status, until=lambda code: code == 401, timeout=30)
        foreign = "pdp_" + "other-environment-key-0123456789abcdef"
        answers = [
            await problem_401(secured, key),
            await problem_401(secured, {"X-API-Key": foreign}),
            await problem_401(secured, {"Authorization": f"Bearer {issued['key']}"}),
            await problem_401(secured, {}),
        ]
        assert all(a["type"] == answers[0]["type"] for a in answers), answers
