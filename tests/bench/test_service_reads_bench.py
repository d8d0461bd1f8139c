import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from pdp_common.testing.nats_server import NatsServer

from bench.discovery import discover
from bench.harness import BenchContext
from bench.runner import BENCH_DIR
from bench.service_reads.incidents_cache import IncidentsCache
from bench.service_reads_bench import Plan, run_plan

KINDS = {
    "incidents.read", "incidents.list", "organizations.read", "organizations.list",
    "country_teams.read", "country_teams.list", "activities.read", "activities.list",
    "briefings.read", "briefings.list", "incidents.create", "incidents.update",
}  # fmt: skip
FLOORS = {"floor.bare", "floor.platform", "floor.session"}


@pytest_asyncio.fixture
async def cache(tmp_path: Path) -> AsyncIterator[IncidentsCache]:
    kept = IncidentsCache(tmp_path / "cache", prefix=f"pdp_bench_test_cache_{os.getpid()}")
    yield kept
    await kept.drop()


def _context(tmp_path: Path, nats_server: NatsServer, backend: str) -> BenchContext:
    # Profiles on one backend only: the profiling code does not depend on the database.
    return BenchContext(
        nats_server=nats_server,
        work_dir=tmp_path / "work",
        results_dir=tmp_path / "results",
        quick=True,
        backends=(backend,),
        profile=backend == "sqlite",
    )


class TestDiscovery:
    def test_the_runner_finds_it(self) -> None:
        assert "service_reads" in discover(BENCH_DIR)


class TestSmallestRun:
    @pytest.mark.timeout(600)
    async def test_every_kind_direct_and_through_the_gateway(
        self,
        db_backend: str,
        tmp_path: Path,
        nats_url: str,
        nats_server: NatsServer,
        cache: IncidentsCache,
    ) -> None:
        ctx = _context(tmp_path, nats_server, db_backend)
        plan = Plan(incidents=300, requests=20, warm_up=4, records=3, cache=cache, concurrency=4)
        results = await run_plan(ctx, plan)
        names = {r.name for r in results}
        routes = {f"{kind}.{route}" for kind in KINDS for route in ("direct", "gateway")}
        assert names == routes | {f"{floor}.direct" for floor in FLOORS}
        for result in results:
            assert result.backend == db_backend
            assert result.values["requests"] == 20
            assert result.values["failed"] == 0
            assert "cpu_ms" in result.values
            assert ("pg_cpu_ms" in result.values) == (db_backend == "postgres")
        for result in results:
            assert ("ratio_to_floor" in result.values) == (result.name in routes)
        gateway = next(r for r in results if r.name == "incidents.read.gateway")
        assert {"gateway_cpu_ms", "gateway_ratio"} <= set(gateway.values)
        assert gateway.met is not None
        read = next(r for r in results if r.name == "incidents.read.direct")
        assert read.target is not None
        assert read.target.describe() == "cpu_ms <= 0.5"
        profiles = tmp_path / "results" / "profiles" / db_backend
        if ctx.profile:
            assert {p.stem for p in profiles.glob("*.prof")} == KINDS | FLOORS
            assert "read_incident" in (profiles / "incidents.read.txt").read_text()
        else:
            assert not profiles.exists()

    async def test_a_kept_database_is_copied_not_seeded_again(
        self, tmp_path: Path, cache: IncidentsCache
    ) -> None:
        first = await cache.sqlite_copy(200, tmp_path / "one" / "incidents.db")
        kept = list((tmp_path / "cache").glob("incidents_*.db"))
        second = await cache.sqlite_copy(200, tmp_path / "two" / "incidents.db")
        assert first != second
        assert list((tmp_path / "cache").glob("incidents_*.db")) == kept
        assert (tmp_path / "two" / "incidents.db").stat().st_size == kept[0].stat().st_size
