"""The load generator: a bounded number of HTTP requests over N keep-alive connections, run in a
process of its own (``python -m bench.service_reads.load``) so that its CPU is not the service's.

The parent writes a :class:`LoadSpec` as JSON on the child's standard input. The child sends the
warm-up requests, prints ``ready``, waits for a line on standard input (the parent reads the
service's CPU time meanwhile), sends the measured requests and prints a :class:`LoadReport` as
JSON. Request *i* goes to ``paths[i % len(paths)]`` with ``bodies[i % len(bodies)]``; with
``if_match``, connection *k* owns ``paths[k]`` and sends each change with the ETag the previous
one returned (a writer editing its own record).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import uvloop


@dataclass(frozen=True)
class LoadSpec:
    """What to send: where, how, how many, over how many connections."""

    base_url: str
    method: str
    paths: list[str]
    headers: dict[str, str]
    count: int
    concurrency: int
    warm_up: int = 0
    bodies: list[dict[str, Any]] = field(default_factory=list)
    if_match: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Return the spec as one JSON line."""
        return json.dumps(dataclasses.asdict(self))


@dataclass(frozen=True)
class LoadReport:
    """What came back: requests sent, failures, the wall-clock time and the latencies."""

    count: int
    failed: int
    seconds: float
    p50_ms: float
    p99_ms: float
    statuses: dict[str, int]

    @property
    def per_s(self) -> float:
        """Return the completed requests per second."""
        return self.count / self.seconds if self.seconds > 0 else 0.0


def _percentile(samples: list[float], q: float) -> float:
    """Return the ``q`` quantile (0-1) of ``samples``, nearest rank; 0 without samples."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Driver:
    """Sends the requests of one spec and keeps the figures."""

    def __init__(self, spec: LoadSpec, session: aiohttp.ClientSession) -> None:
        self.spec = spec
        self.session = session
        self.next_index = 0
        self.etags = dict(spec.if_match)
        self.timings: list[float] = []
        self.statuses: dict[str, int] = {}

    async def send(self, index: int, worker: int) -> None:
        spec = self.spec
        path = spec.paths[worker] if spec.if_match else spec.paths[index % len(spec.paths)]
        headers = {"If-Match": self.etags[path]} if spec.if_match else {}
        body = spec.bodies[index % len(spec.bodies)] if spec.bodies else None
        started = time.perf_counter()
        async with self.session.request(
            spec.method, spec.base_url + path, json=body, headers=headers
        ) as response:
            await response.read()
            if spec.if_match and "ETag" in response.headers:
                self.etags[path] = response.headers["ETag"]
        self.timings.append((time.perf_counter() - started) * 1000)
        status = str(response.status)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    async def worker(self, worker: int, until: int) -> None:
        while self.next_index < until:
            index = self.next_index
            self.next_index += 1
            await self.send(index, worker)

    async def run(self, count: int) -> float:
        """Send ``count`` requests over the spec's connections; return the seconds taken."""
        until = self.next_index + count
        self.timings.clear()
        self.statuses.clear()
        started = time.perf_counter()
        await asyncio.gather(*(self.worker(k, until) for k in range(self.spec.concurrency)))
        return time.perf_counter() - started

    def report(self, seconds: float) -> LoadReport:
        failed = sum(n for status, n in self.statuses.items() if not status.startswith("2"))
        return LoadReport(
            count=len(self.timings),
            failed=failed,
            seconds=seconds,
            p50_ms=_percentile(self.timings, 0.50),
            p99_ms=_percentile(self.timings, 0.99),
            statuses=dict(self.statuses),
        )


async def drive(spec: LoadSpec, ready: Callable[[], Awaitable[None]] | None = None) -> LoadReport:
    """Warm up, await ``ready()`` (when given), then send the measured requests."""
    connector = aiohttp.TCPConnector(limit=spec.concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        headers=spec.headers, connector=connector, timeout=timeout
    ) as session:
        driver = Driver(spec, session)
        if spec.warm_up:
            await driver.run(spec.warm_up)
        if ready is not None:
            await ready()
        seconds = await driver.run(spec.count)
        return driver.report(seconds)


async def run_load(spec: LoadSpec, on_ready: Callable[[], Awaitable[None]]) -> LoadReport:
    """Run ``spec`` in a child process; await ``on_ready()`` between the warm-up and the load."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.service_reads.load",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        child.stdin.write(spec.to_json().encode() + b"\n")
        await child.stdin.drain()
        if (await child.stdout.readline()).strip() != b"ready":
            raise RuntimeError("the load generator stopped before its load")
        await on_ready()
        child.stdin.write(b"go\n")
        await child.stdin.drain()
        line = await child.stdout.readline()
        if not line:
            raise RuntimeError("the load generator stopped without a report")
        return LoadReport(**json.loads(line))
    finally:
        if child.returncode is None:
            await asyncio.wait_for(child.wait(), timeout=30)


async def _child() -> None:
    spec = LoadSpec(**json.loads(sys.stdin.readline()))
    loop = asyncio.get_running_loop()

    async def ready() -> None:
        print("ready", flush=True)
        await loop.run_in_executor(None, sys.stdin.readline)

    report = await drive(spec, ready)
    print(json.dumps(dataclasses.asdict(report)), flush=True)


if __name__ == "__main__":
    uvloop.run(_child())
