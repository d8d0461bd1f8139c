from pathlib import Path

import asyncpg
import pytest
from pdp_common.testing.databases import postgres_admin_url
from pdp_common.testing.nats_server import NatsServer
from sqlalchemy.engine import make_url

from bench.__main__ import parse_args
from bench.environment import collect_environment, package_versions
from bench.harness import BenchContext


class TestParseArgs:
    def test_defaults(self) -> None:
        args = parse_args([])
        assert args.names == []
        assert args.repeat == 3
        assert args.quick is False
        assert args.backends == ("sqlite", "postgres")

    def test_names_repeat_quick_backends(self) -> None:
        args = parse_args(
            ["backbone", "gateway", "--repeat", "5", "--quick", "--backends", "sqlite"]
        )
        assert args.names == ["backbone", "gateway"]
        assert args.repeat == 5
        assert args.quick is True
        assert args.backends == ("sqlite",)

    @pytest.mark.parametrize(
        "argv", [["--repeat", "0"], ["--backends", "oracle"], ["--backends", ""]]
    )
    def test_refuses_bad_values(self, argv: list[str]) -> None:
        with pytest.raises(SystemExit):
            parse_args(argv)


def _context(tmp_path: Path, *, quick: bool) -> BenchContext:
    return BenchContext(
        nats_server=NatsServer(),
        work_dir=tmp_path / "work",
        results_dir=tmp_path / "results",
        quick=quick,
    )


class TestBenchContext:
    def test_pick(self, tmp_path: Path) -> None:
        assert _context(tmp_path, quick=False).pick(10.0, 1.0) == 10.0
        assert _context(tmp_path, quick=True).pick(10.0, 1.0) == 1.0

    async def test_sqlite_database_is_a_fresh_file_per_block(self, tmp_path: Path) -> None:
        ctx = _context(tmp_path, quick=True)
        async with (
            ctx.database("sqlite", "My Bench") as first,
            ctx.database("sqlite", "My Bench") as second,
        ):
            assert first.backend == "sqlite"
            assert first.url.startswith("sqlite+aiosqlite:///")
            assert first.url != second.url
            assert first.schema is None
            assert Path(first.url.removeprefix("sqlite+aiosqlite:///")).parent.is_dir()

    async def test_unknown_backend_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(ValueError, match="unknown backend"):
            async with _context(tmp_path, quick=True).database("oracle", "x"):
                pass


class TestEnvironment:
    def test_describes_machine_software_and_commit(self, tmp_path: Path) -> None:
        env = collect_environment(Path(__file__).resolve().parents[2], tmp_path)
        assert env["cpu_count"] >= 1
        assert env["cpu_probe_ms"] > 0
        assert len(env["load_average"]) == 3
        assert env["fsync_ms"] >= 0
        assert env["python"].startswith("3.")
        assert env["packages"]["sqlalchemy"] != "missing"
        assert "nats-server" in (env["nats_server"] or "")
        assert len(env["git"]["commit"]) == 40
        assert list(tmp_path.iterdir()) == []

    def test_missing_package(self) -> None:
        assert package_versions(("no-such-package-pdp",)) == {"no-such-package-pdp": "missing"}


class TestPostgresDatabase:
    async def test_created_for_the_block_and_dropped_after(self, tmp_path: Path) -> None:
        ctx = _context(tmp_path, quick=True)
        async with ctx.database("postgres", "backbone") as target:
            assert target.backend == "postgres"
            assert target.schema == "backbone"
            name = make_url(target.url).database
            assert name is not None
            assert name in await _databases()
        assert name not in await _databases()


async def _databases() -> set[str]:
    conn = await asyncpg.connect(
        make_url(postgres_admin_url()).set(drivername="postgresql").render_as_string(False)
    )
    try:
        return {row["datname"] for row in await conn.fetch("SELECT datname FROM pg_database")}
    finally:
        await conn.close()
