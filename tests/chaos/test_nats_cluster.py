"""The nats-cluster case at its smallest: a three-node cluster, one node killed, real processes."""

from __future__ import annotations

from pathlib import Path

from chaos.cases import nats_cluster
from chaos.sizes import Sizes

SMALLEST = Sizes(incidents=60, concurrency=4, kill_every=0.2, down_for=0.2, kills=1)


class TestNatsCluster:
    async def test_every_committed_incident_is_applied_once_through_a_node_kill(
        self, tmp_path: Path
    ) -> None:
        result = await nats_cluster.run(tmp_path, SMALLEST)

        assert result.passed, result.as_dict()
        assert sum(result.counts["node_kills"].values()) == 1
        assert result.counts["committed"] == 60
        assert result.counts["briefings"]["applied"] == 60
        assert result.counts["country-teams"]["applied"] == 60
