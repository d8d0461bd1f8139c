import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.discovery import UnknownBenchmarkError, discover, load, select


@pytest.fixture
def bench_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    package = tmp_path / "fakebench"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "alpha_bench.py").write_text("async def run(ctx):\n    return []\n")
    (package / "beta_bench.py").write_text("def run(ctx):\n    return []\n")
    (package / "gamma_bench.py").write_text("VALUE = 1\n")
    (package / "helpers.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [m for m in sys.modules if m.startswith("fakebench")]:
        del sys.modules[name]


class TestDiscover:
    def test_finds_bench_modules_only(self, bench_package: Path) -> None:
        assert discover(bench_package) == ["alpha", "beta", "gamma"]

    def test_finds_the_repository_benchmarks(self) -> None:
        from bench.runner import BENCH_DIR

        assert "backbone" in discover(BENCH_DIR)


class TestSelect:
    def test_all_when_none_named(self) -> None:
        assert select(["a", "b"], []) == ["a", "b"]

    def test_named_in_order_without_duplicates(self) -> None:
        assert select(["a", "b", "c"], ["c", "a", "c"]) == ["c", "a"]

    def test_unknown_name_is_refused(self) -> None:
        with pytest.raises(UnknownBenchmarkError, match="no benchmark named zeta; available: a, b"):
            select(["a", "b"], ["zeta"])


class TestLoad:
    def test_returns_the_run_coroutine(self, bench_package: Path) -> None:
        run = load("alpha", package="fakebench")
        assert run.__name__ == "run"

    def test_refuses_a_plain_function(self, bench_package: Path) -> None:
        with pytest.raises(TypeError, match="async def run"):
            load("beta", package="fakebench")

    def test_refuses_a_module_without_run(self, bench_package: Path) -> None:
        with pytest.raises(TypeError, match="async def run"):
            load("gamma", package="fakebench")
