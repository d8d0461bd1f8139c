"""The event backbone: a committed write (business row + outbox event, one transaction) until the
consumer's transaction applying it has committed, through the common library's real path.

The writing service (with its relay) runs in this process, the consuming service in another, each
with its own database, as two services run in production; both on uvloop, as under uvicorn.

Figures per backend (SQLite files, PostgreSQL schemas): commit-to-applied latency at a steady
open-loop 500 events/s written through the Database (the target applies here), the same through
``POST /api/v1/probes`` (httpx ``ASGITransport``: the HTTP client runs in the writing process too,
so this figure also carries the cost of the client), and the highest sustained rate (events/s)
found by ramping up.
"""

from __future__ import annotations

from bench.backbone.phases import SUSTAINED_P99_MS, ramp, run_phase
from bench.backbone.running import ProbeService, probe_service
from bench.harness import BenchContext, Result, Target

STEADY_RATE = 500.0
TARGET_P99_MS = 20.0
RAMP_RATES = (
    50.0,
    100.0,
    200.0,
    300.0,
    500.0,
    750.0,
    1000.0,
    1500.0,
    2000.0,
    3000.0,
    4000.0,
    6000.0,
)


async def _steady(ctx: BenchContext, service: ProbeService, *, via: str, backend: str) -> Result:
    seconds = ctx.pick(10.0, 2.0)
    report = await run_phase(service, via=via, rate=STEADY_RATE, seconds=seconds)
    failed = report.outcome
    if failed.first_error:
        ctx.log(f"  {backend} {via}: {failed.errors} writes failed; first: {failed.first_error}")
    return Result(
        name=f"{via}_commit_to_applied",
        backend=backend,
        values=report.values(),
        target=Target("p99_ms", TARGET_P99_MS) if via == "db" else None,
        params={"rate_per_s": STEADY_RATE, "duration_s": seconds, "via": via, "load": "open-loop"},
    )


async def _max_rate(ctx: BenchContext, service: ProbeService, *, backend: str) -> Result:
    seconds = ctx.pick(3.0, 1.0)
    rates = RAMP_RATES if not ctx.quick else RAMP_RATES[:5]
    best, failed_at = await ramp(service, rates=rates, seconds=seconds, log=ctx.log)
    values = best.values() if best is not None else {"throughput_per_s": 0.0}
    values["highest_rate_tried"] = failed_at or rates[-1]
    return Result(
        name="max_sustained",
        backend=backend,
        values=values,
        params={
            "rates": list(rates),
            "step_s": seconds,
            "sustained": f"on schedule, all applied, p99 <= {SUSTAINED_P99_MS:g} ms",
        },
    )


async def run(ctx: BenchContext) -> list[Result]:
    """Measure the event backbone on every backend."""
    results = []
    for backend in ctx.backends:
        async with (
            ctx.database(backend, "backbone") as target,
            probe_service(target, ctx.nats_url, ctx.work_dir) as service,
        ):
            await run_phase(service, via="db", rate=STEADY_RATE, seconds=ctx.pick(1.0, 0.5))
            for via in ("db", "http"):
                results.append(await _steady(ctx, service, via=via, backend=backend))
                ctx.log(f"  {backend} {via}: {results[-1].values}")
            results.append(await _max_rate(ctx, service, backend=backend))
    return results
