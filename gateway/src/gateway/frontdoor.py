"""The gateway's front door: a bare ASGI layer in front of everything.

For every request it assigns a request id and a trace id (bound to every log line of the
request), refuses unsafe paths and bodies over the route's limit; for ``/api/v1/...`` it
authenticates, rate-limits and applies the role policy, then either forwards to the upstream
service of an allow-listed route or hands the request to the gateway's own FastAPI app (API keys,
audit). Other paths (health, OpenAPI, docs, development issuer) go to that app, except
``/metrics``, answered to allowed scrapers by ``gateway.observability.metrics_endpoint``. Every
request is counted in the gateway's metrics.

When spans go somewhere, each ``/api/v1`` request runs in a server span, a child of the caller's
trace context, and the services receive that span's context. Otherwise the caller's valid
``traceparent`` passes through untouched, and a request without one gets a new trace
(``gateway.observability.tracecontext``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import structlog
from opentelemetry import propagate
from opentelemetry.trace import SpanKind, Tracer
from pdp_common.identity import Principal
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.audit.entries import entry_for
from gateway.audit.recorder import AuditRecorder
from gateway.auth import policy
from gateway.auth.authenticator import Authenticator, Caller, CredentialStoreUnavailable
from gateway.auth.identity_tokens import IdentityTokens
from gateway.forwarding import problems
from gateway.forwarding.inbound import (
    TRACE_HEADERS,
    BodyStream,
    BodyTimedOut,
    BodyTooLarge,
    Inbound,
    build_outbound,
    read_body,
    read_headers,
)
from gateway.forwarding.proxy import RequestBodyError, Upstreams, forward
from gateway.forwarding.routes import (
    API_PREFIX,
    GATEWAY_FAMILIES,
    BodyLimits,
    Route,
    family_of,
    is_safe_path,
    route_of,
)
from gateway.observability.metrics import GatewayMetrics
from gateway.observability.metrics_access import METRICS_PATH, MetricsAccess
from gateway.observability.metrics_endpoint import serve_metrics
from gateway.observability.tracecontext import TraceOrigin, trace_id_of
from gateway.ratelimit.limiter import Limiter, retry_after

# Sent with a refusal of a body that stopped arriving: the rest of it is never read.
CLOSE = [(b"connection", b"close")]


@dataclass(frozen=True, slots=True)
class FrontDoorConfig:
    """The collaborators and limits of the front door."""

    authenticator: Authenticator
    limiter: Limiter
    tokens: IdentityTokens
    upstreams: Upstreams
    recorder: AuditRecorder
    body_limits: BodyLimits
    body_timeout: float
    metrics: GatewayMetrics
    metrics_access: MetricsAccess
    origin: TraceOrigin
    failures: Limiter | None = None
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
        path: str = scope["path"]
        if path == METRICS_PATH:
            config = self.config
            await serve_metrics(scope, send, metrics=config.metrics, access=config.metrics_access)
            return
        inbound = read_headers(scope)
        safe = is_safe_path(path, scope.get("raw_path"))
        family = family_of(path) if safe else "unrouted"
        status = 500
        try:
            if self.config.tracer is not None and path.startswith(API_PREFIX + "/"):
                status = await self._traced(scope, receive, send, inbound, family=family, safe=safe)
            else:
                trace_id = trace_id_of(inbound.traceparent)
                if trace_id is None:
                    trace_id, traceparent = self.config.origin.start()
                    inbound.trace = {"traceparent": traceparent}
                status = await self._logged(
                    scope, receive, send, inbound, family=family, safe=safe, trace_id=trace_id
                )
        finally:
            self.config.metrics.count(family, scope["method"], inbound.credential_kind, status)

    async def _traced(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        inbound: Inbound,
        *,
        family: str,
        safe: bool,
    ) -> int:
        """Handle the request inside the gateway's server span (a child of the caller's)."""
        assert self.config.tracer is not None
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope["headers"]
            if name in TRACE_HEADERS
        }
        method: str = scope["method"]
        with self.config.tracer.start_as_current_span(
            f"{method} {API_PREFIX}/{family}" if family != "unrouted" else f"{method} unrouted",
            context=propagate.extract(carrier),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method, "pdp.request_id": inbound.request_id},
        ) as span:
            trace_id = format(span.get_span_context().trace_id, "032x")
            status = await self._logged(
                scope, receive, send, inbound, family=family, safe=safe, trace_id=trace_id
            )
            span.set_attribute("http.response.status_code", status)
            return status

    async def _logged(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        inbound: Inbound,
        *,
        family: str,
        safe: bool,
        trace_id: str,
    ) -> int:
        """Handle the request with its request and trace ids bound to every log line."""
        bound = structlog.contextvars.bind_contextvars(
            request_id=inbound.request_id, trace_id=trace_id
        )
        try:
            return await self._dispatch(scope, receive, send, inbound, family=family, safe=safe)
        finally:
            structlog.contextvars.reset_contextvars(**bound)

    async def _dispatch(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        inbound: Inbound,
        *,
        family: str,
        safe: bool,
    ) -> int:
        path: str = scope["path"]
        if not safe:
            return await _refuse(send, problems.NOT_FOUND, path, inbound)
        limit = self.config.body_limits.limit_for(path, scope["method"])
        if (inbound.content_length or 0) > limit:
            return await self._too_large(send, path, inbound, family)
        if path.startswith(API_PREFIX + "/"):
            return await self._guarded(scope, receive, send, inbound, family=family, limit=limit)
        return await self._local(
            scope, receive, send, inbound=inbound, principal=None, family=family, limit=limit
        )

    async def _guarded(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        inbound: Inbound,
        *,
        family: str,
        limit: int,
    ) -> int:
        path: str = scope["path"]
        route = route_of(family)
        if route is None and family not in GATEWAY_FAMILIES:
            return await _refuse(send, problems.NOT_FOUND, path, inbound)
        caller = await self._authenticate(scope, send, inbound)
        if not isinstance(caller, Caller):
            return caller
        config = self.config
        principal = caller.principal
        wait = await config.limiter.acquire(principal.credential, rate=caller.rate_limit_per_second)
        if wait > 0:
            config.metrics.limited_by_rate.inc()
            header = (b"retry-after", retry_after(wait).encode())
            return await _refuse(send, problems.TOO_MANY_REQUESTS, path, inbound, [header])
        started = time.perf_counter()
        if not policy.is_allowed(principal.roles, scope["method"], path):
            status = await _refuse(send, problems.FORBIDDEN, path, inbound)
        elif route is None:
            status = await self._local(
                scope,
                receive,
                send,
                inbound=inbound,
                principal=principal,
                family=family,
                limit=limit,
            )
        else:
            status = await self._forward(
                scope,
                receive,
                send,
                inbound=inbound,
                route=route,
                principal=principal,
                limit=limit,
            )
        duration_ms = (time.perf_counter() - started) * 1000
        service = route.service if route else "gateway"
        self._record(scope, principal, inbound, status=status, service=service, ms=duration_ms)
        return status

    async def _authenticate(self, scope: Scope, send: Send, inbound: Inbound) -> Caller | int:
        """Return the caller, or answer the refusal (401, 429, 503) and return its status."""
        path: str = scope["path"]
        config = self.config
        failures = config.failures
        client = _client_address(scope)
        backoff = await failures.wait_for(client) if failures is not None else 0.0
        if backoff > 0:
            config.metrics.limited_by_failures.inc()
            header = (b"retry-after", retry_after(backoff).encode())
            return await _refuse(send, problems.TOO_MANY_FAILURES, path, inbound, [header])
        try:
            caller = await config.authenticator.authenticate(inbound.api_key, inbound.authorization)
        except CredentialStoreUnavailable:
            return await _refuse(send, problems.CREDENTIALS_UNAVAILABLE, path, inbound)
        if caller is not None:
            return caller
        if inbound.api_key is None and inbound.authorization is None:
            config.metrics.auth_missing.inc()
        else:
            config.metrics.auth_invalid.inc()
        if failures is not None:
            await failures.acquire(client)
        return await _refuse(send, problems.UNAUTHORIZED, path, inbound)

    async def _too_large(self, send: Send, path: str, inbound: Inbound, family: str) -> int:
        self.config.metrics.too_large[family].inc()
        return await _refuse(send, problems.PAYLOAD_TOO_LARGE, path, inbound)

    async def _body(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        inbound: Inbound,
        *,
        family: str,
        limit: int,
    ) -> bytes | int:
        """Return the body, or answer 413 (over ``limit``) or 408 (stalled) and return that."""
        try:
            return await read_body(receive, limit, self.config.body_timeout)
        except (BodyTooLarge, BodyTimedOut) as refused:
            return await self._body_refused(send, scope["path"], inbound, family, refused)

    async def _body_refused(
        self, send: Send, path: str, inbound: Inbound, family: str, refused: RequestBodyError
    ) -> int:
        """Answer a body that passed its limit (413) or stopped arriving (408, closed)."""
        if isinstance(refused, BodyTooLarge):
            return await self._too_large(send, path, inbound, family)
        return await _refuse(send, problems.BODY_TIMEOUT, path, inbound, CLOSE)

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
        limit: int,
    ) -> int:
        path: str = scope["path"]
        config = self.config
        body: bytes | BodyStream = b""
        streamed = inbound.has_body and config.body_limits.streams(scope["method"], path)
        if streamed:
            body = BodyStream(receive, limit, config.body_timeout)
        elif inbound.has_body:
            read = await self._body(scope, receive, send, inbound, family=route.family, limit=limit)
            if isinstance(read, int):
                return read
            body = read
        upstream = config.upstreams.get(route.service)
        identity = config.tokens.token_for(principal)
        trace_headers = inbound.trace
        if config.tracer is not None:
            trace_headers = {}
            propagate.inject(trace_headers)
        outbound = build_outbound(scope, inbound, identity=identity, body=body, trace=trace_headers)
        started = time.perf_counter()
        request_id = inbound.request_id
        timeout = config.upstreams.streaming_timeout if streamed else None
        try:
            status = await forward(
                upstream, outbound, send, request_id=request_id, instance=path, timeout=timeout
            )
        except (BodyTooLarge, BodyTimedOut) as refused:
            return await self._body_refused(send, path, inbound, route.family, refused)
        config.metrics.upstream[route.service].observe(time.perf_counter() - started)
        return status

    async def _local(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        inbound: Inbound,
        principal: Principal | None,
        family: str,
        limit: int,
    ) -> int:
        body = await self._body(scope, receive, send, inbound, family=family, limit=limit)
        if isinstance(body, int):
            return body
        state = scope.setdefault("state", {})
        state["request_id"] = inbound.request_id
        if principal is not None:
            state["principal"] = principal
        status = 500
        request_id = inbound.request_id.encode()

        replayed = False

        async def replay() -> Message:
            # The body once, as read; then the connection's own messages (a disconnect), which a
            # streamed response listens for. Answering the body again would spin forever.
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

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
) -> int:
    await problems.send_problem(
        send, item, instance=path, request_id=inbound.request_id, headers=headers
    )
    return item.status
