"""Tracing set-up reads the standard OpenTelemetry variables; the deprecated PDP one still works."""

from __future__ import annotations

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from pdp_common import telemetry

STANDARD = (
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_HEADERS",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
    "OTEL_SDK_DISABLED",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in STANDARD:
        monkeypatch.delenv(name, raising=False)


class TestExporter:
    def test_nothing_configured_exports_nothing(self) -> None:
        assert telemetry._exporter(None) is None

    def test_the_standard_endpoint_gets_the_traces_path(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
        exporter = telemetry._exporter("http://legacy:4318")
        assert isinstance(exporter, OTLPSpanExporter)
        assert exporter._endpoint == "http://collector:4318/v1/traces"

    def test_the_traces_endpoint_is_used_as_given(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/traces")
        exporter = telemetry._exporter(None)
        assert isinstance(exporter, OTLPSpanExporter)
        assert exporter._endpoint == "http://collector:4318/traces"

    def test_the_deprecated_setting_applies_when_no_standard_one_is_set(self) -> None:
        exporter = telemetry._exporter("http://legacy:4318/")
        assert isinstance(exporter, OTLPSpanExporter)
        assert exporter._endpoint == "http://legacy:4318/v1/traces"


class TestResource:
    def test_the_service_names_itself_by_default(self) -> None:
        assert telemetry._resource("incidents").attributes["service.name"] == "incidents"

    def test_otel_service_name_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("OTEL_SERVICE_NAME", "incidents-eu")
        assert telemetry._resource("incidents").attributes["service.name"] == "incidents-eu"

    def test_resource_attributes_are_read(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(
            "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=staging,service.name=named"
        )
        attributes = telemetry._resource("incidents").attributes
        assert attributes["deployment.environment"] == "staging"
        assert attributes["service.name"] == "named"


class TestSwitches:
    def test_sdk_disabled_turns_tracing_off(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
        assert telemetry.sdk_disabled()
        assert telemetry.setup_tracing("incidents") is False

    def test_an_installed_provider_means_tracing(self) -> None:
        assert telemetry.setup_tracing("incidents") is True

    def test_the_sampler_comes_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
        monkeypatch.setenv("OTEL_TRACES_SAMPLER_ARG", "0.25")
        sampler = telemetry.environment_sampler()
        assert isinstance(sampler, ParentBased)
        assert isinstance(sampler._root, TraceIdRatioBased)
        assert sampler._root.rate == 0.25
