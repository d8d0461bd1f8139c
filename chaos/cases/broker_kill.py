"""kill -9 the broker during an ingest: nats-server (JetStream, file store) is killed every few
seconds and restarted on the same port and store while thousands of incidents are written.
Afterwards every committed incident must have been applied exactly once by every consumer."""

from __future__ import annotations

from pathlib import Path

from chaos.platform import Storage
from chaos.reckoning import settle_and_reckon
from chaos.results import CaseResult
from chaos.scenario import incident_flow, ingest_under_fire, keep_killing, single_broker
from chaos.sizes import Sizes

NAME = "broker-kill"
SIZES = Sizes(incidents=1500, concurrency=8, kill_every=3.0, down_for=1.0, kills=10)


async def run(work: Path, sizes: Sizes) -> CaseResult:
    """Ingest incidents while the broker is killed and restarted; count what arrived where."""
    result = CaseResult(NAME, sizes.as_dict())
    broker, nats_url = single_broker(work)
    storage = Storage.sqlite_under(work)
    async with incident_flow(work, storage, nats_url=nats_url, brokers=[broker]) as flow:
        tally = await ingest_under_fire(
            flow.ingest(sizes),
            sizes.kill_every,
            [lambda pace: keep_killing(broker, pace, down_for=sizes.down_for, kills=sizes.kills)],
        )
        result.counts, result.checks = await settle_and_reckon(
            storage, nats_url, tally, timeout=sizes.settle_timeout
        )
        result.counts = {"broker_kills": broker.kills} | result.counts
    return result
