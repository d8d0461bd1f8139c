"""kill -9 one of two replicas of a consuming service during an ingest: two country-teams
processes share one database and one durable consumer (the broker spreads the messages between
their pull subscriptions); one of them is killed and restarted again and again. Nothing may be
lost, and the shared inbox must keep an event that both replicas receive from being applied
twice."""

from __future__ import annotations

from pathlib import Path

from chaos.platform import COUNTRY_TEAMS, Storage
from chaos.reckoning import settle_and_reckon
from chaos.results import CaseResult
from chaos.scenario import Pace, incident_flow, ingest_under_fire, keep_killing, single_broker
from chaos.sizes import Sizes

NAME = "replica-kill"
SIZES = Sizes(incidents=1500, concurrency=8, kill_every=2.0, down_for=0.5, kills=10)


async def run(work: Path, sizes: Sizes) -> CaseResult:
    """Ingest incidents while one of two country-teams replicas is killed; count the outcome."""
    result = CaseResult(NAME, sizes.as_dict())
    broker, nats_url = single_broker(work)
    storage = Storage.sqlite_under(work)
    async with incident_flow(work, storage, nats_url=nats_url, brokers=[broker]) as flow:
        second = flow.services.process(COUNTRY_TEAMS, replica=1)
        try:
            await second.start()

            async def killer(pace: Pace) -> None:
                await keep_killing(second, pace, down_for=sizes.down_for, kills=sizes.kills)

            tally = await ingest_under_fire(flow.ingest(sizes), sizes.kill_every, [killer])
            result.counts, result.checks = await settle_and_reckon(
                storage, nats_url, tally, timeout=sizes.settle_timeout
            )
        finally:
            second.stop()
    result.counts = {"replica_kills": second.kills} | result.counts
    return result
