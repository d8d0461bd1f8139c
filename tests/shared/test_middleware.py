"""The request context middleware (request ids, trace ids from traceparent, unexpected failures)
and the body limits (size, and the time a body may take to arrive)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import structlog
from fastapi import FastAPI
from pdp_common.errors import install_error_handlers
from pdp_common.middleware import BodyLimitMiddleware, RequestIdMiddleware, traceparent_trace_id
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


async def _echo_length(request: Request) -> JSONResponse:
    return JSONResponse({"length": len(await request.body())})


async def _bare_reader(scope: Scope, receive: Receive, send: Send) -> None:
    """An ASGI app without exception handlers that reads the whole body."""
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def _call(
    app: ASGIApp, chunks: list[bytes], headers: list[tuple[bytes, bytes]]
) -> list[Message]:
    """Call ``app`` with a body of ``chunks`` after which the client stalls; return what it sent."""
    stalled = asyncio.Event()
    pending = [{"type": "http.request", "body": chunk, "more_body": True} for chunk in chunks]

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        await stalled.wait()  # the client never sends the rest
        return {"type": "http.disconnect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/echo",
        "raw_path": b"/echo",
        "query_string": b"",
        "headers": headers,
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
        "root_path": "",
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
    }
    await asyncio.wait_for(app(scope, receive, send), timeout=30)
    return sent


def _limited(app: ASGIApp, *, max_bytes: int = 1_000, read_timeout: float = 0.05) -> ASGIApp:
    return BodyLimitMiddleware(app, max_bytes=max_bytes, read_timeout=read_timeout)


class TestBodyLimitMiddleware:
    async def test_stalled_body_is_answered_408_and_closes_the_connection(self) -> None:
        app = _limited(_bare_reader)
        sent = await _call(app, [b'{"a": '], [(b"content-length", b"100")])
        start = sent[0]
        assert start["status"] == 408
        headers = dict(start["headers"])
        assert headers[b"content-type"] == b"application/problem+json"
        assert headers[b"connection"] == b"close"
        assert json.loads(sent[1]["body"])["type"] == "/problems/body-timeout"

    async def test_stalled_body_of_a_body_model_is_answered_408_by_the_app(self) -> None:
        api = FastAPI()
        install_error_handlers(api)

        @api.post("/echo")
        async def create_thing(thing: dict[str, int]) -> dict[str, int]:
            """Echo the body."""
            return thing

        sent = await _call(_limited(api), [b'{"a": '], [(b"content-type", b"application/json")])
        assert sent[0]["status"] == 408
        assert (b"connection", b"close") in sent[0]["headers"]
        assert json.loads(sent[1]["body"])["type"] == "/problems/body-timeout"

    async def test_body_over_the_limit_while_read_is_answered_413(self) -> None:
        app = _limited(_bare_reader)
        sent = await _call(app, [b"x" * 600, b"x" * 600], [])
        assert sent[0]["status"] == 413
        assert json.loads(sent[1]["body"])["type"] == "/problems/payload-too-large"

    async def test_whole_body_in_time_is_served(self) -> None:
        app = _limited(
            Starlette(routes=[Route("/echo", _echo_length, methods=["POST"])]), read_timeout=30
        )
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            response = await client.post("/echo", content=b"x" * 500)
        assert response.json() == {"length": 500}
