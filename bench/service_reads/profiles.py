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

from bench.service_reads.load import LoadSpec, run_load
from bench.service_reads.processes import Running

WAIT_SECONDS = 30.0
SHOWN = 35


def summary(profile: Path, requests: int) -> str:
    """Return the text summary of a pstats file of ``requests`` requests."""
    out = io.StringIO()
    stats = pstats.Stats(str(profile), stream=out)
    out.write(f"{requests} requests; cProfile adds its own overhead to every call\n\n")
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
