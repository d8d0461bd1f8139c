"""A small upstream service for gateway tests, served by a real uvicorn on a loopback port.

It verifies the gateway-signed identity token like a real service and echoes what it received.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Literal

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pdp_common.identity import IDENTITY_HEADER, IdentityError, IdentityVerifier, load_public_key

ECHOED_HEADERS = (
    "x-request-id",
    "traceparent",
    "x-api-key",
    "authorization",
    "cookie",
    "x-forwarded-for",
    "content-type",
    "x-custom",
)


async def read_readiness() -> dict[str, str]:
    """Answer ready."""
    return {"status": "ok"}


async def read_internal_secret() -> dict[str, str]:
    """Stand for an internal endpoint the gateway must never route."""
    return {"secret": "internal"}


async def read_slowly(seconds: float) -> dict[str, str]:
    """Answer after ``seconds``."""
    await asyncio.sleep(seconds)
    return {"status": "late"}


async def read_big(size: int) -> StreamingResponse:
    """Stream ``size`` bytes."""

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(size // 65536):
            yield b"x" * 65536

    return StreamingResponse(chunks(), media_type="application/octet-stream")


UPLOAD_PROBES: dict[str, asyncio.Event] = {}
"""Set when the first chunk of an upload named by its ``X-Upload-Probe`` header has arrived."""


async def receive_upload(request: Request) -> JSONResponse:
    """Read an upload as it arrives, as the incidents service's import job endpoint does."""
    first_chunk = UPLOAD_PROBES.setdefault(
        request.headers.get("x-upload-probe", ""), asyncio.Event()
    )
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if chunk:
            first_chunk.set()
    return JSONResponse({"body_length": size}, status_code=202)


def _echo(service: str, verifier: IdentityVerifier) -> Callable[..., Awaitable[JSONResponse]]:
    async def echo(path: str, request: Request) -> JSONResponse:
        try:
            principal = verifier.verify(request.headers.get(IDENTITY_HEADER))
        except IdentityError:
            return JSONResponse({"detail": "bad identity"}, status_code=401)
        body = await request.body()
        return JSONResponse(
            {
                "service": service,
                "method": request.method,
                "path": "/" + path,
                "query": request.url.query,
                "principal": principal.to_claims(),
                "headers": {h: request.headers.get(h) for h in ECHOED_HEADERS},
                "body_length": len(body),
            },
            headers={"Set-Cookie": "tracking=1", "Connection": "keep-alive"},
        )

    return echo


def _cookie_setter() -> Callable[[Request], Awaitable[Response]]:
    seen_cookies: list[str] = []

    async def set_cookie(request: Request) -> Response:
        seen_cookies.append(request.headers.get("cookie", ""))
        response = JSONResponse({"cookies_seen": list(seen_cookies)})
        response.set_cookie("session", f"secret-{len(seen_cookies)}")
        return response

    return set_cookie


def upstream_app(service: str, public_pem: bytes) -> FastAPI:
    """Return the test upstream named ``service``."""
    verifier = IdentityVerifier(load_public_key(public_pem))
    app = FastAPI(title=f"{service} test upstream")
    app.add_api_route("/readyz", read_readiness)
    app.add_api_route("/internal/secret", read_internal_secret)
    app.add_api_route("/api/v1/incidents/slow", read_slowly)
    app.add_api_route("/api/v1/incidents/big", read_big)
    app.add_api_route("/api/v1/incidents/cookie", _cookie_setter())
    app.add_api_route("/api/v1/incidents/imports/jobs", receive_upload, methods=["POST"])
    app.add_api_route(
        "/{path:path}",
        _echo(service, verifier),
        methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"],
        include_in_schema=False,
    )
    return app


def free_port() -> int:
    """Return a TCP port free on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bound_socket(port: int) -> socket.socket:
    """Return a TCP socket bound to ``port`` (0: any free one) on the loopback interface."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


class LoopbackServer:
    """A real uvicorn server on a fixed loopback port that can be stopped and started again."""

    def __init__(
        self,
        app_factory: Callable[[], FastAPI],
        name: str,
        *,
        lifespan: Literal["on", "off"] = "off",
    ) -> None:
        self.app_factory = app_factory
        self.name = name
        self.lifespan = lifespan
        # The listening socket is bound now and kept until the server takes it, so that no other
        # process (a client's ephemeral port, say) can take the port between its choice and use.
        self._socket: socket.socket | None = _bound_socket(0)
        self.port = int(self._socket.getsockname()[1])
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        """Return the base URL of the server."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Serve on the port and wait until it accepts connections."""
        config = uvicorn.Config(
            self.app_factory(),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan=self.lifespan,
        )
        self._server = uvicorn.Server(config)
        listening, self._socket = self._socket or _bound_socket(self.port), None
        self._task = asyncio.create_task(self._server.serve(sockets=[listening]))
        deadline = asyncio.get_running_loop().time() + 30
        while not self._server.started:
            if self._task.done() or asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"test server {self.name} did not start")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """Stop serving and close every connection (and the socket of a server never started)."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        await self._task
        self._server, self._task = None, None


def upstream_server(service: str, public_pem: bytes) -> LoopbackServer:
    """Return (not yet started) the test upstream of ``service``."""
    return LoopbackServer(lambda: upstream_app(service, public_pem), service)
