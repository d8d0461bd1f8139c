"""kill -9 the incidents service during writes, many times: rows it committed but had not yet
published stay in its outbox, and the relay of the restarted process must publish each of them
once. Clients retry with their Idempotency-Key, so a write whose answer was lost is not doubled."""

from __future__ import annotations

from pathlib import Path

from chaos import counts
from chaos.platform import Storage
from chaos.reckoning import settle_and_reckon
from chaos.results import CaseResult
from chaos.scenario import Pace, incident_flow, ingest_under_fire, keep_killing, single_broker
from chaos.sizes import Sizes

NAME = "producer-kill"
SIZES = Sizes(incidents=1000, concurrency=8, kill_every=3.0, down_for=0.5, kills=6)


async def run(work: Path, sizes: Sizes) -> CaseResult:
    """Ingest incidents while the incidents service is killed and restarted; count the outcome."""
    result = CaseResult(NAME, sizes.as_dict())
    broker, nats_url = single_broker(work)
    storage = Storage.sqlite_under(work)
    left_at_kill: list[int] = []

    async def count_outbox() -> None:
        left_at_kill.append(await counts.outbox_left(storage))

    async with incident_flow(work, storage, nats_url=nats_url, brokers=[broker]) as flow:

        async def killer(pace: Pace) -> None:
            await keep_killing(
                flow.incidents,
                pace,
                down_for=sizes.down_for,
                kills=sizes.kills,
                before_restart=count_outbox,
            )

        tally = await ingest_under_fire(flow.ingest(sizes), sizes.kill_every, [killer])
        result.counts, result.checks = await settle_and_reckon(
            storage, nats_url, tally, timeout=sizes.settle_timeout
        )
    result.counts = {
        "service_kills": flow.incidents.kills,
        "kills_with_unpublished_rows": sum(1 for n in left_at_kill if n),
        "unpublished_rows_at_kills": sum(left_at_kill),
    } | result.counts
    return result
