"""Every mutated or missing credential gets the same 401 on every route, and nothing more."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from gateway.keys import hashing
from gateway.keys.models import ApiKey
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness
from tests.gateway.issuer import TestIssuer

ROUTES = [
    ("GET", "/api/v1/incidents"),
    ("GET", "/api/v1/incidents/0193a0c4-0000-7000-8000-000000000001"),
    ("POST", "/api/v1/incidents"),
    ("GET", "/api/v1/organizations"),
    ("GET", "/api/v1/engagements"),
    ("GET", "/api/v1/consents"),
    ("GET", "/api/v1/agreements"),
    ("GET", "/api/v1/initiatives"),
    ("POST", "/api/v1/sharing/decisions"),
    ("GET", "/api/v1/country-teams"),
    ("GET", "/api/v1/activities"),
    ("GET", "/api/v1/briefings/daily"),
    ("GET", "/api/v1/api-keys"),
    ("POST", "/api/v1/api-keys"),
    ("DELETE", f"/api/v1/api-keys/{uuid.uuid4()}"),
    ("GET", "/api/v1/audit-records"),
]

UNAUTHORIZED = {
    "type": "/problems/unauthorized",
    "title": "Authentication required",
    "status": 401,
    "detail": "Valid credentials are required.",
}


async def _expired_key(harness: GatewayHarness) -> str:
    secret = hashing.generate_key()
    async with harness.app.state.gateway.platform.db.transaction() as session:
        session.add(
            ApiKey(
                name="expired",
                prefix=hashing.display_prefix(secret),
                key_hash=hashing.hash_key(secret),
                org="UNRCCA",
                roles=["admin"],
                clearance="strictly_confidential",
                created_by="test",
                expires_at=datetime.now(UTC) - timedelta(seconds=1),
            )
        )
    return secret


async def _revoked_key(harness: GatewayHarness) -> str:
    secret, record = await harness.issue_key(Role.ADMIN, clearance=Clearance.CONFIDENTIAL)
    response = await harness.client.delete(
        f"/api/v1/api-keys/{record['id']}", headers=harness.admin
    )
    assert response.status_code == 204, response.text
    return secret


def _forged_signature(issuer: TestIssuer) -> str:
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(issuer.claims(roles=["admin"]), attacker, "RS256", headers={"kid": "rsa-1"})


def _hmac_with_public_key(issuer: TestIssuer) -> str:
    public_pem = issuer.rsa.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "kid": "rsa-1"}

    def b64(raw: bytes) -> bytes:
        return base64.urlsafe_b64encode(raw).rstrip(b"=")

    signing_input = (
        b64(json.dumps(header).encode()) + b"." + b64(json.dumps(issuer.claims()).encode())
    )
    signature = b64(hmac.new(public_pem, signing_input, hashlib.sha256).digest())
    return (signing_input + b"." + signature).decode()


async def _mutations(harness: GatewayHarness, issuer: TestIssuer) -> dict[str, dict[str, str]]:
    now = datetime.now(UTC).timestamp()
    valid_key, _ = await harness.issue_key(Role.ADMIN, clearance=Clearance.CONFIDENTIAL)
    return {
        "none": {},
        "empty api key": {"X-API-Key": ""},
        "malformed api key": {"X-API-Key": "short"},
        "unknown api key": {"X-API-Key": hashing.generate_key()},
        "expired api key": {"X-API-Key": await _expired_key(harness)},
        "revoked api key": {"X-API-Key": await _revoked_key(harness)},
        "api key and bearer at once": {"X-API-Key": valid_key} | bearer(issuer.token()),
        "basic scheme": {"Authorization": "Basic YWRtaW46YWRtaW4="},
        "bearer without token": {"Authorization": "Bearer "},
        "malformed bearer": bearer("not.a.jwt"),
        "garbage bearer": bearer("x" * 40),
        "expired bearer": bearer(issuer.token(exp=int(now) - 120, iat=int(now) - 600)),
        "not yet valid bearer": bearer(issuer.token(nbf=int(now) + 600)),
        "wrong issuer": bearer(issuer.token(iss="https://evil.example/realms/pdp")),
        "wrong audience": bearer(issuer.token(aud="another-api")),
        "missing audience": bearer(issuer.token(aud=None)),
        "missing expiry": bearer(issuer.token(exp=None)),
        "missing organization": bearer(issuer.token(org=None)),
        "unknown clearance": bearer(issuer.token(clearance="cosmic")),
        "subject too long to store": bearer(issuer.token(sub="s" * 201)),
        "organization code too long": bearer(issuer.token(org="O" * 33)),
        "alg none": bearer(issuer.unsigned(roles=["admin"])),
        "hs256 with the public key": bearer(_hmac_with_public_key(issuer)),
        "disallowed algorithm": bearer(issuer.token(alg="RS512")),
        "unknown key id": bearer(issuer.token(kid="rsa-unknown")),
        "key id of another key type": bearer(issuer.token(alg="RS256", kid="ec-1")),
        "forged signature": bearer(_forged_signature(issuer)),
        "tampered payload": bearer(_tamper(issuer.token())),
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["roles"] = ["admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


class TestCredentialMutations:
    async def test_every_bad_credential_gets_the_same_401_on_every_route(
        self,
        make_gateway: GatewayFactory,
        database: DatabaseTarget,
        external_issuer: dict[str, Any],
        test_issuer: TestIssuer,
    ) -> None:
        async with make_gateway(
            database, jwt_algorithms=["RS256", "ES256"], **external_issuer
        ) as harness:
            mutations = await _mutations(harness, test_issuer)
            for name, headers in mutations.items():
                for method, path in ROUTES:
                    response = await harness.client.request(
                        method, path, headers=headers, json={} if method == "POST" else None
                    )
                    assert response.status_code == 401, f"{name} {method} {path}: {response.text}"
                    body = response.json()
                    assert {k: body[k] for k in UNAUTHORIZED} == UNAUTHORIZED, name
                    assert set(body) == {*UNAUTHORIZED, "instance", "request_id"}, name
                    assert response.headers["content-type"] == "application/problem+json"
                    assert "www-authenticate" in response.headers

    async def test_the_valid_credentials_of_the_same_issuer_pass(
        self,
        make_gateway: GatewayFactory,
        database: DatabaseTarget,
        external_issuer: dict[str, Any],
        test_issuer: TestIssuer,
    ) -> None:
        async with make_gateway(database, **external_issuer) as harness:
            for alg, kid in (("RS256", "rsa-1"), ("ES256", "ec-1")):
                headers = {"Authorization": f"Bearer {test_issuer.token(alg=alg, kid=kid)}"}
                response = await harness.client.get("/api/v1/incidents", headers=headers)
                assert response.status_code == 200, response.text
                principal = response.json()["principal"]
                assert principal["sub"] == "officer@unrcca.org"
                assert principal["roles"] == ["analyst"]
                assert principal["clearance"] == "confidential"
                assert principal["cred"] == "bearer:officer@unrcca.org"
            longest = test_issuer.token(sub="s" * 200, org="O" * 32)
            response = await harness.client.get(
                "/api/v1/incidents", headers={"Authorization": f"Bearer {longest}"}
            )
            assert response.status_code == 200, response.text

    async def test_a_key_published_after_start_is_fetched_on_first_use(
        self,
        make_gateway: GatewayFactory,
        database: DatabaseTarget,
        external_issuer: dict[str, Any],
        test_issuer: TestIssuer,
    ) -> None:
        async with make_gateway(database, **external_issuer) as harness:
            assert (
                await harness.client.get(
                    "/api/v1/incidents", headers={"Authorization": f"Bearer {test_issuer.token()}"}
                )
            ).status_code == 200
            rotated = dict(test_issuer.published[0]) | {"kid": "rsa-2"}
            test_issuer.published.append(rotated)
            try:
                token = test_issuer.token(kid="rsa-2")
                response = await harness.client.get(
                    "/api/v1/incidents", headers={"Authorization": f"Bearer {token}"}
                )
                assert response.status_code == 200, response.text
            finally:
                test_issuer.published.remove(rotated)

    async def test_unknown_key_ids_do_not_make_the_gateway_hammer_the_issuer(
        self,
        make_gateway: GatewayFactory,
        database: DatabaseTarget,
        external_issuer: dict[str, Any],
        test_issuer: TestIssuer,
    ) -> None:
        settings = external_issuer | {"jwks_min_refetch_seconds": 60.0}
        async with make_gateway(database, **settings) as harness:
            fetched_at_start = test_issuer.fetches
            for number in range(5):
                token = test_issuer.token(kid=f"forged-{number}")
                response = await harness.client.get(
                    "/api/v1/incidents", headers={"Authorization": f"Bearer {token}"}
                )
                assert response.status_code == 401, response.text
            assert test_issuer.fetches == fetched_at_start
            valid = {"Authorization": f"Bearer {test_issuer.token()}"}
            response = await harness.client.get("/api/v1/incidents", headers=valid)
            assert response.status_code == 200, response.text

    async def test_an_unreachable_issuer_refuses_bearers_but_keys_still_work(
        self, make_gateway: GatewayFactory, database: DatabaseTarget, test_issuer: TestIssuer
    ) -> None:
        settings = {
            "jwt_jwks_url": "http://127.0.0.1:9/jwks.json",
            "jwt_issuer": "https://login.unrcca.test/realms/pdp",
            "jwks_fetch_timeout_seconds": 0.5,
        }
        async with make_gateway(database, **settings) as harness:
            headers = {"Authorization": f"Bearer {test_issuer.token()}"}
            response = await harness.client.get("/api/v1/incidents", headers=headers)
            assert response.status_code == 401, response.text
            key, _ = await harness.issue_key(Role.VIEWER)
            response = await harness.client.get("/api/v1/incidents", headers={"X-API-Key": key})
            assert response.status_code == 200, response.text
