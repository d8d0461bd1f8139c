"""Start the probe service (lifespan, real NATS, real databases) and write probes.

The writing side runs in this process: the probe service with its stream and relay, written to
through its Database or its HTTP API. The consuming side runs in a second process with a
database of its own (:mod:`bench.backbone.consumer_process`)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from fastapi import FastAPI
from pdp_common.identity import IdentitySigner, generate_keypair, load_private_key
from pdp_common.platform import Platform
from pdp_common.testing.apps import Identities, running
from pdp_common.testing.databases import DatabaseTarget

from bench.backbone.clock import ProbeClock
from bench.backbone.consumer_process import ConsumerProcess, consumer_target
from bench.backbone.load import Write
from bench.backbone.service import ProbeSettings, create_app, record_probe

STAMP_POLL_SECONDS = 0.05


@dataclass
class ProbeService:
    """A running probe service, its HTTP client, its clock and the next free sequence number."""

    app: FastAPI
    client: httpx.AsyncClient
    clock: ProbeClock
    identities: Identities
    consumer: ConsumerProcess
    headers: dict[str, str] = field(default_factory=dict)
    next_seq: int = 0

    @property
    def platform(self) -> Platform:
        """Return the service's running platform (database, bus, relay, consumers)."""
        platform: Platform = self.app.state.platform
        return platform

    def take(self, count: int) -> range:
        """Reserve ``count`` fresh sequence numbers."""
        seqs = range(self.next_seq, self.next_seq + count)
        self.next_seq += count
        return seqs

    async def write_direct(self, seq: int) -> None:
        """Commit a probe and its event in one transaction through the Database."""
        async with self.platform.db.transaction() as session:
            await record_probe(session, self.clock, seq=seq)

    async def write_http(self, seq: int) -> None:
        """Commit a probe and its event through ``POST /api/v1/probes``."""
        response = await self.client.post("/api/v1/probes", json={"seq": seq}, headers=self.headers)
        if response.status_code != 201:
            raise RuntimeError(f"POST /api/v1/probes: {response.status_code} {response.text}")

    def writer(self, via: str) -> Write:
        """Return the write function of path ``via`` (``db`` or ``http``).

        The HTTP path gets a freshly signed identity token: tokens live a minute, as from the
        gateway, which signs one per request."""
        self.headers = self.identities.headers()
        return {"db": self.write_direct, "http": self.write_http}[via]

    async def drain(self, within: float) -> bool:
        """Wait up to ``within`` seconds until every committed probe is applied."""
        deadline = time.monotonic() + within
        while True:
            self.clock.applied.update(await self.consumer.stamps())
            if len(self.clock.applied) >= len(self.clock.written):
                return True
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(STAMP_POLL_SECONDS)

    def cpu_seconds(self) -> float:
        """Return the CPU seconds both processes used so far (the consumer's as last reported)."""
        return time.process_time() + self.consumer.cpu_seconds


def probe_settings(
    target: DatabaseTarget, nats_url: str, public_pem: bytes, var_dir: Path
) -> ProbeSettings:
    """Return the probe service's settings: production defaults, this database and broker."""
    return ProbeSettings(
        database_url=target.url,
        database_schema=target.schema,
        nats_url=nats_url,
        identity_public_key=public_pem.decode(),
        log_level="WARNING",
        var_dir=var_dir,
    )


@asynccontextmanager
async def probe_service(
    target: DatabaseTarget, nats_url: str, var_dir: Path
) -> AsyncIterator[ProbeService]:
    """Run the writing and the consuming probe services until the block ends; yield once the
    consumer is subscribed."""
    private_pem, public_pem = generate_keypair()
    identities = Identities(IdentitySigner(load_private_key(private_pem)), public_pem)
    clock = ProbeClock()
    app = create_app(probe_settings(target, nats_url, public_pem, var_dir), clock, consume=False)
    consumer = ConsumerProcess(
        probe_settings(consumer_target(target), nats_url, public_pem, var_dir)
    )
    async with running(app) as client:
        await consumer.start()
        try:
            yield ProbeService(
                app=app, client=client, clock=clock, identities=identities, consumer=consumer
            )
        finally:
            await consumer.stop()
