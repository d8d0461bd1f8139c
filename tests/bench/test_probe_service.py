from pathlib import Path

from pdp_common.testing.databases import DatabaseTarget

from bench.backbone.running import probe_service


class TestProbeService:
    async def test_written_probes_are_applied_once_by_the_consumer(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with probe_service(database, nats_url, tmp_path) as service:
            direct, http = service.take(2)
            await service.writer("db")(direct)
            await service.writer("http")(http)
            assert await service.drain(within=30)
            assert sorted(service.clock.applied) == [direct, http]
            assert len(service.clock.latencies_ms(range(direct, http + 1))) == 2
