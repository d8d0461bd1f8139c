"""The request context middleware: request ids, trace ids from traceparent, unexpected failures."""

from __future__ import annotations

import httpx
import pytest
import structlog
from pdp_common.middleware import RequestIdMiddleware, traceparent_trace_id
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


class TestTraceparentTraceId:
    @pytest.mark.parametrize(
        "value",
        [
            TRACEPARENT,
            f"00-{TRACE_ID}-00f067aa0ba902b7-00",
            f" {TRACEPARENT}\t",
            f"cc-{TRACE_ID}-00f067aa0ba902b7-01",
            f"cc-{TRACE_ID}-00f067aa0ba902b7-01-what-the-future-holds",
        ],
    )
    def test_valid_header_gives_its_trace_id(self, value: str) -> None:
        assert traceparent_trace_id(value) == TRACE_ID

    @pytest.mark.parametrize(
        "value",
        [
            "",
            "garbage",
            f"00-{TRACE_ID.upper()}-00f067aa0ba902b7-01",
            f"00-{TRACE_ID}-00F067AA0BA902B7-01",
            f"ff-{TRACE_ID}-00f067aa0ba902b7-01",
            f"00-{'0' * 32}-00f067aa0ba902b7-01",
            f"00-{TRACE_ID}-{'0' * 16}-01",
            f"00-{TRACE_ID}-00f067aa0ba902b7-01-extra",
            f"cc-{TRACE_ID}-00f067aa0ba902b7-01extra",
            f"00-{TRACE_ID[:-1]}-00f067aa0ba902b7-01",
            f"00-{TRACE_ID}-00f067aa0ba902b-01",
            f"00-{TRACE_ID}-00f067aa0ba902b7-1",
            f"0-{TRACE_ID}-00f067aa0ba902b7-01",
            f"00_{TRACE_ID}_00f067aa0ba902b7_01",
            f"00-{TRACE_ID}-00f067aa0ba902b7-0g",
        ],
    )
    def test_invalid_header_gives_none(self, value: str) -> None:
        assert traceparent_trace_id(value) is None


async def _context(request: Request) -> JSONResponse:
    return JSONResponse(structlog.contextvars.get_contextvars())


async def _fail(request: Request) -> JSONResponse:
    raise RuntimeError("the handler breaks")


def _client() -> httpx.AsyncClient:
    app = Starlette(
        routes=[Route("/context", _context), Route("/fail", _fail)],
        middleware=[Middleware(RequestIdMiddleware)],
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


class TestRequestIdMiddleware:
    async def test_binds_request_and_trace_ids_while_serving_then_unbinds(self) -> None:
        async with _client() as client:
            r = await client.get(
                "/context", headers={"X-Request-ID": "req-1", "traceparent": TRACEPARENT}
            )
        assert r.json() == {"request_id": "req-1", "trace_id": TRACE_ID}
        assert r.headers["x-request-id"] == "req-1"
        assert "request_id" not in structlog.contextvars.get_contextvars()
        assert "trace_id" not in structlog.contextvars.get_contextvars()

    async def test_makes_a_request_id_and_binds_no_trace_id_without_traceparent(self) -> None:
        async with _client() as client:
            r = await client.get("/context")
        assert r.json() == {"request_id": r.headers["x-request-id"]}

    async def test_ignores_an_invalid_or_repeated_traceparent(self) -> None:
        other = f"00-{'1' * 32}-00f067aa0ba902b7-01"
        async with _client() as client:
            invalid = await client.get("/context", headers={"traceparent": "00-xyz-01"})
            repeated = await client.get(
                "/context", headers=[("traceparent", TRACEPARENT), ("traceparent", other)]
            )
        assert "trace_id" not in invalid.json()
        assert "trace_id" not in repeated.json()

    async def test_unexpected_failure_is_answered_500_with_the_request_id(self) -> None:
        async with _client() as client:
            r = await client.get("/fail", headers={"X-Request-ID": "req-2"})
        assert r.status_code == 500
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["x-request-id"] == "req-2"
        body = r.json()
        assert body["request_id"] == "req-2"
        assert body["instance"] == "/fail"
        assert "RuntimeError" not in r.text
        assert "request_id" not in structlog.contextvars.get_contextvars()
