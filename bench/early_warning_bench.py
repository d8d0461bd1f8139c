"""Early warning: pure indicator and episode cost per place-day, and recompute over 1M incidents.

CPU time of this process (``time.process_time``), which moves far less than wall time with other
load on the machine. No database: the figures carry the backend ``none``. See
``bench/early_warning/measure.py`` for what each figure covers.
"""

from __future__ import annotations

from bench.early_warning.measure import RECORDS, assess_step, database_figures, recompute
from bench.early_warning.per_event import per_event_figures
from bench.harness import BenchContext, Result


async def run(ctx: BenchContext) -> list[Result]:
    """Measure the early-warning figures once."""
    results = [assess_step(ctx.pick(365, 60))]
    results.extend(recompute(ctx.pick(RECORDS, 20_000)))
    results.extend(database_figures(ctx))
    results.extend(await per_event_figures(ctx))
    return results
