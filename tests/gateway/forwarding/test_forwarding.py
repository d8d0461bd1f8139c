"""Forwarding: the allow-list, what reaches a service, and what comes back."""

from __future__ import annotations

import httpx
import pytest
import structlog
from gateway.observability.tracecontext import trace_id_of
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from pdp_common.identity import (
    Clearance,
    IdentitySigner,
    Principal,
    Role,
    generate_keypair,
    load_private_key,
)
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
UNROUTABLE = [
    "/api/v1/unknown",
    "/api/v1/internal/secret",
    "/internal/secret",
    "/metrics",
    "/api/v1/incidents/../../internal/secret",
    "/api/v1/incidents/%2e%2e/%2e%2e/internal/secret",
    "/api/v1/incidents%2F..%2F..%2Finternal%2Fsecret",
    "/api/v1//incidents",
    "/api/v1/incidentsx",
    "/api/v2/incidents",
    "/api/v1",
]


@pytest.fixture
async def analyst(gateway: GatewayHarness) -> dict[str, str]:
    key, _ = await gateway.issue_key(Role.ANALYST, clearance=Clearance.CONFIDENTIAL)
    return {"X-API-Key": key}


class TestAllowList:
    async def test_each_prefix_reaches_its_service(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        expected = {
            "incidents": "incidents",
            "organizations": "organizations",
            "engagements": "organizations",
            "consents": "organizations",
            "agreements": "organizations",
            "initiatives": "organizations",
            "sharing": "organizations",
            "country-teams": "country-teams",
            "activities": "country-teams",
            "briefings": "briefings",
        }
        for family, service in expected.items():
            response = await gateway.client.get(f"/api/v1/{family}/x", headers=analyst)
            assert response.status_code == 200, f"{family}: {response.text}"
            assert response.json()["service"] == service
            assert response.json()["path"] == f"/api/v1/{family}/x"

    async def test_unknown_and_internal_paths_are_404(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        public = httpx.ASGITransport(app=gateway.app, client=("198.51.100.7", 1234))
        async with httpx.AsyncClient(transport=public, base_url="http://gw") as client:
            for path in UNROUTABLE:
                for headers in (analyst, {}):
                    response = await client.get(path, headers=headers)
                    assert response.status_code == 404, f"{path}: {response.text}"
                    assert response.headers["content-type"] == "application/problem+json"
                    assert "service" not in response.json()


class TestWhatTheServiceReceives:
    async def test_an_inbound_identity_header_is_replaced(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        private_pem, _ = generate_keypair()
        forged = IdentitySigner(load_private_key(private_pem)).sign(
            Principal(
                "mallory", "UNRCCA", frozenset({Role.ADMIN}), Clearance.STRICTLY_CONFIDENTIAL, "x"
            )
        )
        headers = analyst | {"X-PDP-Identity": forged}
        response = await gateway.client.get("/api/v1/incidents/1", headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["principal"]["roles"] == ["analyst"]

    async def test_credentials_and_cookies_are_not_forwarded(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        headers = analyst | {"Cookie": "session=abc", "X-Custom": "kept"}
        response = await gateway.client.get("/api/v1/incidents/1", headers=headers)
        seen = response.json()["headers"]
        assert seen["x-api-key"] is None
        assert seen["authorization"] is None
        assert seen["cookie"] is None
        assert seen["x-custom"] == "kept"
        bearer = await gateway.bearer(Role.VIEWER)
        response = await gateway.client.get("/api/v1/incidents/1", headers=bearer)
        assert response.json()["headers"]["authorization"] is None

    async def test_request_ids_are_kept_or_made_and_echoed(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        given = await gateway.client.get(
            "/api/v1/incidents/1", headers=analyst | {"X-Request-ID": "req-123"}
        )
        assert given.headers["x-request-id"] == "req-123"
        assert given.json()["headers"]["x-request-id"] == "req-123"
        made = await gateway.client.get(
            "/api/v1/incidents/1", headers=analyst | {"X-Request-ID": "bad id\twith space"}
        )
        assert made.headers["x-request-id"] != "bad id\twith space"
        assert made.json()["headers"]["x-request-id"] == made.headers["x-request-id"]
        for path in ("/livez", "/api/v1/nowhere", "/api/v1/api-keys"):
            response = await gateway.client.get(path)
            assert response.headers["x-request-id"], path

    async def test_bodies_and_queries_arrive_intact(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        body = b'{"title": "' + "Ð".encode() * 20_000 + b'"}'
        response = await gateway.client.post(
            "/api/v1/incidents?dry_run=true&tag=a&tag=b",
            content=body,
            headers=analyst | {"Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.text
        echoed = response.json()
        assert echoed["body_length"] == len(body)
        assert echoed["query"] == "dry_run=true&tag=a&tag=b"
        assert echoed["headers"]["content-type"] == "application/json"


class TestTraceContext:
    async def test_without_spans_the_callers_trace_context_passes_through(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        parent = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
        async with make_gateway(database, otel_enabled=False) as gateway:
            key, _ = await gateway.issue_key(Role.VIEWER)
            response = await gateway.client.get(
                "/api/v1/incidents/1",
                headers={"X-API-Key": key, "traceparent": parent, "tracestate": "vendor=1"},
            )
        assert response.json()["headers"]["traceparent"] == parent

    async def test_without_spans_a_request_without_trace_context_gets_a_new_trace(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, otel_enabled=False) as gateway:
            key, _ = await gateway.issue_key(Role.VIEWER)
            forwarded = [
                (
                    await gateway.client.get(
                        "/api/v1/incidents/1", headers={"X-API-Key": key, "traceparent": sent}
                    )
                ).json()["headers"]["traceparent"]
                for sent in ("", "00-" + "0" * 32 + "-00f067aa0ba902b7-01", "garbage")
            ]
        trace_ids = {trace_id_of(value) for value in forwarded}
        assert None not in trace_ids
        assert len(trace_ids) == 3
        assert all(value.endswith("-01") for value in forwarded)

    async def test_a_new_trace_is_sampled_as_the_sampler_says(
        self,
        make_gateway: GatewayFactory,
        database: DatabaseTarget,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setenv("OTEL_TRACES_SAMPLER", "always_off")
        async with make_gateway(database, otel_enabled=False) as gateway:
            key, _ = await gateway.issue_key(Role.VIEWER)
            response = await gateway.client.get("/api/v1/incidents/1", headers={"X-API-Key": key})
        forwarded = response.json()["headers"]["traceparent"]
        assert trace_id_of(forwarded) is not None
        assert forwarded.endswith("-00")

    async def test_with_spans_the_gateway_adds_its_server_span(
        self, gateway: GatewayHarness, analyst: dict[str, str], span_exporter: InMemorySpanExporter
    ) -> None:
        parent = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
        response = await gateway.client.get(
            "/api/v1/incidents/1", headers=analyst | {"traceparent": parent}
        )
        forwarded = response.json()["headers"]["traceparent"]
        (span,) = [
            s for s in span_exporter.get_finished_spans() if s.name == "GET /api/v1/incidents"
        ]
        assert span.kind == SpanKind.SERVER
        assert format(span.context.trace_id, "032x") == TRACE_ID
        assert span.parent is not None
        assert format(span.parent.span_id, "016x") == "00f067aa0ba902b7"
        assert forwarded == f"00-{TRACE_ID}-{format(span.context.span_id, '016x')}-01"
        attributes = dict(span.attributes or {})
        assert attributes["http.response.status_code"] == 200
        assert attributes["pdp.request_id"] == response.headers["x-request-id"]

    async def test_with_spans_a_request_without_trace_context_starts_a_trace(
        self, gateway: GatewayHarness, analyst: dict[str, str], span_exporter: InMemorySpanExporter
    ) -> None:
        response = await gateway.client.get("/api/v1/incidents/1", headers=analyst)
        forwarded = response.json()["headers"]["traceparent"]
        (span,) = [
            s for s in span_exporter.get_finished_spans() if s.name == "GET /api/v1/incidents"
        ]
        assert span.parent is None
        assert trace_id_of(forwarded) == format(span.context.trace_id, "032x")

    async def test_refusals_are_traced_too(
        self, gateway: GatewayHarness, span_exporter: InMemorySpanExporter
    ) -> None:
        response = await gateway.client.get("/api/v1/incidents/1")
        assert response.status_code == 401
        (span,) = [
            s for s in span_exporter.get_finished_spans() if s.name == "GET /api/v1/incidents"
        ]
        assert dict(span.attributes or {})["http.response.status_code"] == 401

    async def test_the_gateways_log_lines_carry_the_request_and_trace_ids(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        captured = structlog.testing.LogCapture()
        parent = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
        async with make_gateway(database, briefings_url="http://127.0.0.1:9") as gateway:
            key, _ = await gateway.issue_key(Role.VIEWER)
            previous = structlog.get_config()
            structlog.configure(processors=[structlog.contextvars.merge_contextvars, captured])
            try:
                response = await gateway.client.get(
                    "/api/v1/briefings/1",
                    headers={"X-API-Key": key, "traceparent": parent, "X-Request-ID": "req-42"},
                )
            finally:
                structlog.configure(**previous)
        assert response.status_code == 503, response.text
        (entry,) = [e for e in captured.entries if e["event"] == "upstream unavailable"]
        assert (entry["request_id"], entry["trace_id"]) == ("req-42", TRACE_ID)
        assert "request_id" not in structlog.contextvars.get_contextvars()


class TestWhatComesBack:
    async def test_service_cookies_never_reach_callers_or_other_callers(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        first = await gateway.client.get("/api/v1/incidents/cookie", headers=analyst)
        assert "set-cookie" not in first.headers
        other, _ = await gateway.issue_key(Role.VIEWER)
        second = await gateway.client.get("/api/v1/incidents/cookie", headers={"X-API-Key": other})
        assert second.json()["cookies_seen"][-1] == ""

    async def test_hop_by_hop_headers_are_dropped(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        response = await gateway.client.get("/api/v1/incidents/1", headers=analyst)
        assert "connection" not in response.headers
        assert "set-cookie" not in response.headers

    async def test_head_requests_carry_headers_only(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        response = await gateway.client.head("/api/v1/incidents/1", headers=analyst)
        assert response.status_code == 200
        assert response.content == b""
        assert response.headers["x-request-id"]

    async def test_large_responses_stream_through(
        self, gateway: GatewayHarness, analyst: dict[str, str]
    ) -> None:
        size = 4 * 1024 * 1024
        response = await gateway.client.get(f"/api/v1/incidents/big?size={size}", headers=analyst)
        assert response.status_code == 200
        assert len(response.content) == size
