"""`make run` end to end: the supervisor brings the platform up, serves through the gateway, stops.

The run uses its own state directory and free ports, so it never touches var/ or a run in progress.
Components whose package has no command line yet are left out.
"""

from __future__ import annotations

import functools
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from deploy.local.demo_partner import ITEMS as DEMO_ITEMS
from deploy.local.readiness import port_in_use, wait_until
from deploy.local.settings import COMPONENTS, GATEWAY
from deploy.nats import platform_events
from tests.deploy.local_runs import LocalRun, available_components, start_local_run

API_PATHS = {
    "incidents": "/api/v1/incidents",
    "organizations": "/api/v1/organizations",
    "country-teams": "/api/v1/country-teams",
    "briefings": "/api/v1/briefings",
}


@pytest.fixture
def local_run(tmp_path: Path) -> Iterator[LocalRun]:
    components = available_components()
    if GATEWAY.name not in components:
        pytest.skip("the gateway has no command line yet")
    run = start_local_run(tmp_path, components)
    try:
        yield run
    finally:
        run.stop()


def _check_serving(run: LocalRun) -> None:
    gateway = f"http://127.0.0.1:{run.ports['gateway']}"
    key = (run.var_dir / "admin-api-key").read_text().strip()
    assert key in run.text()
    ready = httpx.get(gateway + "/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    docs = httpx.get(gateway + "/openapi.json", timeout=30)
    assert docs.status_code == 200, docs.text
    for name in run.components:
        if name in API_PATHS:
            response = httpx.get(gateway + API_PATHS[name], headers={"X-API-Key": key}, timeout=30)
            assert response.status_code == 200, response.text


def _check_demo_feeds(run: LocalRun) -> None:
    """UNAMA's demo feed is registered and pulled; OSCE's demo webhook is registered."""
    if not {"incidents", "organizations", GATEWAY.name} <= set(run.components):
        return
    assert "demo feeds registered" in run.text()
    gateway = f"http://127.0.0.1:{run.ports['gateway']}"
    headers = {"X-API-Key": (run.var_dir / "admin-api-key").read_text().strip()}
    sources = httpx.get(gateway + "/api/v1/incidents/feeds/sources", headers=headers, timeout=30)
    [source] = sources.json()
    assert source["url"].endswith("/unama/situation.atom")
    fetches_url = f"{gateway}/api/v1/incidents/feeds/sources/{source['id']}/fetches"

    def fetched() -> bool:
        fetches = httpx.get(fetches_url, headers=headers, timeout=30).json()
        return any(f["status"] == "succeeded" for f in fetches)

    assert wait_until(fetched, timeout=120, interval=1.0), httpx.get(fetches_url, headers=headers)
    [fetch] = [
        f for f in httpx.get(fetches_url, headers=headers).json() if f["status"] == "succeeded"
    ]
    assert fetch["counts"]["read"] == len(DEMO_ITEMS)
    hooks = httpx.get(gateway + "/api/v1/incidents/feeds/webhooks", headers=headers, timeout=30)
    assert [(h["partner_org"], h["url"].endswith("/osce/webhook")) for h in hooks.json()] == [
        ("OSCE", True)
    ]


def _consumer_names(run: LocalRun) -> set[str]:
    url = f"http://127.0.0.1:{run.ports['monitor']}/jsz?accounts=true&consumers=true"
    details = httpx.get(url, timeout=10).json().get("account_details", [])
    return {
        consumer["name"]
        for account in details
        for stream in account.get("stream_detail", [])
        for consumer in stream.get("consumer_detail") or []
    }


def _check_nats_users(run: LocalRun) -> None:
    """Every service logged in as its own user and made its consumers with its permissions."""
    users = {path.name for path in (run.var_dir / "nats-users").iterdir()}
    # every component but the console, which reaches the platform through the gateway only
    assert {c.name for c in COMPONENTS if c.name != "console"} <= users
    expected = {
        durable
        for service in (*platform_events.services(), platform_events.gateway_events())
        if service.name in run.components
        for durable in (
            *(consumed.durable for consumed in service.consumes),
            *([service.advisory_durable] if service.consumes else []),
        )
    }
    made = wait_until(lambda: expected <= _consumer_names(run), timeout=60, interval=0.5)
    assert made, (expected - _consumer_names(run), run.text())
    assert "nats users     one per service" in run.text()


def _check_state(run: LocalRun) -> None:
    var = run.var_dir
    assert (var / "keys/identity-ed25519.pem").is_file()
    assert (var / "nats/jetstream").is_dir()
    for name in run.components:
        assert (var / "log" / f"{name}.log").is_file()
        assert (var / "log" / f"{name}-migrate.log").is_file()
    seeded = {
        path.name.removeprefix("seeded-").rsplit("-", 1)[0] for path in (var / "markers").iterdir()
    }
    assert seeded == {c.name for c in COMPONENTS if c.seeds_demo_data} & set(run.components)


def _port_closed(port: int) -> bool:
    return not port_in_use("127.0.0.1", port)


def _check_clean_stop(run: LocalRun) -> None:
    run.process.send_signal(signal.SIGTERM)
    assert run.process.wait(120) == 0, run.text()
    text = run.text()
    assert text.index("gateway stopped") < text.index("nats-server stopped")
    deadline = time.monotonic() + 30
    for port in run.ports.values():
        closed = functools.partial(_port_closed, port)
        remaining = max(0.0, deadline - time.monotonic())
        assert wait_until(closed, timeout=remaining), f"port {port} still open"


class TestLocalRun:
    @pytest.mark.timeout(1200)
    def test_serves_through_the_gateway_and_stops_cleanly(self, local_run: LocalRun) -> None:
        local_run.wait_for_banner()
        _check_serving(local_run)
        _check_demo_feeds(local_run)
        _check_nats_users(local_run)
        _check_state(local_run)
        _check_clean_stop(local_run)
