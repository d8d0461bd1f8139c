"""Start the probe service in-process (lifespan, real NATS, real database) and write probes."""

from __future__ import annotations

import asyncio
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
from bench.backbone.load import Write
from bench.backbone.service import DURABLE, ProbeSettings, create_app, record_probe


@dataclass
class ProbeService:
    """A running probe service, its HTTP client, its clock and the next free sequence number."""

    app: FastAPI
    client: httpx.AsyncClient
    clock: ProbeClock
    identities: Identities
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
        return await self.clock.wait_applied(len(self.clock.written), within)


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
    """Run the probe service until the block ends; yield once its consumer is subscribed."""
    private_pem, public_pem = generate_keypair()
    identities = Identities(IdentitySigner(load_private_key(private_pem)), public_pem)
    clock = ProbeClock()
    app = create_app(probe_settings(target, nats_url, public_pem, var_dir), clock)
    async with running(app) as client:
        service = ProbeService(app=app, client=client, clock=clock, identities=identities)
        await asyncio.wait_for(service.platform.consumer(DURABLE).ready.wait(), timeout=30)
        yield service
