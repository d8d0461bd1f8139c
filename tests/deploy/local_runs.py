"""Start `deploy/local/supervisor.py` as `make run` does, on free ports and a private var/."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pdp_common.nats_credentials import NatsCredentials

from deploy.local.readiness import wait_until
from deploy.local.settings import COMPONENTS

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_SECONDS = 600.0
READY_BANNER = "The platform is running."


def free_ports(count: int) -> list[int]:
    """Return ``count`` distinct TCP ports free on 127.0.0.1 right now."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for probe in sockets:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in sockets]
    finally:
        for probe in sockets:
            probe.close()


def available_components() -> list[str]:
    """Return the components whose package has a command line."""
    return [
        c.name for c in COMPONENTS if importlib.util.find_spec(f"{c.package}.__main__") is not None
    ]


@dataclass
class LocalRun:
    """A supervisor started by a test, with its output in a file."""

    process: subprocess.Popen[bytes]
    output: Path
    var_dir: Path
    ports: dict[str, int]
    components: list[str]

    def text(self) -> str:
        """Return what the supervisor printed so far."""
        return self.output.read_text(encoding="utf-8", errors="replace")

    def wait_for_banner(self) -> None:
        """Wait until the platform is up; fail with the output if the supervisor ended."""
        started = wait_until(
            lambda: READY_BANNER in self.text() or self.process.poll() is not None,
            timeout=STARTUP_TIMEOUT_SECONDS,
            interval=0.5,
        )
        assert started, self.text()
        assert self.process.poll() is None, self.text()

    def nats_credentials(self, user: str) -> NatsCredentials:
        """Return the NATS user and password the run generated for ``user`` (a service, the
        gateway or a tool)."""
        password = (self.var_dir / "nats-users" / user).read_text(encoding="utf-8").strip()
        return NatsCredentials(user=user, password=password)

    def url(self, name: str) -> str:
        """Return the base URL of a component."""
        return f"http://127.0.0.1:{self.ports[name]}"

    def stop(self) -> None:
        """Stop the supervisor (SIGTERM) if it still runs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(120)


def start_local_run(
    base: Path, components: Sequence[str], extra_env: Mapping[str, str] | None = None
) -> LocalRun:
    """Start the supervisor for ``components`` with its state under ``base``."""
    ports = dict(
        zip(
            [c.name for c in COMPONENTS] + ["nats", "monitor", "demo-partner"],
            free_ports(len(COMPONENTS) + 3),
            strict=True,
        )
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("PDP_")}
    env |= {c.env_prefix + "PORT": str(ports[c.name]) for c in COMPONENTS}
    env |= {
        "PDP_NATS_URL": f"nats://127.0.0.1:{ports['nats']}",
        "PDP_LOCAL_NATS_MONITOR_PORT": str(ports["monitor"]),
        "PDP_LOCAL_DEMO_PARTNER_PORT": str(ports["demo-partner"]),
        "PDP_LOCAL_VAR_DIR": str(base / "var"),
        "PDP_LOCAL_COMPONENTS": ",".join(components),
        "PDP_LOCAL_READY_TIMEOUT_SECONDS": str(STARTUP_TIMEOUT_SECONDS),
    }
    env |= dict(extra_env or {})
    output = base / "supervisor.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy/local/supervisor.py")],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return LocalRun(process, output, base / "var", ports, list(components))


def child_pid(run: LocalRun, marker: str) -> int:
    """Return the pid of the supervisor's child whose command line contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == run.process.pid and marker in command:
            found.append(int(entry.name))
    assert len(found) == 1, f"children matching {marker!r}: {found}"
    return found[0]
