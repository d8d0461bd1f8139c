"""PostgreSQL stopped in immediate mode during writes: a private cluster (never the machine's own)
holds the incidents service's and both consumers' schemas, and is stopped with
``pg_ctl stop -m immediate`` every few seconds while incidents are written, then started again.
Clients must get 503 problem+json while it is down, never a 500; no acknowledged write may be
lost; and the services must recover without being restarted."""

from __future__ import annotations

import asyncio
from pathlib import Path

from chaos.platform import Storage
from chaos.postgres import PrivateCluster
from chaos.reckoning import settle_and_reckon
from chaos.results import CaseResult
from chaos.scenario import Pace, incident_flow, ingest_under_fire, single_broker
from chaos.sizes import Sizes

NAME = "postgres-stop"
SIZES = Sizes(incidents=1000, concurrency=8, kill_every=3.0, down_for=2.0, kills=6)


async def run(work: Path, sizes: Sizes) -> CaseResult:
    """Ingest incidents while the database is stopped and started; count the outcome."""
    result = CaseResult(NAME, sizes.as_dict())
    cluster = PrivateCluster()
    try:
        await asyncio.to_thread(cluster.create)
        await asyncio.to_thread(cluster.start)
        storage = Storage(work / "data", postgres_url=cluster.url)
        broker, nats_url = single_broker(work)

        async def stop_again_and_again(pace: Pace) -> None:
            for _ in range(sizes.kills):
                if not await pace.next_blow():
                    return
                await cluster.restart_after(sizes.down_for)

        async with incident_flow(work, storage, nats_url=nats_url, brokers=[broker]) as flow:
            tally = await ingest_under_fire(
                flow.ingest(sizes), sizes.kill_every, [stop_again_and_again]
            )
            result.counts, result.checks = await settle_and_reckon(
                storage, nats_url, tally, timeout=sizes.settle_timeout
            )
            services = [flow.incidents, *flow.consumers]
            restarted = sum(p.starts - 1 + p.kills for p in services)
            alive = all(p.process is not None and p.process.exit_code() is None for p in services)
        result.counts = {
            "database_stops": cluster.stops,
            "service_restarts": restarted,
        } | result.counts
        result.checks["503 answered while the database was down"] = (
            tally.statuses["503"] > 0 or cluster.stops == 0
        )
        result.checks["services recovered without a restart"] = restarted == 0 and alive
    finally:
        await asyncio.to_thread(cluster.remove)
    return result
