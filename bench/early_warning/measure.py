"""The early-warning benchmark's figures: pure CPU time, no database, no network.

* ``assess_step``: one place with three years of daily incidents; every day of its last year is
  assessed for each window (with its factors, as the service computes them) and fed to
  ``episodes.step``. Reported per place-day (all windows) and per assessment.
* ``recompute_1m``: a synthetic record of ``RECORDS`` incidents over five years
  (``bench.early_warning.data``), built in memory beforehand (untimed). Timed: aggregating it into
  day totals per place (all four place levels), the recompute of every place's current
  assessment (what the service's daily recompute does once the day totals are read), and a
  backtest replay of the last ``REPLAY_DAYS`` days of every place.

The per-event update cost through the database belongs to the service (reading a place's day
totals, assessing, stepping and writing the alert rows and events); ``database_figures`` is where
that measurement joins these figures.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from incidents.early_warning.backtest import Record, daily_totals, replay_place
from incidents.early_warning.episodes import Episode, step
from incidents.early_warning.indicators import IndicatorSettings, assess_series
from incidents.early_warning.series import DailySeries

from bench.early_warning import data
from bench.harness import BenchContext, Result, Target

RECORDS = 1_000_000
REPLAY_DAYS = 365
BACKEND = "none"  # pure computation: no database
T = TypeVar("T")


def cpu(work: Callable[[], T]) -> tuple[T, float]:
    """Run ``work`` after a garbage collection; return its result and the CPU seconds it took."""
    gc.collect()
    started = time.process_time()
    result = work()
    return result, time.process_time() - started


def assess_step(days: int) -> Result:
    """Measure ``assess`` + ``step`` per place-day on one busy place."""
    settings = IndicatorSettings()
    record = [
        Record(data.START + timedelta(days=k % (3 * 365)), "KGZ", "Osh", "unrest", 3, k % 4, 0.7)
        for k in range(3 * 365 * 3)
    ]
    series = DailySeries(daily_totals(record)[("KGZ", "Osh", "unrest")])
    first = data.START + timedelta(days=3 * 365 - days)

    def run() -> int:
        episodes: dict[int, Episode | None] = dict.fromkeys(settings.windows)
        for offset in range(days):
            as_of = first + timedelta(days=offset)
            for window in settings.windows:
                current = assess_series(series, as_of=as_of, window_days=window, settings=settings)
                episodes[window], _ = step(episodes[window], current, settings)
        return days

    _, seconds = cpu(run)
    per_day = seconds / days * 1e6
    return Result(
        name="assess_step",
        backend=BACKEND,
        values={"cpu_us_per_place_day": per_day, "cpu_us": per_day / len(settings.windows)},
        target=Target("cpu_us_per_place_day", 200),
        params={"days": days, "windows": list(settings.windows)},
    )


def recompute(count: int) -> list[Result]:
    """Measure aggregation, current recompute and a one-year replay over ``count`` incidents."""
    settings = IndicatorSettings()
    records = list(data.records(count))
    last = max(record.occurred_on for record in records)
    totals, aggregate_s = cpu(lambda: daily_totals(records))
    records.clear()  # free the memory before the next parts

    def current() -> int:
        for place_days in totals.values():
            series = DailySeries(place_days)
            for window in settings.windows:
                assess_series(series, as_of=last, window_days=window, settings=settings)
        return len(totals)

    places, recompute_s = cpu(current)
    start = last - timedelta(days=REPLAY_DAYS - 1)

    def replay() -> int:
        alerts = 0
        for place, place_days in totals.items():
            series = DailySeries(place_days)
            for window in settings.windows:
                found = replay_place(
                    place, series, start=start, end=last, window_days=window, settings=settings
                )
                alerts += len(found)
        return alerts

    alerts, replay_s = cpu(replay)
    place_days = places * REPLAY_DAYS
    params = {"incidents": count, "places": places, "days": data.DAYS}
    return [
        Result(
            name="aggregate_1m",
            backend=BACKEND,
            values={"cpu_s": aggregate_s, "incidents_per_s": count / aggregate_s},
            target=Target("cpu_s", 30),
            params=params,
        ),
        Result(
            name="recompute_all_places_1m",
            backend=BACKEND,
            values={"cpu_s": recompute_s, "cpu_ms_per_place": recompute_s / places * 1e3},
            target=Target("cpu_s", 10),
            params=params,
        ),
        Result(
            name="replay_year_1m",
            backend=BACKEND,
            values={
                "cpu_s": replay_s,
                "cpu_us_per_place_day": replay_s / place_days * 1e6,
                "alerts": float(alerts),
            },
            target=Target("cpu_us_per_place_day", 200),
            params={**params, "replay_days": REPLAY_DAYS},
        ),
    ]


def database_figures(ctx: BenchContext) -> list[Result]:
    """Return the figures that need a database (the service's per-event update); none yet."""
    del ctx
    return []
