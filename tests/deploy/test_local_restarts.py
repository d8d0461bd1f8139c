"""`make run` keeps the platform serving when a process dies, and stops on a start loop.

A real supervisor runs incidents and the gateway on free ports and a private var/. The test kills
nats-server with SIGKILL (the services stay up, report the broker degraded and keep accepting
writes, which reach the broker once the supervisor has restarted it), then kills the incidents
service (the gateway keeps answering, incidents comes back), and finally keeps incidents from
starting again by taking its port: the supervisor gives up, names it and exits non-zero.

Restarts wait a few seconds (PDP_LOCAL_RESTART_*), so the outage is long enough to be observed.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
from pdp_common.nats_credentials import NatsCredentials

from deploy.local.readiness import wait_until
from deploy.local.settings import GATEWAY
from tests.deploy.local_runs import LocalRun, available_components, child_pid, start_local_run
from tests.incidents.factories import incident_payload

COMPONENTS = ["incidents", GATEWAY.name]
RESTART_DELAY_SECONDS = 6
MAX_START_FAILURES = 2
WAIT_SECONDS = 120.0


@pytest.fixture
def local_run(tmp_path: Path) -> Iterator[LocalRun]:
    if not set(COMPONENTS) <= set(available_components()):
        pytest.skip("incidents or the gateway has no command line yet")
    run = start_local_run(
        tmp_path,
        COMPONENTS,
        {
            "PDP_LOCAL_RESTART_INITIAL_DELAY_SECONDS": str(RESTART_DELAY_SECONDS),
            "PDP_LOCAL_RESTART_MAX_DELAY_SECONDS": str(RESTART_DELAY_SECONDS),
            "PDP_LOCAL_RESTART_MAX_START_FAILURES": str(MAX_START_FAILURES),
            "PDP_LOCAL_READY_TIMEOUT_SECONDS": "180",
        },
    )
    try:
        yield run
    finally:
        run.stop()


def _get(url: str, **kwargs: Any) -> httpx.Response | None:
    try:
        return httpx.get(url, timeout=10, **kwargs)
    except httpx.HTTPError:
        return None


def _wait_for_readiness(url: str, until: Any) -> dict[str, Any]:
    """Poll ``url``/readyz until ``until(status code, body)`` holds; return the body."""
    seen: list[Any] = []

    def probe() -> bool:
        response = _get(url + "/readyz")
        if response is None:
            seen.append("unreachable")
            return False
        body = response.json()
        seen.append((response.status_code, body))
        return bool(until(response.status_code, body))

    assert wait_until(probe, timeout=WAIT_SECONDS, interval=0.2), seen[-3:]
    body: dict[str, Any] = seen[-1][1]
    return body


def _wait_for_output(run: LocalRun, text: str, times: int = 1) -> None:
    """Wait until the supervisor has printed ``text`` ``times`` times."""
    printed = wait_until(
        lambda: run.text().count(text) >= times, timeout=WAIT_SECONDS, interval=0.2
    )
    assert printed, run.text()


async def _last_event(
    nats_url: str, stream: str, credentials: NatsCredentials
) -> tuple[int, dict[str, Any]]:
    nc = await nats.connect(nats_url, connect_timeout=5, **credentials.connect_options())
    try:
        js = nc.jetstream()
        info = await js.stream_info(stream)
        message = await js.get_msg(stream, info.state.last_seq)
        return int(info.state.messages), json.loads(message.data or b"{}")
    finally:
        await nc.close()


def _check_broker_outage(run: LocalRun, headers: dict[str, str]) -> None:
    gateway, incidents = run.url("gateway"), run.url("incidents")
    nats_url = f"nats://127.0.0.1:{run.ports['nats']}"
    _wait_for_readiness(  # the demo data's events have all reached the broker
        incidents,
        lambda code, body: body.get("status") == "ok" and body["outbox"]["backlog"] == 0,
    )
    before, _ = asyncio.run(_last_event(nats_url, "PDP_INCIDENTS", run.nats_credentials("gateway")))
    broker = child_pid(run, "nats-server")
    os.kill(broker, signal.SIGKILL)

    degraded = _wait_for_readiness(incidents, lambda code, body: body.get("status") == "degraded")
    assert degraded["checks"]["nats"] == "unavailable: disconnected", degraded
    created = httpx.post(
        gateway + "/api/v1/incidents", json=incident_payload(), headers=headers, timeout=30
    )
    assert created.status_code == 201, created.text
    incident_id = created.json()["id"]
    waiting = _get(incidents + "/readyz")
    assert waiting is not None
    assert waiting.status_code == 200, waiting.text
    assert waiting.json()["status"] == "degraded", waiting.text
    assert waiting.json()["outbox"]["backlog"] >= 1, waiting.text
    through_gateway = _get(gateway + "/readyz")
    assert through_gateway is not None
    assert through_gateway.status_code == 200, through_gateway.text
    assert through_gateway.json()["status"] == "degraded", through_gateway.text
    upstream = through_gateway.json()["checks"]["upstreams"]["incidents"]
    assert upstream.startswith("degraded: nats unavailable"), upstream
    listed = httpx.get(gateway + "/api/v1/incidents", headers=headers, timeout=30)
    assert listed.status_code == 200, listed.text

    _wait_for_output(run, "nats-server: nats-server exited with signal SIGKILL; restarting in")
    _wait_for_output(run, "nats-server: ready again after")
    ready = _wait_for_readiness(
        incidents,
        lambda code, body: (
            code == 200 and body.get("status") == "ok" and body["outbox"]["backlog"] == 0
        ),
    )
    assert ready["checks"] == {"database": "ok", "nats": "ok"}
    count, last = asyncio.run(
        _last_event(nats_url, "PDP_INCIDENTS", run.nats_credentials("gateway"))
    )
    assert count == before + 1
    assert incident_id in json.dumps(last)
    assert child_pid(run, "nats-server") != broker


def _check_service_crash(run: LocalRun, headers: dict[str, str]) -> None:
    gateway = run.url("gateway")
    service = child_pid(run, "incidents serve")
    os.kill(service, signal.SIGKILL)
    _wait_for_output(run, "incidents: incidents exited with signal SIGKILL; restarting in")
    while_down = _get(gateway + "/readyz")
    assert while_down is not None
    assert while_down.status_code == 200, while_down.text
    assert (_get(gateway + "/livez") or httpx.Response(0)).status_code == 200
    _wait_for_output(run, "incidents: ready again after")
    assert child_pid(run, "incidents serve") != service
    listed = httpx.get(gateway + "/api/v1/incidents", headers=headers, timeout=30)
    assert listed.status_code == 200, listed.text
    _wait_for_readiness(
        gateway, lambda code, body: body["checks"]["upstreams"]["incidents"] == "ok"
    )


def _check_start_loop_stops_the_run(run: LocalRun) -> None:
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        os.kill(child_pid(run, "incidents serve"), signal.SIGKILL)
        _wait_for_output(run, "incidents: incidents exited with signal SIGKILL", times=2)
        squatter.bind(("127.0.0.1", run.ports["incidents"]))
        squatter.listen()
        assert run.process.wait(WAIT_SECONDS * 2) == 1, run.text()
    text = run.text()
    assert f"incidents failed to start {MAX_START_FAILURES} times in a row; giving up." in text
    assert "address already in use" in text
    assert "gateway stopped" in text
    assert "nats-server stopped" in text


class TestLocalRestarts:
    @pytest.mark.timeout(1500)
    def test_restarts_what_dies_and_gives_up_on_a_start_loop(self, local_run: LocalRun) -> None:
        local_run.wait_for_banner()
        key = (local_run.var_dir / "demo-keys" / "analyst").read_text().strip()
        headers = {"X-API-Key": key}
        _check_broker_outage(local_run, headers)
        _check_service_crash(local_run, headers)
        _check_start_loop_stops_the_run(local_run)
