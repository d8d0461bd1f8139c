"""The gateway's Prometheus metrics: requests, upstream latency, refusals, shared rate limits.

Every label has a closed set of values: route families (never raw paths), known methods (others
count as ``other``), status codes, credential kinds (never credential ids), service names. Label
children are bound once, when the metrics are built or the first time a status is seen, so that
counting a request costs a few dictionary lookups and one increment, with no label tuple built.

Each gateway app has its own registry (served at ``/metrics`` with the process's CPU, memory and
garbage-collector figures), so several apps in one process never mix their counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other")
CREDENTIAL_KINDS = ("api_key", "bearer", "none")
EXTRA_FAMILIES = ("gateway", "unrouted")
LIMITERS = ("credential", "auth_failures")
UPSTREAM_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

# family -> method -> credential kind -> status -> counter child
_StatusChildren = dict[int, Counter]


class GatewayMetrics:
    """The gateway's instruments, with their label children bound ahead of use."""

    def __init__(
        self, *, families: Iterable[str], services: Iterable[str], shared_limits: bool = False
    ) -> None:
        registry = CollectorRegistry()
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        self.registry = registry
        families = (*sorted(families), *EXTRA_FAMILIES)
        self._requests = Counter(
            "pdp_gateway_requests",
            "Requests answered, by route family, method, status and kind of credential presented.",
            ["family", "method", "status", "credential_kind"],
            registry=registry,
        )
        self._children: dict[str, dict[str, dict[str, _StatusChildren]]] = {
            family: {method: {kind: {} for kind in CREDENTIAL_KINDS} for method in METHODS}
            for family in families
        }
        upstream = Histogram(
            "pdp_gateway_upstream_duration_seconds",
            "Time from forwarding a request to relaying the service's whole answer.",
            ["service"],
            buckets=UPSTREAM_BUCKETS,
            registry=registry,
        )
        self.upstream = {service: upstream.labels(service) for service in services}
        failures = Counter(
            "pdp_gateway_auth_failures",
            "Requests refused with 401: no credential (missing) or one that does not authenticate "
            "(invalid: unknown, malformed, expired, revoked, or two credentials at once).",
            ["reason"],
            registry=registry,
        )
        self.auth_missing = failures.labels("missing")
        self.auth_invalid = failures.labels("invalid")
        limited = Counter(
            "pdp_gateway_rate_limited",
            "Requests refused with 429: a credential past its rate (rate_limit) or an address "
            "past its failed authentications (auth_failures).",
            ["cause"],
            registry=registry,
        )
        self.limited_by_rate = limited.labels("rate_limit")
        self.limited_by_failures = limited.labels("auth_failures")
        too_large = Counter(
            "pdp_gateway_payload_too_large",
            "Requests the gateway refused with 413 (body over the route's limit), by route family.",
            ["family"],
            registry=registry,
        )
        self.too_large = {family: too_large.labels(family) for family in families}
        fallbacks = Counter(
            "pdp_gateway_rate_limit_fallbacks",
            "Rate-limit decisions taken in this replica because the shared store (Redis) failed "
            "or is in its retry pause.",
            ["limiter"],
            registry=registry,
        )
        self.fallbacks = {name: fallbacks.labels(name) for name in LIMITERS}
        self.shared_store_up: Gauge | None = None
        if shared_limits:
            self.shared_store_up = Gauge(
                "pdp_gateway_rate_limit_store_up",
                "1 while the shared rate-limit store (Redis) answers, 0 during an outage.",
                registry=registry,
            )
            self.shared_store_up.set(1)

    def count(self, family: str, method: str, credential_kind: str, status: int) -> None:
        """Count one answered request."""
        by_method = self._children[family]
        statuses = (by_method.get(method) or by_method["other"])[credential_kind]
        child = statuses.get(status)
        if child is None:
            label = method if method in by_method else "other"
            child = self._requests.labels(family, label, str(status), credential_kind)
            statuses[status] = child
        child.inc()

    def render(self) -> bytes:
        """Return every metric in the Prometheus text format."""
        return generate_latest(self.registry)
