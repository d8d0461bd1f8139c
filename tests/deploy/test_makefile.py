"""The Makefile's targets, as `make --dry-run` plans them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")


def _plan(target: str, path: str | None = None, uv: str | None = None, *extra: str) -> str:
    env = {"PATH": path or "/usr/local/bin:/usr/bin:/bin", "HOME": "/nonexistent"}
    arguments = ["make", "--dry-run", "--no-print-directory", target, *extra]
    if uv:
        arguments.append(f"UV={uv}")
    result = subprocess.run(
        arguments, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


class TestInstall:
    def test_bootstraps_uv_into_tools_when_missing(self, tmp_path: Path) -> None:
        python = shutil.which("python3")
        assert python is not None
        (tmp_path / "python3").symlink_to(python)
        if shutil.which("uv", path="/usr/bin:/bin"):
            pytest.skip("a system-wide uv is installed")
        tools = tmp_path / "tools"  # not the checkout's .tools/, which an earlier run may have made
        plan = _plan("install", f"{tmp_path}:/usr/bin:/bin", None, f"TOOLS_DIR={tools}")
        assert "pip install" in plan
        assert f"{tools}/bin/uv sync --frozen --all-packages" in plan

    def test_uses_the_given_uv(self) -> None:
        plan = _plan("install", uv="/opt/uv/bin/uv")
        assert plan.strip().splitlines() == ["/opt/uv/bin/uv sync --frozen --all-packages"]


class TestTargets:
    def test_run_starts_the_supervisor(self) -> None:
        assert "run --frozen python deploy/local/supervisor.py" in _plan("run", uv="uv")

    def test_test_runs_pytest_on_two_workers(self) -> None:
        assert "run --frozen pytest -n 2 --durations=15" in _plan("test", uv="uv")

    def test_lint_checks_style_format_and_types(self) -> None:
        plan = _plan("lint", uv="uv")
        assert "ruff check ." in plan
        assert "ruff format --check ." in plan
        assert "mypy shared/src gateway/src services/" in plan
        assert "deploy tests bench chaos" in plan

    def test_bench_runs_the_harness(self) -> None:
        assert "run --frozen python -m bench" in _plan("bench", uv="uv")

    def test_chaos_runs_the_fault_injection_suite(self) -> None:
        assert "run --frozen python -m chaos" in _plan("chaos", uv="uv")

    def test_up_creates_the_secrets_file_first(self, tmp_path: Path) -> None:
        secrets = tmp_path / "compose.env"
        lines = _plan("up", None, "uv", f"COMPOSE_ENV={secrets}").splitlines()
        assert f"-m deploy.local.compose_env {secrets}" in lines[0]
        assert any(f"--env-file {secrets}" in line and "up --build" in line for line in lines)
