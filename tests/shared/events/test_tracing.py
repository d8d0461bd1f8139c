"""One trace runs from a client's request to the consumer that reacted to it."""

from __future__ import annotations

from typing import Any

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from pdp_common.testing.apps import Identities, running

from tests.shared.polling import eventually
from tests.shared.sample.service import SampleSettings, applied_texts, create_app


class TestTracePropagation:
    async def test_request_trace_id_is_the_consumer_span_trace_id(
        self,
        service_settings: dict[str, Any],
        identities: Identities,
        span_exporter: InMemorySpanExporter,
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            r = await client.post(
                "/api/v1/notes", json={"text": "traced"}, headers=identities.headers()
            )
            assert r.status_code == 201, r.text
            await eventually(lambda: applied_texts(app))

            async def consumer_spans() -> list[Any]:
                return [
                    s
                    for s in span_exporter.get_finished_spans()
                    if s.kind == SpanKind.CONSUMER
                    and s.name.startswith("pdp.sample.note.created.v1")
                ]

            (consumer,) = await eventually(consumer_spans)
        spans = span_exporter.get_finished_spans()
        (server,) = [s for s in spans if s.kind == SpanKind.SERVER and "POST" in s.name]
        (producer,) = [s for s in spans if s.kind == SpanKind.PRODUCER]
        assert consumer.context.trace_id == server.context.trace_id
        assert producer.context.trace_id == server.context.trace_id
        # Named by the event type; the subject, with its country and category, is an attribute.
        assert (producer.name, consumer.name) == (
            "pdp.sample.note.created.v1 publish",
            "pdp.sample.note.created.v1 process",
        )
        assert (producer.attributes or {}).get("messaging.destination.name") == (
            "pdp.sample.note.created.v1._._"
        )
        assert consumer.parent is not None
        assert consumer.parent.span_id == producer.context.span_id
        sql = [
            s
            for s in spans
            if s.context.trace_id == server.context.trace_id and "INSERT" in s.name.upper()
        ]
        assert sql, "SQL statements of the request are traced"
