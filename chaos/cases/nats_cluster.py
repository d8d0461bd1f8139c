"""kill -9 a node of a three-node NATS cluster during an ingest: the services are given all three
nodes as seeds and their streams are replicated on every node (``stream_replicas=3``); the node
the incidents service is connected to is killed and restarted on its ports and store, again and
again, while thousands of incidents are written. Nothing may be lost or applied twice, and the
services must carry on through another node: each service's readiness names the node it is
connected to, and a change of node counts as a failover."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
from pdp_common.testing.nats_cluster import ClusterNode, cluster_layout

from chaos.platform import INCIDENTS, Storage, base_url
from chaos.processes import NATS_CONFIG, Restartable
from chaos.reckoning import settle_and_reckon
from chaos.results import CaseResult
from chaos.scenario import Flow, Pace, incident_flow, ingest_under_fire
from chaos.sizes import Sizes

NAME = "nats-cluster"
SIZES = Sizes(incidents=2000, concurrency=8, kill_every=4.0, down_for=2.0, kills=6)
WATCH_SECONDS = 0.2


def cluster_nodes(work: Path) -> dict[str, Restartable]:
    """Return the three nodes (not yet started) as restartable processes by client URL."""
    return {node.url: _node(work, node) for node in cluster_layout(work / "nats")}


def _node(work: Path, node: ClusterNode) -> Restartable:
    return Restartable(
        node.name,
        node.command(NATS_CONFIG),
        env={},
        log_dir=work / "logs",
        ready_url=node.health_url,
    )


async def kill_in_turn(
    nodes: dict[str, Restartable],
    pace: Pace,
    watch: FailoverWatch,
    *,
    down_for: float,
    kills: int,
) -> None:
    """At ``pace``, ``kills`` times at most: SIGKILL the node the incidents service is connected
    to (the next node in turn if it is not known), leave it down for ``down_for`` seconds, and
    restart it (ready once its JetStream is current again)."""
    for blow in range(kills):
        if not await pace.next_blow():
            return
        in_turn = list(nodes.values())[blow % len(nodes)]
        node = nodes.get(watch.server_of(INCIDENTS.name) or "", in_turn)
        node.kill()
        await asyncio.sleep(down_for)
        await node.start()


class FailoverWatch:
    """Polls each service's readiness and counts when the node it is connected to changes."""

    def __init__(self, flow: Flow) -> None:
        self._services = {
            p.name: base_url(p) + "/readyz" for p in [flow.incidents, *flow.consumers]
        }
        self._last: dict[str, str] = {}
        self.failovers: Counter[str] = Counter()
        self.disconnected_seen: Counter[str] = Counter()
        self.servers: dict[str, set[str]] = {name: set() for name in self._services}

    async def run(self, done: asyncio.Event) -> None:
        """Poll until ``done`` is set."""
        async with httpx.AsyncClient(timeout=2.0) as client:
            while not done.is_set():
                for name, url in self._services.items():
                    await self._look(client, name, url)
                try:
                    await asyncio.wait_for(done.wait(), WATCH_SECONDS)
                except TimeoutError:
                    continue

    async def _look(self, client: httpx.AsyncClient, name: str, url: str) -> None:
        try:
            server = (await client.get(url)).json().get("nats", {}).get("server")
        except (httpx.HTTPError, ValueError):
            return
        if server is None:
            self.disconnected_seen[name] += 1
            return
        self.servers[name].add(server)
        if self._last.get(name, server) != server:
            self.failovers[name] += 1
        self._last[name] = server

    def server_of(self, service: str) -> str | None:
        """Return the node ``service`` was last seen connected to."""
        return self._last.get(service)

    def as_dict(self) -> dict[str, object]:
        """Return the counts as plain JSON values."""
        return {
            "failovers": dict(sorted(self.failovers.items())),
            "disconnected_readiness_polls": dict(sorted(self.disconnected_seen.items())),
            "nodes_used": {name: len(seen) for name, seen in sorted(self.servers.items())},
        }


async def run(work: Path, sizes: Sizes) -> CaseResult:
    """Ingest incidents while cluster nodes are killed in turn; count the outcome."""
    result = CaseResult(NAME, sizes.as_dict())
    nodes = cluster_nodes(work)
    seeds = ",".join(nodes)
    storage = Storage.sqlite_under(work)
    settings = {"STREAM_REPLICAS": "3"}
    async with incident_flow(
        work, storage, nats_url=seeds, brokers=list(nodes.values()), settings=settings
    ) as flow:
        watch = FailoverWatch(flow)
        done = asyncio.Event()
        watching = asyncio.create_task(watch.run(done))
        try:
            tally = await ingest_under_fire(
                flow.ingest(sizes),
                sizes.kill_every,
                [
                    lambda pace: kill_in_turn(
                        nodes, pace, watch, down_for=sizes.down_for, kills=sizes.kills
                    )
                ],
            )
        finally:
            done.set()
            await watching
        result.counts, result.checks = await settle_and_reckon(
            storage, seeds, tally, timeout=sizes.settle_timeout
        )
    failovers = sum(watch.failovers.values())
    result.counts = {
        "node_kills": {node.name: node.kills for node in nodes.values()},
        **watch.as_dict(),
    } | result.counts
    result.checks["services moved to another node"] = failovers > 0 or not any(
        node.kills for node in nodes.values()
    )
    return result
