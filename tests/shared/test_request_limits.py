"""JSON limits on every route of an app: checked as the body is read, per route where a route has
its own, answered as problems; bodies of other media types pass untouched."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request
from pdp_common.errors import install_error_handlers
from pdp_common.json_limits import JsonLimits
from pdp_common.media_types import install_json_media_types
from pdp_common.request_limits import install_json_limits

LIMITS = JsonLimits(max_depth=4, max_items=10, max_string_bytes=16, max_number_chars=8)
DEEP = b"[" * 100_000 + b"]" * 100_000
WIDE = b"[" + b",".join([b"1"] * 50) + b"]"


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/things")
    async def create_thing(thing: dict[str, object]) -> dict[str, int]:
        """Count the members of a thing."""
        return {"members": len(thing)}

    @app.post("/batches")
    async def import_batch(request: Request) -> dict[str, int]:
        """Count the bytes of a batch, read as the endpoint likes."""
        return {"bytes": len(await request.body())}

    install_json_media_types(app)
    install_json_limits(app, LIMITS, {import_batch: LIMITS.scaled(max_items=100)})
    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def post(client: httpx.AsyncClient, path: str, body: bytes, media: str) -> httpx.Response:
    return await client.post(path, content=body, headers={"Content-Type": media})


class TestJsonLimitMiddleware:
    async def test_body_within_limits_reaches_the_endpoint(self, client: httpx.AsyncClient) -> None:
        response = await post(client, "/things", b'{"a": [1, 2], "b": "text"}', "application/json")
        assert response.status_code == 200, response.text
        assert response.json() == {"members": 2}

    @pytest.mark.parametrize("media", ["application/json", "application/merge-patch+json"])
    async def test_deep_body_is_answered_413_body_too_complex(
        self, client: httpx.AsyncClient, media: str
    ) -> None:
        response = await post(client, "/things", DEEP, media)
        assert response.status_code == 413, response.text
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"] == "/problems/body-too-complex"
        assert "4 levels" in problem["detail"]

    @pytest.mark.parametrize(
        "body", [b'{"a": "\\u0000"}', b'{"a": "\\ud800"}', b'{"a": NaN}', b'{"a": 1e999}']
    )
    async def test_unstorable_body_is_answered_400_malformed_body(
        self, client: httpx.AsyncClient, body: bytes
    ) -> None:
        response = await post(client, "/things", body, "application/json; charset=utf-8")
        assert response.status_code == 400, response.text
        assert response.json()["type"] == "/problems/malformed-body"

    async def test_route_with_its_own_limits_takes_more_items(
        self, client: httpx.AsyncClient
    ) -> None:
        assert (await post(client, "/things", WIDE, "application/json")).status_code == 413
        response = await post(client, "/batches", WIDE, "application/json")
        assert response.status_code == 200, response.text
        assert response.json() == {"bytes": len(WIDE)}

    async def test_route_with_its_own_limits_keeps_the_others(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await post(client, "/batches", DEEP, "application/json")
        assert response.status_code == 413, response.text
        assert response.json()["type"] == "/problems/body-too-complex"

    async def test_other_media_types_are_left_to_the_endpoint(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await post(client, "/batches", DEEP, "text/csv")
        assert response.status_code == 200, response.text
        assert response.json() == {"bytes": len(DEEP)}

    async def test_body_sent_in_chunks_is_checked_whole(self, client: httpx.AsyncClient) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(DEEP), 4096):
                yield DEEP[start : start + 4096]

        response = await client.post(
            "/things", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413, response.text
