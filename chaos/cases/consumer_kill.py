"""kill -9 the consumers during an ingest, many times: events a consumer applied (its inbox and
read model committed) but had not yet acknowledged are delivered again after the restart, and the
inbox must keep them from being applied twice; events it had not applied must not be lost."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

from chaos import counts
from chaos.platform import CONSUMERS, Storage
from chaos.processes import Restartable
from chaos.reckoning import settle_and_reckon
from chaos.results import CaseResult
from chaos.scenario import Pace, incident_flow, ingest_under_fire, single_broker
from chaos.sizes import Sizes

NAME = "consumer-kill"
SIZES = Sizes(incidents=1500, concurrency=8, kill_every=2.0, down_for=0.5, kills=10)


async def run(work: Path, sizes: Sizes) -> CaseResult:
    """Ingest incidents while the two consumers are killed in turn; count the outcome."""
    result = CaseResult(NAME, sizes.as_dict())
    broker, nats_url = single_broker(work)
    storage = Storage.sqlite_under(work)
    unacked: list[int] = []

    async def kill_in_turn(processes: list[Restartable], pace: Pace) -> None:
        turns = itertools.cycle(zip(processes, CONSUMERS, strict=True))
        for process, kind in itertools.islice(turns, sizes.kills):
            if not await pace.next_blow():
                return
            assert kind.durable
            process.kill()
            applied = len((await counts.applied(storage, kind)).inbox)
            unacked.append(max(0, applied - await counts.acked(nats_url, kind.durable)))
            await asyncio.sleep(sizes.down_for)
            await process.start()

    async with incident_flow(work, storage, nats_url=nats_url, brokers=[broker]) as flow:
        tally = await ingest_under_fire(
            flow.ingest(sizes), sizes.kill_every, [lambda pace: kill_in_turn(flow.consumers, pace)]
        )
        result.counts, result.checks = await settle_and_reckon(
            storage, nats_url, tally, timeout=sizes.settle_timeout
        )
    result.counts = {
        "consumer_kills": sum(p.kills for p in flow.consumers),
        "kills_with_applied_unacked": sum(1 for n in unacked if n),
        "applied_unacked_at_kills": sum(unacked),
    } | result.counts
    return result
