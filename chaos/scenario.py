"""The running pieces of an ingest case, and the loop that kills one of them again and again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pdp_common.testing.nats_server import free_port

from chaos.load import Ingest, Tally
from chaos.platform import CONSUMERS, INCIDENTS, ServiceSet, Storage, base_url, stop_all
from chaos.processes import Restartable, nats_command, nats_health_url
from chaos.sizes import Sizes


def single_broker(work: Path) -> tuple[Restartable, str]:
    """Return a nats-server (not yet started) with a file store under ``work``, and its URL."""
    port, monitor = free_port(), free_port()
    command = nats_command(port=port, monitor_port=monitor, store=work / "nats", name="chaos")
    broker = Restartable(
        "nats-server", command, env={}, log_dir=work / "logs", ready_url=nats_health_url(monitor)
    )
    return broker, f"nats://127.0.0.1:{port}"


@dataclass
class Flow:
    """The incidents service and the consumers of its events, on one broker or cluster."""

    services: ServiceSet
    incidents: Restartable
    consumers: list[Restartable]
    brokers: list[Restartable] = field(default_factory=list)

    @property
    def storage(self) -> Storage:
        """Return where the services keep their data."""
        return self.services.storage

    def ingest(self, sizes: Sizes) -> Ingest:
        """Return an ingest of ``sizes.incidents`` incidents into the incidents service."""
        url = base_url(self.incidents)
        return Ingest(
            lambda: url,
            self.services.identity,
            count=sizes.incidents,
            concurrency=sizes.concurrency,
        )


@asynccontextmanager
async def incident_flow(
    work: Path,
    storage: Storage,
    *,
    nats_url: str,
    brokers: list[Restartable],
    settings: dict[str, str] | None = None,
) -> AsyncIterator[Flow]:
    """Start ``brokers``, the incidents service and its consumers; stop them all at the end."""
    services = ServiceSet(work, storage, nats_url, settings or {})
    flow = Flow(services, services.process(INCIDENTS), [services.process(k) for k in CONSUMERS])
    flow.brokers = brokers
    started: list[Restartable] = []
    try:
        for process in [*brokers, flow.incidents, *flow.consumers]:
            started.append(process)
            await process.start()
        yield flow
    finally:
        stop_all([*flow.consumers, flow.incidents, *brokers])


MIN_PROGRESS = 25
"""Incidents acknowledged between two blows at least, so that a slow machine still moves on."""


class Pace:
    """When to strike next: every ``every`` seconds, once the ingest has moved on since the last
    blow, until the ingest is done."""

    def __init__(self, ingest: Ingest, every: float) -> None:
        self.done = asyncio.Event()
        self.every = every
        self._ingest = ingest
        self._mark = 0

    def _progress(self) -> int:
        return len(self._ingest.tally.acknowledged)

    async def next_blow(self) -> bool:
        """Wait for the next blow; return False when the ingest is done instead."""
        loop = asyncio.get_running_loop()
        due = loop.time() + self.every
        while loop.time() < due or self._progress() < self._mark + MIN_PROGRESS:
            try:
                await asyncio.wait_for(self.done.wait(), 0.1)
            except TimeoutError:
                continue
            return False
        self._mark = self._progress()
        return True


async def keep_killing(
    target: Restartable,
    pace: Pace,
    *,
    down_for: float,
    kills: int,
    before_restart: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """At ``pace``, ``kills`` times at most: SIGKILL ``target``, leave it down for ``down_for``
    seconds, and start it again on the same port and data."""
    for _ in range(kills):
        if not await pace.next_blow():
            return
        target.kill()
        await asyncio.sleep(down_for)
        if before_restart is not None:
            await before_restart()
        await target.start()


Striker = Callable[[Pace], Coroutine[Any, Any, None]]


async def ingest_under_fire(ingest: Ingest, every: float, strikers: list[Striker]) -> Tally:
    """Run ``ingest`` while each striker runs at the same pace; stop them when it is done."""
    pace = Pace(ingest, every)
    tasks = [asyncio.create_task(striker(pace)) for striker in strikers]
    try:
        tally = await ingest.run()
    finally:
        pace.done.set()
        await asyncio.gather(*tasks)
    return tally
