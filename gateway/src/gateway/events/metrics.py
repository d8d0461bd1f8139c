"""Prometheus metrics of the event streams, on the gateway's registry (served at ``/metrics``)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge

ENDINGS = ("client", "stalled", "time_limit", "reader_lost", "failed")


class StreamMetrics:
    """Open streams, events sent and withheld, and how streams ended."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.open = Gauge(
            "pdp_gateway_event_streams_open",
            "Server-sent event streams open on this replica.",
            registry=registry,
        )
        self.sent = Counter(
            "pdp_gateway_events_sent",
            "Events sent on server-sent event streams.",
            registry=registry,
        )
        self.withheld = Counter(
            "pdp_gateway_events_withheld",
            "Events left out of a stream: not asked for, not allowed to the caller, or unreadable.",
            registry=registry,
        )
        ended = Counter(
            "pdp_gateway_event_streams_ended",
            "Server-sent event streams ended, by cause.",
            ["cause"],
            registry=registry,
        )
        self.ended = {cause: ended.labels(cause=cause) for cause in ENDINGS}
