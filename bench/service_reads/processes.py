"""The platform's real processes as ``make run`` starts them: ``python -m <package> serve``
(uvicorn, one worker) on a loopback port, configured through its environment; optionally under
the profiler (``bench.service_reads.profiler``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.cpu_time import cpu_seconds

READY_SECONDS = 180.0


def free_port() -> int:
    """Return a TCP port nothing listens on at the moment, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Running:
    """A started component: its name, base URL and process id."""

    name: str
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """Return the CPU time the process has used so far (all its threads)."""
        return cpu_seconds(self.pid)

    def signal(self, signum: signal.Signals) -> None:
        """Send ``signum`` to the process."""
        os.kill(self.pid, signum)


def _tail(log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-3000:]


def _log_path(log_dir: Path, name: str) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    return log_dir / f"{name}.log"


async def _wait_ready(url: str, process: asyncio.subprocess.Process, log_path: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                tail = _tail(log_path)
                raise RuntimeError(f"{url} exited with {process.returncode}:\n{tail}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready in {READY_SECONDS:.0f} s")


class Started:
    """A component's process, started but perhaps not ready yet."""

    def __init__(self, name: str, port: int, process: asyncio.subprocess.Process, log: Path):
        self.name = name
        self.url = f"http://127.0.0.1:{port}"
        self.process = process
        self.log_path = log

    async def ready(self) -> Running:
        """Wait until ``/readyz`` answers 200 and return the running component."""
        await _wait_ready(self.url + "/readyz", self.process, self.log_path)
        return Running(self.name, self.url, self.process.pid)

    async def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL after 20 s)."""
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), timeout=20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


async def start(
    name: str,
    package: str,
    *,
    port: int,
    env: Mapping[str, str],
    log_dir: Path,
    profiled: bool = False,
) -> Started:
    """Start ``python -m <package> serve`` (under the profiler when ``profiled``)."""
    log_path = _log_path(log_dir, name)
    module = ["-m", "bench.service_reads.profiler", package] if profiled else ["-m", package]
    with log_path.open("ab") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, *module, "serve",
            env=os.environ | dict(env), stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
        )  # fmt: skip
    return Started(name, port, process, log_path)


@contextlib.asynccontextmanager
async def serving_together(starts: Sequence[Awaitable[Started]]) -> AsyncIterator[list[Running]]:
    """Start components side by side, yield them once all are ready, stop them all afterwards."""
    started: list[Started] = []
    try:
        for starting in starts:
            started.append(await starting)
        yield list(await asyncio.gather(*(s.ready() for s in started)))
    finally:
        await asyncio.gather(*(s.stop() for s in started))
