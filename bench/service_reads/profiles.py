"""Profiles of a service process per request kind: a cProfile profile taken around one load (the
process runs under ``bench.service_reads.profiler``), kept as ``<kind>.prof`` (pstats; open it
with ``python -m pstats`` or snakeviz) and summarized as ``<kind>.txt``: the functions with the
most time of their own, then the most time including their callees."""

from __future__ import annotations

import asyncio
import io
import pstats
import signal
import time
from pathlib import Path
from typing import Any

from bench.service_reads.load import LoadSpec, run_load
from bench.service_reads.processes import Running

WAIT_SECONDS = 30.0
SHOWN = 35


def package_of(filename: str) -> str:
    """Return the package a profiled function belongs to, from its file name."""
    if filename.startswith("~") or filename.startswith("<"):
        return "(built-in)"
    parts = Path(filename).parts
    for marker in ("site-packages", "src"):
        if marker in parts and parts.index(marker) + 1 < len(parts):
            return parts[parts.index(marker) + 1].removesuffix(".py")
    return "(stdlib)" if "python3" in filename else Path(filename).parent.name


def by_package(stats: pstats.Stats, requests: int) -> str:
    """Return each package's own time per request, largest first (all functions counted)."""
    own: dict[str, float] = {}
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, total_time, *_) in raw.items():
        package = package_of(filename)
        own[package] = own.get(package, 0.0) + total_time
    lines = [f"{'package':<24} {'own ms/request':>15}"]
    for package, seconds in sorted(own.items(), key=lambda item: -item[1]):
        lines.append(f"{package:<24} {seconds / max(requests, 1) * 1000:>15.3f}")
    return "\n".join(lines) + "\n\n"


def summary(profile: Path, requests: int) -> str:
    """Return the text summary of a pstats file of ``requests`` requests."""
    out = io.StringIO()
    stats = pstats.Stats(str(profile), stream=out)
    out.write(f"{requests} requests; cProfile adds its own overhead to every call, and counts\n")
    out.write("each resumption of a coroutine as a call (cumulative times of async code span\n")
    out.write("its awaits: read the time of its own)\n\n")
    out.write(by_package(stats, requests))
    stats.strip_dirs().sort_stats(pstats.SortKey.TIME).print_stats(SHOWN)
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(SHOWN)
    return out.getvalue()


def _exists(path: Path) -> bool:
    return path.exists()


def _keep(written_to: Path, destination: Path, requests: int) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    written_to.replace(destination)
    destination.with_suffix(".txt").write_text(summary(destination, requests))


async def _written(path: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not _exists(path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"no profile written to {path}")
        await asyncio.sleep(0.05)


async def profile_load(
    spec: LoadSpec, running: Running, written_to: Path, destination: Path
) -> Path:
    """Profile ``running`` while ``spec`` runs; keep ``destination`` (.prof) and its summary."""
    if _exists(written_to):
        raise RuntimeError(f"a profile is already at {written_to}")

    async def on_ready() -> None:
        running.signal(signal.SIGUSR1)

    report = await run_load(spec, on_ready)
    running.signal(signal.SIGUSR2)
    await _written(written_to)
    _keep(written_to, destination, report.count)
    return destination
