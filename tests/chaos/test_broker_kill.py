"""The broker-kill case at its smallest: the suite's code runs end to end with real processes."""

from __future__ import annotations

from pathlib import Path

from chaos.cases import broker_kill
from chaos.sizes import Sizes

SMALLEST = Sizes(incidents=60, concurrency=4, kill_every=0.2, down_for=0.2, kills=1)


class TestBrokerKill:
    async def test_every_committed_incident_is_applied_once_by_every_consumer(
        self, tmp_path: Path
    ) -> None:
        result = await broker_kill.run(tmp_path, SMALLEST)

        assert result.passed, result.as_dict()
        assert result.counts["broker_kills"] == 1
        assert result.counts["committed"] == 60
        assert result.counts["briefings"]["applied"] == 60
        assert result.counts["country-teams"]["applied"] == 60
