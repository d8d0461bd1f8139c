"""Run benchmark modules: one nats-server for the session, N repeats each, medians written out."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pdp_common.testing.nats_server import NatsServer
from rich.console import Console

from bench import discovery, report
from bench.environment import collect_environment, load_average
from bench.harness import BACKENDS, BenchContext, Result
from bench.stats import Summary, summarize

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"


def _console() -> Console:
    """Return a console wide enough for the table even when output is not a terminal."""
    console = Console()
    return console if console.is_terminal else Console(width=160)


async def run_benchmark(name: str, ctx: BenchContext) -> list[Summary]:
    """Run benchmark ``name`` ``ctx.repeat`` times and return the medians of its figures."""
    run = discovery.load(name)
    runs: list[list[Result]] = []
    for index in range(ctx.repeat):
        ctx.log(f"[bold]{name}[/]: run {index + 1} of {ctx.repeat}")
        await ctx.reset_nats()
        runs.append(await run(ctx))
    return summarize(runs)


async def run_session(
    names: Sequence[str],
    *,
    repeat: int,
    quick: bool,
    backends: tuple[str, ...] = BACKENDS,
    profile: bool = False,
    results_dir: Path = RESULTS_DIR,
    console: Console | None = None,
) -> list[tuple[str, Summary]]:
    """Run the named benchmarks (all when empty), write their JSON results and print the table."""
    console = console or _console()
    chosen = discovery.select(discovery.discover(BENCH_DIR), names)
    rows: list[tuple[str, Summary]] = []
    with tempfile.TemporaryDirectory(prefix="pdp-bench-") as tmp:
        environment: dict[str, Any] = collect_environment(REPO_DIR, Path(tmp) / "probe")
        server = NatsServer(store_dir=Path(tmp) / "nats")
        server.store_dir.mkdir()
        server.start()
        try:
            ctx = BenchContext(
                nats_server=server,
                work_dir=Path(tmp) / "work",
                results_dir=results_dir,
                repeat=repeat,
                quick=quick,
                backends=backends,
                profile=profile,
                log=console.log,
            )
            for name in chosen:
                summaries = await run_benchmark(name, ctx)
                environment["load_average_after"] = load_average()
                document = report.results_document(
                    name, summaries, environment=environment, repeat=repeat, quick=quick
                )
                path = report.write_results(results_dir, name, document)
                console.log(f"{name}: results written to {path}")
                rows.extend((name, s) for s in summaries)
        finally:
            server.close()
    console.print(report.render_table(rows, repeat=repeat))
    return rows
