"""The local platform's steps against a real nats-server and real child processes."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from deploy.local.platform import LocalPlatform
from deploy.local.readiness import StartupError
from deploy.local.settings import nats_endpoint
from deploy.local.state import VarLayout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def platform(tmp_path: Path, repo_root: Path) -> Iterator[LocalPlatform]:
    settings = {
        "PDP_NATS_URL": f"nats://127.0.0.1:{_free_port()}",
        "PDP_LOCAL_NATS_MONITOR_PORT": str(_free_port()),
        "PDP_LOCAL_DEMO_PARTNER_PORT": str(_free_port()),
    }
    layout = VarLayout(tmp_path / "var")
    layout.create()
    messages: list[str] = []
    local = LocalPlatform(
        root=repo_root,
        layout=layout,
        settings=settings,
        env=dict(os.environ),
        report=messages.append,
    )
    try:
        yield local
    finally:
        local.stop()


class TestStartNats:
    def test_jetstream_is_ready_and_stores_under_var(self, platform: LocalPlatform) -> None:
        platform.start_nats()
        nats = nats_endpoint(platform.settings)
        response = httpx.get(f"http://127.0.0.1:{nats.monitor_port}/jsz?config=true")
        assert response.status_code == 200, response.text
        config = response.json()["config"]
        assert config["store_dir"].startswith(str(platform.layout.nats_store))
        assert config["sync_always"] is True

    def test_stop_ends_nats_last_and_cleanly(self, platform: LocalPlatform) -> None:
        platform.start_nats()
        process = platform.running[0]
        platform.stop()
        assert process.exit_code() is not None
        assert platform.running == []


class TestCheckPortsFree:
    def test_busy_port_is_named(self, platform: LocalPlatform) -> None:
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            port = listener.getsockname()[1]
            busy = LocalPlatform(
                root=platform.root,
                layout=platform.layout,
                settings={**platform.settings, "PDP_BRIEFINGS_PORT": str(port)},
                env=platform.env,
                report=platform.report,
            )
            with pytest.raises(StartupError, match=f"briefings \\(127.0.0.1:{port}\\)"):
                busy.check_ports_free()


class TestFailures:
    def test_early_exit_reports_the_log_tail(self, platform: LocalPlatform) -> None:
        script = "import sys; print('cannot open database'); sys.exit(4)"
        process = platform.spawn("incidents", [sys.executable, "-c", script])
        with pytest.raises(StartupError) as caught:
            platform.wait_ready(process, lambda: False)
        message = str(caught.value)
        assert message.startswith("incidents: incidents exited with code 4")
        assert "cannot open database" in message

    def test_respawn_starts_the_same_command_in_the_same_place(
        self, platform: LocalPlatform
    ) -> None:
        platform.start_nats()
        script = "import time; print('serving', flush=True); time.sleep(600)"
        service = platform.spawn("organizations", [sys.executable, "-c", script])
        platform.probes["organizations"] = lambda: True
        service.stop(timeout=5)
        fresh = platform.respawn(service)
        assert fresh is not service
        assert fresh.exit_code() is None
        assert [p.name for p in platform.running] == ["nats-server", "organizations"]
        assert platform.running[1] is fresh
        assert [process.name for process, _ in platform.watched()] == [
            "nats-server",
            "organizations",
        ]
        log = fresh.log_path.read_text()
        assert log.count("process starting") == 2
