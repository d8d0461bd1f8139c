"""OpenTelemetry: traces for HTTP in and out, SQL, publish and consume.

W3C trace context travels in HTTP headers and in NATS message headers, so one trace runs from a
client's request through the outbox relay to the consumer that reacted to it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import structlog
from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from opentelemetry import context, propagate, trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.environment_variables import (
    OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
    OTEL_SDK_DISABLED,
)
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import Sampler

TRACER_NAME = "pdp"
# FastAPI's own per-request telemetry (spans, metrics and logs around the whole stack) would trace
# each request twice beside the OpenTelemetry instrumentation, and costs more than the request.
NATIVE_TELEMETRY_OFF: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}
ENDPOINT_VARIABLES = (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT)
_instrumented = False
log = structlog.get_logger(__name__)


def tracer() -> trace.Tracer:
    """Return the platform's tracer."""
    return trace.get_tracer(TRACER_NAME)


def sdk_disabled() -> bool:
    """Tell whether ``OTEL_SDK_DISABLED`` switches the OpenTelemetry SDK off."""
    return os.environ.get(OTEL_SDK_DISABLED, "").strip().lower() == "true"


def setup_tracing(service_name: str, *, otlp_endpoint: str | None = None) -> bool:
    """Trace outgoing HTTP and every database engine created from now on, and return True, when
    spans go somewhere: to an OTLP endpoint, or to a tracer provider installed already.

    The standard variables configure the export: ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` or
    ``OTEL_EXPORTER_OTLP_ENDPOINT`` (either one switches export on), ``OTEL_EXPORTER_OTLP_HEADERS``,
    ``OTEL_SERVICE_NAME`` and ``OTEL_RESOURCE_ATTRIBUTES`` (``service_name`` is only the default
    name), ``OTEL_TRACES_SAMPLER`` and ``OTEL_TRACES_SAMPLER_ARG``; the SDK reads them itself.
    ``OTEL_SDK_DISABLED=true`` switches tracing off. ``otlp_endpoint`` (the deprecated
    ``PDP_OTEL_EXPORTER_OTLP_ENDPOINT``) applies only when neither endpoint variable is set.

    With nowhere to send spans nothing is instrumented, so tracing costs nothing.
    """
    global _instrumented  # noqa: PLW0603
    if sdk_disabled():
        return False
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        exporter = _exporter(otlp_endpoint)
        if exporter is None:
            return False
        provider = TracerProvider(resource=_resource(service_name))
        provider.add_span_processor(BatchSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
    if not _instrumented:
        HTTPXClientInstrumentor().instrument()
        SQLAlchemyInstrumentor().instrument(skip_dep_check=True)
        _instrumented = True
    return True


def _exporter(legacy_endpoint: str | None) -> SpanExporter | None:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    if any(os.environ.get(name) for name in ENDPOINT_VARIABLES):
        return OTLPSpanExporter()
    if legacy_endpoint:
        log.warning(
            "PDP_OTEL_EXPORTER_OTLP_ENDPOINT is deprecated; set OTEL_EXPORTER_OTLP_ENDPOINT",
            endpoint=legacy_endpoint,
        )
        return OTLPSpanExporter(endpoint=legacy_endpoint.rstrip("/") + "/v1/traces")
    return None


def _resource(service_name: str) -> Resource:
    """Return the resource the SDK reads from the environment, named ``service_name`` unless
    ``OTEL_SERVICE_NAME`` or ``OTEL_RESOURCE_ATTRIBUTES`` name it."""
    resource = Resource.create()
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: service_name}))
    return resource


def environment_sampler() -> Sampler:
    """Return the sampler the environment configures (``OTEL_TRACES_SAMPLER``, ``_ARG``), as a
    tracer provider would use it, for deciding on traces started where nothing records spans."""
    return TracerProvider(shutdown_on_exit=False).sampler


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
