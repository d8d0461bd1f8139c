"""The gateway's front door: a bare ASGI layer in front of everything.

For every request it assigns a request id, refuses unsafe paths and oversized bodies; for
``/api/v1/...`` it authenticates, rate-limits and applies the role policy, then either forwards to
the upstream service of an allow-listed route or hands the request to the gateway's own FastAPI
app (API keys, audit). Other paths (health, OpenAPI, docs, development issuer) go to that app.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from opentelemetry import propagate
from opentelemetry.trace import SpanKind, Tracer
from pdp_common.identity import Principal
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway import policy, problems
from gateway.audit.entries import entry_for
from gateway.audit.recorder import AuditRecorder
from gateway.auth import Authenticator, Caller, CredentialStoreUnavailable
from gateway.inbound import (
    TRACE_HEADERS,
    BodyTooLarge,
    Inbound,
    build_outbound,
    read_body,
    read_headers,
)
from gateway.proxy import Upstream, Upstreams, forward
from gateway.ratelimit import RateLimiter, retry_after
from gateway.routes import API_PREFIX, Route, is_safe_path, match_route
from gateway.tokens import IdentityTokens


@dataclass(frozen=True, slots=True)
class FrontDoorConfig:
    """The collaborators and limits of the front door."""

    authenticator: Authenticator
    limiter: RateLimiter
    tokens: IdentityTokens
    upstreams: Upstreams
    recorder: AuditRecorder
    max_body_bytes: int
    failures: RateLimiter | None = None
    tracer: Tracer | None = None


class FrontDoor:
    """Route, guard and forward every HTTP request; delegate the rest to ``app``."""

    def __init__(self, app: ASGIApp, config: FrontDoorConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inbound = read_headers(scope)
        path: str = scope["path"]
        if not is_safe_path(path, scope.get("raw_path")):
            await _refuse(send, problems.NOT_FOUND, path, inbound)
        elif (inbound.content_length or 0) > self.config.max_body_bytes:
            await _refuse(send, problems.PAYLOAD_TOO_LARGE, path, inbound)
        elif path.startswith(API_PREFIX + "/"):
            await self._guarded(scope, receive, send, inbound)
        else:
            await self._local(scope, receive, send, inbound=inbound, principal=None)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, inbound: Inbound) -> None:
        path: str = scope["path"]
        route = match_route(path)
        if route is None and policy.split_path(path)[0] not in policy.ADMIN_FAMILIES:
            await _refuse(send, problems.NOT_FOUND, path, inbound)
            return
        caller = await self._authenticate(scope, send, inbound)
        if caller is None:
            return
        config = self.config
        principal = caller.principal
        wait = config.limiter.acquire(principal.credential, rate=caller.rate_limit_per_second)
        if wait > 0:
            header = (b"retry-after", retry_after(wait).encode())
            await _refuse(send, problems.TOO_MANY_REQUESTS, path, inbound, [header])
            return
        started = time.perf_counter()
        if not policy.is_allowed(principal.roles, scope["method"], path):
            await _refuse(send, problems.FORBIDDEN, path, inbound)
            status = problems.FORBIDDEN.status
        elif route is None:
            status = await self._local(scope, receive, send, inbound=inbound, principal=principal)
        else:
            status = await self._forward(
                scope, receive, send, inbound=inbound, route=route, principal=principal
            )
        duration_ms = (time.perf_counter() - started) * 1000
        service = route.service if route else "gateway"
        self._record(scope, principal, inbound, status=status, service=service, ms=duration_ms)

    async def _authenticate(self, scope: Scope, send: Send, inbound: Inbound) -> Caller | None:
        """Return the caller, or answer the refusal (401, 429, 503) and return None."""
        path: str = scope["path"]
        failures = self.config.failures
        client = _client_address(scope)
        backoff = failures.wait_for(client) if failures is not None else 0.0
        if backoff > 0:
            header = (b"retry-after", retry_after(backoff).encode())
            await _refuse(send, problems.TOO_MANY_FAILURES, path, inbound, [header])
            return None
        try:
            caller = await self.config.authenticator.authenticate(
                inbound.api_key, inbound.authorization
            )
        except CredentialStoreUnavailable:
            await _refuse(send, problems.CREDENTIALS_UNAVAILABLE, path, inbound)
            return None
        if caller is None:
            if failures is not None:
                failures.acquire(client)
            await _refuse(send, problems.UNAUTHORIZED, path, inbound)
        return caller

    def _record(
        self,
        scope: Scope,
        principal: Principal,
        inbound: Inbound,
        *,
        status: int,
        service: str,
        ms: float,
    ) -> None:
        entry = entry_for(
            scope,
            principal,
            request_id=inbound.request_id,
            status=status,
            service=service,
            duration_ms=ms,
        )
        if entry is not None:
            self.config.recorder.record(entry)

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        inbound: Inbound,
        route: Route,
        principal: Principal,
    ) -> int:
        path: str = scope["path"]
        body = b""
        if inbound.has_body:
            try:
                body = await read_body(receive, self.config.max_body_bytes)
            except BodyTooLarge:
                await _refuse(send, problems.PAYLOAD_TOO_LARGE, path, inbound)
                return problems.PAYLOAD_TOO_LARGE.status
        upstream = self.config.upstreams.get(route.service)
        identity = self.config.tokens.token_for(principal)
        if self.config.tracer is None:
            outbound = build_outbound(scope, inbound, identity=identity, body=body, trace=None)
            return await forward(
                upstream, outbound, send, request_id=inbound.request_id, instance=path
            )
        return await self._forward_traced(
            scope,
            send,
            inbound=inbound,
            route=route,
            upstream=upstream,
            identity=identity,
            body=body,
        )

    async def _forward_traced(
        self,
        scope: Scope,
        send: Send,
        *,
        inbound: Inbound,
        route: Route,
        upstream: Upstream,
        identity: bytes,
        body: bytes,
    ) -> int:
        assert self.config.tracer is not None
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope["headers"]
            if name in TRACE_HEADERS
        }
        with self.config.tracer.start_as_current_span(
            f"{scope['method']} {API_PREFIX}/{route.family}",
            context=propagate.extract(carrier),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": scope["method"], "pdp.upstream": route.service},
        ) as span:
            injected: dict[str, str] = {}
            propagate.inject(injected)
            outbound = build_outbound(scope, inbound, identity=identity, body=body, trace=injected)
            status = await forward(
                upstream, outbound, send, request_id=inbound.request_id, instance=scope["path"]
            )
            span.set_attribute("http.response.status_code", status)
            return status

    async def _local(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        inbound: Inbound,
        principal: Principal | None,
    ) -> int:
        try:
            body = await read_body(receive, self.config.max_body_bytes)
        except BodyTooLarge:
            await _refuse(send, problems.PAYLOAD_TOO_LARGE, scope["path"], inbound)
            return problems.PAYLOAD_TOO_LARGE.status
        state = scope.setdefault("state", {})
        state["request_id"] = inbound.request_id
        if principal is not None:
            state["principal"] = principal
        status = 500
        request_id = inbound.request_id.encode()

        async def replay() -> Message:
            nonlocal body
            chunk, body = body, b""
            return {"type": "http.request", "body": chunk, "more_body": False}

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", request_id)]}
            await send(message)

        await self.app(scope, replay, send_with_id)
        return status


def _client_address(scope: Scope) -> str:
    client = scope.get("client")
    return f"client:{client[0]}" if client else "client:unknown"


async def _refuse(
    send: Send,
    item: problems.GatewayProblem,
    path: str,
    inbound: Inbound,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    await problems.send_problem(
        send, item, instance=path, request_id=inbound.request_id, headers=headers
    )
