"""One trace across the platform: a request sent to the real gateway without trace context runs,
under one trace id, from the gateway's server span through the incidents service's HTTP span and
SQL, the outbox publish, to the briefings service's handling of the event. Real services, NATS
and databases; spans collected in memory."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import platform
from tests.incidents.factories import incident_payload
from tests.shared.polling import eventually

BRIEFINGS_CONSUMER = "briefings_incidents"


def _of_trace(spans: tuple[ReadableSpan, ...], trace_id: int) -> list[ReadableSpan]:
    return [
        span for span in spans if span.context is not None and span.context.trace_id == trace_id
    ]


def _scope(span: ReadableSpan) -> str:
    return span.instrumentation_scope.name if span.instrumentation_scope else ""


class TestOneTraceAcrossThePlatform:
    async def test_from_the_gateway_to_the_consumer_of_the_event(
        self,
        database: DatabaseTarget,
        nats_url: str,
        tmp_path: Path,
        span_exporter: InMemorySpanExporter,
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            analyst = await running.key(Role.ANALYST, org="UNRCCA", clearance=Clearance.INTERNAL)
            span_exporter.clear()
            # aiohttp, not httpx: once a test of this process has instrumented httpx, its
            # requests carry a traceparent of their own, and the gateway would not start one.
            async with (
                aiohttp.ClientSession() as session,
                session.post(
                    f"{running.url}/api/v1/incidents", json=incident_payload(), headers=analyst
                ) as created,
            ):
                assert created.status == 201, await created.text()
                assert "traceparent" not in created.request_info.headers

            async def gateway_span() -> list[ReadableSpan]:
                return [
                    span
                    for span in span_exporter.get_finished_spans()
                    if span.kind == SpanKind.SERVER
                    and _scope(span) == "pdp"
                    and span.name == "POST /api/v1/incidents"
                ]

            (root,) = await eventually(gateway_span)
            assert root.parent is None, "the gateway started the trace"
            assert root.context is not None
            trace_id = root.context.trace_id

            async def consumed() -> list[ReadableSpan]:
                return [
                    span
                    for span in _of_trace(span_exporter.get_finished_spans(), trace_id)
                    if span.kind == SpanKind.CONSUMER
                    and dict(span.attributes or {}).get("messaging.consumer.group.name")
                    == BRIEFINGS_CONSUMER
                ]

            consumers = await eventually(consumed, timeout=30)
        spans = _of_trace(span_exporter.get_finished_spans(), trace_id)
        (service,) = [s for s in spans if s.kind == SpanKind.SERVER and _scope(s) != "pdp"]
        assert service.parent is not None
        assert service.parent.span_id == root.context.span_id, "the service continues the gateway"
        inserts = [s for s in spans if s.name.upper().startswith("INSERT")]
        assert inserts, "the service's SQL is in the trace"
        producers = [s for s in spans if s.kind == SpanKind.PRODUCER]
        assert producers, "the outbox publish is in the trace"
        producer_ids = {p.context.span_id for p in producers if p.context is not None}
        assert any(c.parent is not None and c.parent.span_id in producer_ids for c in consumers)
        assert created.headers["x-request-id"] == dict(root.attributes or {})["pdp.request_id"]
