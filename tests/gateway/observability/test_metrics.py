"""The gateway's /metrics: what it counts, with bounded labels, and who may read it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from gateway.observability.metrics import GatewayMetrics
from gateway.observability.metrics_access import MetricsAccess
from pdp_common.identity import Role
from pdp_common.testing.databases import DatabaseTarget
from prometheus_client.parser import text_string_to_metric_families

from tests.gateway.conftest import GatewayFactory, GatewayHarness

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    """Read /metrics and return every sample by name and labels."""
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """Return the sample ``name`` with exactly ``labels`` (0 when absent)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def requests(samples: Samples, family: str, method: str, status: int, kind: str) -> float:
    """Return the count of requests with these labels."""
    return value(
        samples,
        "pdp_gateway_requests_total",
        family=family,
        method=method,
        status=str(status),
        credential_kind=kind,
    )


@pytest.fixture
async def public(gateway: GatewayHarness) -> AsyncIterator[httpx.AsyncClient]:
    """Return a client connecting from a public address."""
    transport = httpx.ASGITransport(app=gateway.app, client=("198.51.100.7", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
        yield client


class TestCounting:
    async def test_requests_are_counted_by_family_method_status_and_credential_kind(
        self, gateway: GatewayHarness
    ) -> None:
        key, _ = await gateway.issue_key(Role.VIEWER)
        client = gateway.client
        for incident in ("0193a0c4-1", "0193a0c4-2", "0193a0c4-3"):
            ok = await client.get(f"/api/v1/incidents/{incident}", headers={"X-API-Key": key})
            assert ok.status_code == 200, ok.text
        assert (await client.get("/api/v1/incidents")).status_code == 401
        bad = {"X-API-Key": "pdp_" + "x" * 40}
        assert (await client.get("/api/v1/briefings", headers=bad)).status_code == 401
        assert (await client.get("/api/v1/nowhere/1")).status_code == 404
        assert (await client.get("/livez")).status_code == 200
        assert (await client.request("PROPFIND", "/api/v1/incidents/1")).status_code == 401
        samples = await scrape(client)
        assert requests(samples, "incidents", "GET", 200, "api_key") == 3
        assert requests(samples, "incidents", "GET", 401, "none") == 1
        assert requests(samples, "briefings", "GET", 401, "api_key") == 1
        assert requests(samples, "unrouted", "GET", 404, "none") == 1
        assert requests(samples, "gateway", "GET", 200, "none") == 1
        assert requests(samples, "incidents", "other", 401, "none") == 1
        assert requests(samples, "api-keys", "POST", 201, "api_key") == 1
        assert value(samples, "pdp_gateway_auth_failures_total", reason="missing") == 2
        assert value(samples, "pdp_gateway_auth_failures_total", reason="invalid") == 1
        upstream = value(
            samples, "pdp_gateway_upstream_duration_seconds_count", service="incidents"
        )
        assert upstream == 3
        scraped_again = await scrape(client)
        assert requests(scraped_again, "gateway", "GET", 200, "none") == 1, "scrapes not counted"

    async def test_labels_never_carry_paths_or_credentials(self, gateway: GatewayHarness) -> None:
        key, record = await gateway.issue_key(Role.VIEWER)
        for index in range(5):
            await gateway.client.get(f"/api/v1/incidents/{index}", headers={"X-API-Key": key})
        text = (await gateway.client.get("/metrics")).text
        assert "/api/v1" not in text
        assert record["id"] not in text
        assert key not in text

    async def test_refusals_are_counted_by_cause(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        settings = {
            "rate_limit_per_second": 0.001,
            "rate_limit_burst": 2,
            "auth_failure_rate_per_second": 0.001,
            "auth_failure_burst": 1,
            "max_body_bytes": 300,
        }
        async with make_gateway(database, **settings) as gw:
            key, _ = await gw.issue_key(Role.ANALYST)
            headers = {"X-API-Key": key}
            too_large = await gw.client.post(
                "/api/v1/incidents", content=b"x" * 301, headers=headers
            )
            assert too_large.status_code == 413
            statuses = [
                (await gw.client.get("/api/v1/incidents", headers=headers)).status_code
                for _ in range(3)
            ]
            assert statuses == [200, 200, 429]
            assert (await gw.client.get("/api/v1/incidents")).status_code == 401
            assert (await gw.client.get("/api/v1/incidents", headers=headers)).status_code == 429
            samples = await scrape(gw.client)
        assert value(samples, "pdp_gateway_payload_too_large_total", family="incidents") == 1
        assert value(samples, "pdp_gateway_rate_limited_total", cause="rate_limit") == 1
        assert value(samples, "pdp_gateway_rate_limited_total", cause="auth_failures") == 1
        assert value(samples, "process_cpu_seconds_total") > 0


class TestAccess:
    async def test_loopback_scrapers_are_answered(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.get("/metrics")
        assert response.status_code == 200
        assert "pdp_gateway_requests_total" in response.text
        head = await gateway.client.head("/metrics")
        assert (head.status_code, head.content) == (200, b"")

    async def test_the_public_gets_404(self, public: httpx.AsyncClient) -> None:
        response = await public.get("/metrics")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/problems/not-found"

    async def test_requests_through_a_proxy_get_404(self, gateway: GatewayHarness) -> None:
        for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
            response = await gateway.client.get("/metrics", headers={header: "198.51.100.7"})
            assert response.status_code == 404, header

    async def test_other_methods_are_refused(self, gateway: GatewayHarness) -> None:
        response = await gateway.client.post("/metrics")
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, HEAD"

    async def test_an_empty_network_list_closes_it(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, metrics_networks=[]) as gw:
            assert (await gw.client.get("/metrics")).status_code == 404


class TestMetricsAccess:
    @pytest.mark.parametrize(
        ("address", "allowed"),
        [
            ("127.0.0.1", True),
            ("::1", True),
            ("10.1.2.3", True),
            ("172.20.0.5", True),
            ("192.168.1.1", True),
            ("::ffff:10.0.0.1", True),
            ("fd00::1", True),
            ("172.32.0.1", False),
            ("198.51.100.7", False),
            ("2001:db8::1", False),
            ("not-an-address", False),
        ],
    )
    def test_default_networks(self, address: str, allowed: bool) -> None:
        access = MetricsAccess(
            ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
        )
        scope = {"client": (address, 1234), "headers": []}
        assert access.allows(scope) is allowed

    def test_no_client_address_is_refused(self) -> None:
        assert not MetricsAccess(["0.0.0.0/0"]).allows({"client": None, "headers": []})


class TestGatewayMetrics:
    def test_series_appear_only_once_counted(self) -> None:
        metrics = GatewayMetrics(families={"incidents"}, services={"incidents"})
        assert b'family="incidents"' not in metrics.render().split(b"pdp_gateway_upstream")[0]
        metrics.count("incidents", "GET", "bearer", 204)
        metrics.count("incidents", "GET", "bearer", 204)
        text = metrics.render().decode()
        expected = (
            'pdp_gateway_requests_total{credential_kind="bearer",family="incidents",'
            'method="GET",status="204"} 2.0'
        )
        assert expected in text
