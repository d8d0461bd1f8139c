import cProfile
from pathlib import Path

from bench.harness import Result
from bench.service_reads.incidents_cache import DATA_VERSION, IncidentsCache, migrations_fingerprint
from bench.service_reads.kinds import floors, reads, writes
from bench.service_reads.load import LoadReport
from bench.service_reads.profiles import package_of, summary
from bench.service_reads_bench import with_ratio_to_floor


class TestPackageOf:
    def test_names_the_package_of_a_file(self) -> None:
        site = "/x/.venv/lib/python3.11/site-packages/sqlalchemy/orm/loading.py"
        assert package_of(site) == "sqlalchemy"
        assert package_of("/repo/services/incidents/src/incidents/rows.py") == "incidents"
        assert package_of("~") == "(built-in)"
        assert package_of("/usr/lib/python3.11/json/decoder.py") == "(stdlib)"


class TestSummary:
    def test_shows_own_time_by_package_and_the_functions(self, tmp_path: Path) -> None:
        profile = cProfile.Profile()
        profile.enable()
        sorted(str(n) for n in range(20_000))
        profile.disable()
        path = tmp_path / "kind.prof"
        profile.dump_stats(path)
        text = summary(path, 10)
        assert text.startswith("10 requests")
        assert "own ms/request" in text
        assert "(built-in)" in text


class TestKinds:
    def test_reads_carry_the_issue_budgets(self) -> None:
        ids = {
            name: ["a"]
            for name in ("incidents", "organizations", "country-teams", "activities", "briefings")
        }
        budgets = {kind.name: kind.cpu_ms_limit for kind in reads(ids)}
        assert budgets["incidents.read"] == 0.5
        assert budgets["incidents.list"] == 1.5
        assert budgets["briefings.read"] == 1.0
        assert budgets["activities.list"] == 3.0

    def test_writes_have_no_budget_and_updates_edit_their_own_record(self) -> None:
        create, update = writes(["/api/v1/incidents/x"], 5)
        assert create.target is None
        assert update.target is None
        assert update.edits_own_record
        assert len(create.bodies) == 5
        assert len({body["title"] for body in create.bodies}) == 5


class TestLoadReport:
    def test_rate(self) -> None:
        report = LoadReport(count=50, failed=0, seconds=2.0, p50_ms=1, p99_ms=2, statuses={})
        assert report.per_s == 25


class TestCacheKey:
    def test_other_versions_and_migrations_are_stale(self, tmp_path: Path) -> None:
        cache = IncidentsCache(tmp_path)
        current = f"incidents_{cache.key(1000)}.db"
        assert cache.key(1000) == f"v{DATA_VERSION}_1000_{migrations_fingerprint()}"
        assert not cache.is_stale(current)
        assert cache.is_stale(f"incidents_v{DATA_VERSION + 1}_1000_{migrations_fingerprint()}.db")
        assert cache.is_stale(f"incidents_v{DATA_VERSION}_1000_0000000000.db")


class TestFloors:
    def test_floors_go_direct_only_and_have_no_budget(self) -> None:
        kinds = floors()
        assert [kind.name for kind in kinds] == ["floor.bare", "floor.platform", "floor.session"]
        assert all(not kind.through_gateway and kind.target is None for kind in kinds)


class TestRatioToFloor:
    def test_each_service_figure_is_divided_by_the_session_floor(self) -> None:
        results = [
            Result("floor.bare.direct", "sqlite", {"cpu_ms": 0.1}),
            Result("floor.session.direct", "sqlite", {"cpu_ms": 0.5}),
            Result("incidents.read.direct", "sqlite", {"cpu_ms": 1.5}),
            Result("incidents.read.gateway", "sqlite", {"cpu_ms": 2.0}),
        ]
        ratios = {r.name: r.values.get("ratio_to_floor") for r in with_ratio_to_floor(results)}
        assert ratios == {
            "floor.bare.direct": None,
            "floor.session.direct": None,
            "incidents.read.direct": 3.0,
            "incidents.read.gateway": 4.0,
        }
