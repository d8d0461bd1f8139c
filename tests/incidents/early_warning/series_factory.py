"""Synthetic day-total series for the early-warning tests."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta

from incidents.early_warning.indicators import DayTotal
from incidents.early_warning.weights import incident_weight

START = date(2022, 1, 1)


def day_total(day: date, incidents: int, *, severity: int = 3, casualties: int = 0) -> DayTotal:
    """Return the totals of ``incidents`` alike verified incidents on ``day``."""
    weight = incident_weight(
        severity=severity, casualties_best=casualties, confidence_score=1.0, status="verified"
    )
    return DayTotal(
        day=day,
        weight=weight * incidents,
        incidents=incidents,
        casualties=casualties * incidents,
        severity_sum=severity * incidents,
        confidence_sum=1.0 * incidents,
    )


def poisson(rng: random.Random, rate: float) -> int:
    """Draw a Poisson count (Knuth's method; fine for small rates)."""
    limit, count, product = pow(2.718281828459045, -rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def stable(days: int, rate: float, *, seed: int = 1, start: date = START) -> list[DayTotal]:
    """Return a stationary Poisson series of ``rate`` incidents a day over ``days`` days."""
    rng = random.Random(seed)
    series = []
    for offset in range(days):
        count = poisson(rng, rate)
        if count:
            series.append(day_total(start + timedelta(days=offset), count))
    return series


def with_extra(series: Iterable[DayTotal], onset: date, days: int, per_day: int) -> list[DayTotal]:
    """Return ``series`` plus ``per_day`` more incidents a day for ``days`` days from ``onset``."""
    extra = [day_total(onset + timedelta(days=offset), per_day) for offset in range(days)]
    return [*series, *extra]
