"""OpenTelemetry: traces for HTTP in and out, SQL, publish and consume.

W3C trace context travels in HTTP headers and in NATS message headers, so one trace runs from a
client's request through the outbox relay to the consumer that reacted to it.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from opentelemetry import context, propagate, trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

TRACER_NAME = "pdp"
# FastAPI's own per-request telemetry (spans, metrics and logs around the whole stack) would trace
# each request twice beside the OpenTelemetry instrumentation, and costs more than the request.
NATIVE_TELEMETRY_OFF: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}
_instrumented = False


def tracer() -> trace.Tracer:
    """Return the platform's tracer."""
    return trace.get_tracer(TRACER_NAME)


def setup_tracing(service_name: str, *, otlp_endpoint: str | None) -> bool:
    """Trace outgoing HTTP and every database engine created from now on, and return True, when
    spans go somewhere: to ``otlp_endpoint``, or to a tracer provider installed already.

    With nowhere to send spans nothing is instrumented, so tracing costs nothing.
    """
    global _instrumented  # noqa: PLW0603
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        if not otlp_endpoint:
            return False
        provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        if otlp_endpoint:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            exporter = OTLPSpanExporter(endpoint=otlp_endpoint.rstrip("/") + "/v1/traces")
            provider.add_span_processor(BatchSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
    if not _instrumented:
        HTTPXClientInstrumentor().instrument()
        SQLAlchemyInstrumentor().instrument(skip_dep_check=True)
        _instrumented = True
    return True


def instrument_app(app: FastAPI) -> None:
    """Trace every request ``app`` serves, except health and metrics probes."""
    FastAPIInstrumentor.instrument_app(app, excluded_urls="livez,readyz,metrics")


def inject_headers(headers: dict[str, str] | None = None) -> dict[str, str]:
    """Return ``headers`` with the current trace context added."""
    carrier = dict(headers or {})
    propagate.inject(carrier)
    return carrier


def extract_context(headers: Mapping[str, str] | None) -> context.Context:
    """Return the trace context carried in message or request headers."""
    return propagate.extract(dict(headers or {}))


def current_trace_id() -> str | None:
    """Return the current trace id as 32 hex digits, if a span is recording."""
    span_context = trace.get_current_span().get_span_context()
    return format(span_context.trace_id, "032x") if span_context.is_valid else None
