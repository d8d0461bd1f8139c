"""The nats-cluster case at its smallest: a node of a real three-node cluster killed once."""

from __future__ import annotations

from pathlib import Path

from chaos.cases import nats_cluster
from chaos.sizes import Sizes

SMALLEST = Sizes(incidents=60, concurrency=4, kill_every=0.2, down_for=0.5, kills=1)


class TestNatsCluster:
    async def test_every_committed_incident_is_applied_once_by_every_consumer(
        self, tmp_path: Path
    ) -> None:
        result = await nats_cluster.run(tmp_path, SMALLEST)

        assert result.passed, result.as_dict()
        assert result.counts["node_kills"] == 1
        assert result.counts["stream_leader_kills"] == 1
        assert result.counts["stream_replicas"] == 3
        assert result.counts["committed"] == 60
        assert result.counts["briefings"]["applied"] == 60
        assert result.counts["country-teams"]["applied"] == 60
