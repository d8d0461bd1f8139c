"""The gateway's own JSON endpoints take JSON only; forwarded requests are the services' affair."""

from __future__ import annotations

import pytest
from pdp_common.identity import Role

from tests.gateway.conftest import GatewayHarness

KEY_BODY = b'{"name": "tool", "org": "UNRCCA", "roles": ["viewer"], "clearance": "internal"}'


class TestOwnEndpoints:
    @pytest.mark.parametrize("media", ["text/plain", "application/xml", None])
    async def test_key_sent_as_another_media_type_is_415(
        self, gateway: GatewayHarness, media: str | None
    ) -> None:
        headers = gateway.admin | ({"Content-Type": media} if media else {})
        response = await gateway.client.post("/api/v1/api-keys", content=KEY_BODY, headers=headers)
        listed = await gateway.client.get("/api/v1/api-keys", headers=gateway.admin)
        assert response.status_code == 415, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/problems/unsupported-media-type"
        assert response.json()["accepted"] == ["application/json"]
        assert response.headers["x-request-id"]
        assert [k["name"] for k in listed.json()["items"]] == ["bootstrap admin"]

    async def test_key_sent_as_json_is_issued(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.post(
            "/api/v1/api-keys",
            content=KEY_BODY,
            headers=gateway.admin | {"Content-Type": "application/json"},
        )
        assert response.status_code == 201, response.text


class TestForwarded:
    async def test_forwarded_body_reaches_the_service_whatever_its_type(
        self, gateway: GatewayHarness
    ) -> None:
        key, _ = await gateway.issue_key(Role.ANALYST)
        response = await gateway.client.post(
            "/api/v1/incidents",
            content=b"plain",
            headers={"X-API-Key": key, "Content-Type": "text/plain"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["headers"]["content-type"] == "text/plain"
