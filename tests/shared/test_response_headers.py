"""The common header-adding middleware: every HTTP answer gets what the subclass names."""

from __future__ import annotations

import httpx
import pytest
from pdp_common.response_headers import Headers, ResponseHeaders
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Scope


class PathHeader(ResponseHeaders):
    def added(self, scope: Scope, headers: Headers) -> Headers:
        had = b",".join(sorted(name for name, _ in headers))
        return [(b"x-path", str(scope["path"]).encode()), (b"x-had", had)]


async def hello(request: Request) -> Response:
    return PlainTextResponse("hello", headers={"x-own": "kept"})


def _client() -> httpx.AsyncClient:
    app = Starlette(routes=[Route("/hello", hello)])
    app.add_middleware(PathHeader)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


class TestResponseHeaders:
    async def test_adds_the_named_headers_after_the_answer_s_own(self) -> None:
        async with _client() as client:
            response = await client.get("/hello")
        assert response.text == "hello"
        assert response.headers["x-own"] == "kept"
        assert response.headers["x-path"] == "/hello"
        assert b"x-own" in response.headers["x-had"].encode().split(b",")

    async def test_adds_them_to_an_error_answer_too(self) -> None:
        async with _client() as client:
            response = await client.get("/missing")
        assert response.status_code == 404
        assert response.headers["x-path"] == "/missing"

    def test_a_subclass_must_say_what_it_adds(self) -> None:
        with pytest.raises(NotImplementedError):
            ResponseHeaders(Starlette()).added({"type": "http", "path": "/"}, [])
