"""JSON endpoints refuse bodies of other media types with 415 problem+json, before reading them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Annotated, Any

import httpx
import pytest
import pytest_asyncio
from fastapi import APIRouter, Body, FastAPI, Request, params
from fastapi.routing import APIRoute
from pdp_common.errors import UnsupportedMediaTypeError, install_error_handlers
from pdp_common.media_types import (
    accepted_media_types,
    install_json_media_types,
    is_json_media_type,
)
from pdp_common.testing.apps import Identities, running
from pydantic import BaseModel

from tests.shared.sample.service import Note, SampleSettings, count_rows, create_app

PROBLEM = "application/problem+json"
MERGE_PATCH = "application/merge-patch+json"


class Item(BaseModel):
    name: str


router = APIRouter(prefix="/items")


@router.get("")
async def list_items() -> list[Item]:
    """List nothing."""
    return []


@router.post("")
async def create_item(item: Item) -> Item:
    """Echo a JSON body."""
    return item


@router.put("/{name}")
async def replace_item(name: str, item: Item) -> Item:
    """Echo a JSON body sent with PUT."""
    return item


@router.patch("/{name}")
async def patch_item(name: str, item: Annotated[Item, Body(media_type=MERGE_PATCH)]) -> Item:
    """Echo a merge patch."""
    return item


@router.post("/optional")
async def maybe_item(item: Item | None = None) -> dict[str, Any]:
    """Echo an optional body."""
    return {"item": item}


@router.post(
    "/upload",
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}},
    },
)
async def upload_items(request: Request) -> dict[str, Any]:
    """Read a body of any type; refuse what it does not read itself."""
    media = request.headers.get("content-type", "")
    if media != "text/csv":
        raise UnsupportedMediaTypeError("Send text/csv.")
    return {"bytes": len(await request.body())}


@pytest_asyncio.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router, prefix="/api/v1")
    install_json_media_types(app)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


def _assert_415(response: httpx.Response, *, accepted: list[str], sent: str) -> None:
    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == "/problems/unsupported-media-type"
    assert body["status"] == 415
    assert body["accepted"] == accepted
    assert sent in body["detail"]


class TestAcceptedMediaTypes:
    def test_json_types_are_recognised(self) -> None:
        assert is_json_media_type("application/json")
        assert is_json_media_type(MERGE_PATCH)
        assert not is_json_media_type("text/json+plain")
        assert not is_json_media_type("application/xml")

    def test_routes_declare_what_they_accept(self) -> None:
        routes = {route.name: route for route in router.routes if isinstance(route, APIRoute)}
        assert accepted_media_types(routes["create_item"]) == ("application/json",)
        assert accepted_media_types(routes["patch_item"]) == ("application/json", MERGE_PATCH)
        assert accepted_media_types(routes["list_items"]) is None
        assert accepted_media_types(routes["upload_items"]) is None

    def test_form_bodies_are_not_json(self) -> None:
        form_route = SimpleNamespace(body_field=SimpleNamespace(field_info=params.Form()))
        assert accepted_media_types(form_route) is None


class TestJsonRoutes:
    @pytest.mark.parametrize("media", ["text/plain", "application/xml", "application/vnd.x+json"])
    async def test_other_media_type_is_415(self, client: httpx.AsyncClient, media: str) -> None:
        r = await client.post(
            "/api/v1/items", content=b'{"name": "a"}', headers={"Content-Type": media}
        )
        _assert_415(r, accepted=["application/json"], sent=f"Content-Type {media}")
        assert r.headers["accept-post"] == "application/json"

    async def test_missing_content_type_is_415(self, client: httpx.AsyncClient) -> None:
        r = await client.put("/api/v1/items/a", content=b'{"name": "a"}')
        _assert_415(r, accepted=["application/json"], sent="no Content-Type")
        assert "accept-post" not in r.headers

    @pytest.mark.parametrize(
        "media", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
    )
    async def test_json_is_taken(self, client: httpx.AsyncClient, media: str) -> None:
        r = await client.post(
            "/api/v1/items", content=b'{"name": "a"}', headers={"Content-Type": media}
        )
        assert r.status_code == 200, r.text
        assert r.json() == {"name": "a"}

    async def test_declared_json_type_is_taken_and_listed(self, client: httpx.AsyncClient) -> None:
        ok = await client.patch(
            "/api/v1/items/a", content=b'{"name": "b"}', headers={"Content-Type": MERGE_PATCH}
        )
        plain = await client.patch(
            "/api/v1/items/a", content=b'{"name": "b"}', headers={"Content-Type": "text/plain"}
        )
        assert ok.status_code == 200, ok.text
        _assert_415(plain, accepted=["application/json", MERGE_PATCH], sent="text/plain")
        assert plain.headers["accept-patch"] == f"application/json, {MERGE_PATCH}"

    async def test_request_without_body_is_left_to_the_endpoint(
        self, client: httpx.AsyncClient
    ) -> None:
        optional = await client.post("/api/v1/items/optional")
        required = await client.post("/api/v1/items")
        assert optional.status_code == 200, optional.text
        assert required.status_code == 422, required.text

    async def test_malformed_json_is_still_422(self, client: httpx.AsyncClient) -> None:
        r = await client.post(
            "/api/v1/items", content=b"{oops", headers={"Content-Type": "application/json"}
        )
        assert r.status_code == 422, r.text


class TestRoutesWithTheirOwnRules:
    async def test_route_reading_its_own_body_keeps_its_rule(
        self, client: httpx.AsyncClient
    ) -> None:
        csv = await client.post(
            "/api/v1/items/upload", content=b"a,b\n", headers={"Content-Type": "text/csv"}
        )
        xml = await client.post(
            "/api/v1/items/upload", content=b"<a/>", headers={"Content-Type": "application/xml"}
        )
        assert csv.status_code == 200, csv.text
        assert xml.status_code == 415
        assert xml.json()["detail"] == "Send text/csv."
        assert "accepted" not in xml.json()

    async def test_reads_are_untouched(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/api/v1/items", headers={"Content-Type": "text/plain"})
        assert r.status_code == 200, r.text


class TestThroughTheServiceFactory:
    async def test_service_refuses_text_body_before_storing_anything(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            r = await client.post(
                "/api/v1/notes",
                content=b'{"text": "as text"}',
                headers=identities.headers() | {"Content-Type": "text/plain"},
            )
            assert await count_rows(app, Note) == 0
        _assert_415(r, accepted=["application/json"], sent="text/plain")
        assert r.json()["request_id"] == r.headers["x-request-id"]
