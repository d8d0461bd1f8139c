"""The development issuer's endpoints: tokens, discovery, keys; loopback clients only."""

from __future__ import annotations

from typing import Any

import httpx
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness


class TestDevelopmentIssuer:
    async def test_a_development_token_authenticates(self, gateway: GatewayHarness) -> None:
        headers = await gateway.bearer(Role.OFFICER, clearance=Clearance.CONFIDENTIAL)
        response = await gateway.client.get("/api/v1/engagements", headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["principal"]["roles"] == ["officer"]

    async def test_discovery_and_keys_are_published(self, gateway: GatewayHarness) -> None:
        config = await gateway.client.get("/dev-issuer/.well-known/openid-configuration")
        assert config.status_code == 200, config.text
        jwks = await gateway.client.get("/dev-issuer/.well-known/jwks.json")
        assert jwks.status_code == 200, jwks.text
        assert [key["alg"] for key in jwks.json()["keys"]] == ["ES256"]

    async def test_a_body_with_unknown_members_is_refused(self, gateway: GatewayHarness) -> None:
        body = {"subject": "x", "org": "UNRCCA", "roles": ["viewer"], "exp": 4_102_444_800}
        response = await gateway.client.post("/dev-issuer/token", json=body)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"

    async def test_remote_clients_are_refused(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database) as harness:
            transport = httpx.ASGITransport(app=harness.app, client=("203.0.113.9", 40000))
            body = {"subject": "x", "org": "UNRCCA", "roles": ["admin"]}
            async with httpx.AsyncClient(transport=transport, base_url="http://gw") as remote:
                response = await remote.post("/dev-issuer/token", json=body)
            assert response.status_code == 403, response.text

    async def test_it_is_off_when_an_external_issuer_is_configured(
        self,
        make_gateway: GatewayFactory,
        database: DatabaseTarget,
        external_issuer: dict[str, Any],
    ) -> None:
        async with make_gateway(database, **external_issuer) as harness:
            body = {"subject": "x", "org": "UNRCCA", "roles": ["admin"]}
            response = await harness.client.post("/dev-issuer/token", json=body)
            assert response.status_code == 404, response.text
