"""The gateway's own ``/metrics`` answer: the Prometheus text to allowed scrapers, 404 to others.

Who may scrape is decided by ``gateway.observability.metrics_access``; the front door hands every
request for ``/metrics`` here before any authentication, rate limit or audit.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.types import Scope, Send

from gateway.forwarding import problems
from gateway.forwarding.inbound import read_headers
from gateway.observability.metrics import GatewayMetrics
from gateway.observability.metrics_access import METRICS_PATH, MetricsAccess


async def serve_metrics(
    scope: Scope, send: Send, *, metrics: GatewayMetrics, access: MetricsAccess
) -> None:
    """Answer ``/metrics`` to a scraper ``access`` allows; 404 to anyone else, 405 to a write."""
    if not access.allows(scope):
        await _refuse(send, scope, problems.NOT_FOUND)
        return
    if scope["method"] not in ("GET", "HEAD"):
        await _refuse(send, scope, problems.METHOD_NOT_ALLOWED, [(b"allow", b"GET, HEAD")])
        return
    body = metrics.render()
    headers = [
        (b"content-type", CONTENT_TYPE_LATEST.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


async def _refuse(
    send: Send,
    scope: Scope,
    item: problems.GatewayProblem,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    request_id = read_headers(scope).request_id
    await problems.send_problem(
        send, item, instance=METRICS_PATH, request_id=request_id, headers=headers
    )
