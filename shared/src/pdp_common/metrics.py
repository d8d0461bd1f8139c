"""Prometheus metrics of every service, served at ``/metrics`` (never routed by the gateway)."""

from __future__ import annotations

import time

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HTTP_REQUESTS = Histogram(
    "pdp_http_request_duration_seconds",
    "Time to serve an HTTP request.",
    ["service", "method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
EVENTS_PUBLISHED = Counter(
    "pdp_events_published_total", "Events the outbox relay published.", ["service"]
)
RELAY_FAILURES = Counter(
    "pdp_outbox_relay_failures_total", "Relay passes that failed and were retried.", ["service"]
)
EVENTS_CONSUMED = Counter(
    "pdp_events_consumed_total",
    "Events a consumer handled, by outcome.",
    ["service", "consumer", "outcome"],
)
CONSUME_DURATION = Histogram(
    "pdp_event_handle_duration_seconds",
    "Time to apply one event.",
    ["service", "consumer"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)


class MetricsMiddleware:
    """Time every HTTP request (pure ASGI, so it adds little to each request)."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def _send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            route = scope.get("route")
            path = str(getattr(route, "path", "unmatched"))
            HTTP_REQUESTS.labels(self.service, scope["method"], path, str(status)).observe(
                time.perf_counter() - started
            )


def install_metrics(app: FastAPI, service: str) -> None:
    """Time every request and serve ``/metrics``."""
    app.add_middleware(MetricsMiddleware, service=service)

    @app.get("/metrics", include_in_schema=False)
    async def read_metrics() -> Response:
        """Return the Prometheus metrics of this process."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
