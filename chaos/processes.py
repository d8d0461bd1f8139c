"""The processes a chaos case runs and kills: nats-server and the services, each its own group."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx
from pdp_common.testing.nats_server import nats_server_binary

from deploy.local.processes import ManagedProcess

ROOT = Path(__file__).resolve().parent.parent
NATS_CONFIG = ROOT / "deploy" / "local" / "nats.conf"
READY_TIMEOUT = 60.0
_LIVE: set[Restartable] = set()
"""Every process started and not yet killed or stopped, for :func:`kill_left_over`."""


class ProcessDied(RuntimeError):
    """A process ended on its own before it became ready."""


async def wait_ready(url: str, process: ManagedProcess, *, timeout: float = READY_TIMEOUT) -> None:
    """Poll ``url`` until it answers 2xx; fail if the process ends or the deadline passes."""
    deadline = asyncio.get_running_loop().time() + timeout
    async with httpx.AsyncClient(timeout=2.0) as client:
        while asyncio.get_running_loop().time() < deadline:
            reason = process.exit_reason()
            if reason:
                raise ProcessDied(f"{reason}; see {process.log_path}")
            try:
                if (await client.get(url)).is_success:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.05)
    raise ProcessDied(f"{process.name} not ready at {url} after {timeout:.0f} s")


class Restartable:
    """A command run as a :class:`ManagedProcess` that can be killed with SIGKILL and restarted."""

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        *,
        env: Mapping[str, str],
        log_dir: Path,
        ready_url: str,
    ) -> None:
        self.name = name
        self.command = list(command)
        self.env = dict(env)
        self.log_path = log_dir / f"{name}.log"
        self.ready_url = ready_url
        self.process: ManagedProcess | None = None
        self.kills = 0
        self.starts = 0

    async def start(self) -> None:
        """Start the process and wait until it is ready."""
        process = ManagedProcess(
            self.name, self.command, env=self.env, cwd=ROOT, log_path=self.log_path
        )
        self.process = process
        _LIVE.add(self)
        self.starts += 1
        await wait_ready(self.ready_url, process)

    def kill(self) -> None:
        """Send SIGKILL to the process group and reap it: no clean shutdown of any kind."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None
        _LIVE.discard(self)
        self.kills += 1

    def stop(self) -> None:
        """Stop the process cleanly (SIGTERM, then SIGKILL after a while)."""
        if self.process is not None:
            self.process.stop()
            self.process = None
        _LIVE.discard(self)


def kill_left_over() -> None:
    """Kill every process a case started and left running (it was interrupted or failed)."""
    for process in list(_LIVE):
        process.kill()


def nats_command(*, port: int, monitor_port: int, store: Path, name: str) -> list[str]:
    """Return the command of a single nats-server with the local run's configuration."""
    return [
        nats_server_binary(),
        *("-c", str(NATS_CONFIG), "-n", name),
        *("-js", "-sd", str(store)),
        *("-a", "127.0.0.1", "-p", str(port), "-m", str(monitor_port)),
    ]


def nats_health_url(monitor_port: int) -> str:
    """Return the monitoring URL that answers 200 once JetStream is ready."""
    return f"http://127.0.0.1:{monitor_port}/healthz?js-enabled-only=true"


def service_command(package: str) -> list[str]:
    """Return the command that serves one service with the project's Python."""
    return [sys.executable, "-m", package, "serve"]
