"""The cases of the suite, one module each, in the order a run takes them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from chaos.cases import (
    broker_kill,
    consumer_kill,
    nats_cluster,
    postgres_stop,
    producer_kill,
    replica_kill,
)
from chaos.results import CaseResult
from chaos.sizes import Sizes

Case = Callable[[Path, Sizes], Awaitable[CaseResult]]
CASES: dict[str, tuple[Case, Sizes]] = {
    broker_kill.NAME: (broker_kill.run, broker_kill.SIZES),
    producer_kill.NAME: (producer_kill.run, producer_kill.SIZES),
    consumer_kill.NAME: (consumer_kill.run, consumer_kill.SIZES),
    replica_kill.NAME: (replica_kill.run, replica_kill.SIZES),
    postgres_stop.NAME: (postgres_stop.run, postgres_stop.SIZES),
    nats_cluster.NAME: (nats_cluster.run, nats_cluster.SIZES),
}
