"""kill -9 a node of a three-node NATS cluster during an ingest: the services connect to the
cluster through all three seeds, every stream is replicated on the three nodes (R3), and the node
leading the incidents stream is killed every few seconds and restarted on its ports and store.
Afterwards every committed incident must have been applied exactly once by every consumer."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import nats.errors
from pdp_common.testing.nats_cluster import ClusterNode, cluster_layout, meta_leader

from chaos import counts
from chaos.platform import Storage, stop_all
from chaos.processes import Restartable
from chaos.reckoning import settle_and_reckon
from chaos.results import CaseResult
from chaos.scenario import Pace, incident_flow, ingest_under_fire
from chaos.sizes import Sizes

NAME = "nats-cluster"
SIZES = Sizes(incidents=3000, concurrency=8, kill_every=3.0, down_for=2.0, kills=6)
STREAM = "PDP_INCIDENTS"
QUORUM_TIMEOUT = 30.0


def cluster_brokers(work: Path) -> tuple[list[ClusterNode], list[Restartable]]:
    """Return three cluster nodes (not yet started) with stores under ``work``, as processes."""
    nodes = cluster_layout(work / "nats", 3, prefix="chaos")
    brokers = [
        Restartable(
            node.name,
            node.command(node.write_config()),
            env={},
            log_dir=work / "logs",
            ready_url=f"{node.health_url}?js-enabled-only=true",
        )
        for node in nodes
    ]
    return nodes, brokers


async def wait_quorum(nodes: list[ClusterNode]) -> str:
    """Wait until the running nodes agree on a JetStream meta leader; return its name."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + QUORUM_TIMEOUT
    while loop.time() < deadline:
        leader = await asyncio.to_thread(meta_leader, nodes)
        if leader is not None:
            return leader
        await asyncio.sleep(0.2)
    raise RuntimeError(f"no JetStream meta leader within {QUORUM_TIMEOUT:.0f} s")


async def stream_leader(nats_url: str) -> str | None:
    """Return the name of the node leading the incidents stream, None if none answers."""
    try:
        nc = await counts.connect(nats_url)
    except (nats.errors.Error, OSError, TimeoutError):  # between leaders: pick another node
        return None
    try:
        info = await nc.jetstream(timeout=2.0).stream_info(STREAM)
        return info.cluster.leader if info.cluster else None
    except (nats.errors.Error, TimeoutError):
        return None
    finally:
        await nc.close()


class LeaderKiller:
    """At each blow, SIGKILL the node leading the incidents stream (or, when no leader answers,
    the next node in turn), leave it down, restart it and wait for the cluster's quorum."""

    def __init__(self, nodes: list[ClusterNode], brokers: list[Restartable], nats_url: str) -> None:
        self.nodes = nodes
        self.brokers = brokers
        self.nats_url = nats_url
        self.killed: Counter[str] = Counter()
        self.leaders_killed = 0
        self._turn = 0

    async def _target(self) -> int:
        names = [node.name for node in self.nodes]
        leader = await stream_leader(self.nats_url)
        if leader in names:
            self.leaders_killed += 1
            return names.index(leader)
        self._turn = (self._turn + 1) % len(names)
        return self._turn

    async def run(self, pace: Pace, *, down_for: float, kills: int) -> None:
        """Strike ``kills`` times at most, at ``pace``."""
        for _ in range(kills):
            if not await pace.next_blow():
                return
            index = await self._target()
            self.brokers[index].kill()
            self.killed[self.nodes[index].name] += 1
            await asyncio.sleep(down_for)
            await self.brokers[index].start()
            await wait_quorum(self.nodes)


async def run(work: Path, sizes: Sizes) -> CaseResult:
    """Ingest incidents while cluster nodes are killed and restarted; count what arrived where."""
    result = CaseResult(NAME, sizes.as_dict())
    nodes, brokers = cluster_brokers(work)
    nats_url = ",".join(node.url for node in nodes)
    storage = Storage.sqlite_under(work)
    try:
        for broker in brokers:
            await broker.start()
        await wait_quorum(nodes)
        async with incident_flow(
            work, storage, nats_url=nats_url, brokers=[], settings={"STREAM_REPLICAS": "3"}
        ) as flow:
            killer = LeaderKiller(nodes, brokers, nats_url)
            tally = await ingest_under_fire(
                flow.ingest(sizes),
                sizes.kill_every,
                [lambda pace: killer.run(pace, down_for=sizes.down_for, kills=sizes.kills)],
            )
            result.counts, result.checks = await settle_and_reckon(
                storage, nats_url, tally, timeout=sizes.settle_timeout
            )
            replicas = await stream_replicas(nats_url)
    finally:
        stop_all(brokers)
    result.counts = {
        "node_kills": sum(killer.killed.values()),
        "kills_per_node": dict(sorted(killer.killed.items())),
        "stream_leader_kills": killer.leaders_killed,
        "stream_replicas": replicas,
    } | result.counts
    result.checks["incidents stream replicated on three nodes"] = replicas == 3
    return result


async def stream_replicas(nats_url: str) -> int:
    """Return the configured replica count of the incidents stream."""
    nc = await counts.connect(nats_url)
    try:
        info = await nc.jetstream().stream_info(STREAM)
        return int(info.config.num_replicas or 1)
    finally:
        await nc.close()
