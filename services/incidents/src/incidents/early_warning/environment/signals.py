"""How far each environmental series' latest days depart from its own history.

:func:`rate_series` is pure: it takes one series' daily observations and rates the window that
ends on ``as_of`` (``recent_days`` long) against a baseline of the same series:

- **seasonal** when the series covers the same calendar window in at least
  ``MIN_SEASONAL_YEARS`` earlier years (up to ``MAX_SEASONAL_YEARS``): a spring flood peak is then
  compared with earlier spring peaks, not with the dry months before it;
- else **trailing**: the ``TRAILING_WINDOWS`` windows of the same length just before.

Each window becomes one value: the mean of its observations for levels and flows, their sum for
counts (events, precipitation). The departure is a robust z-score, ``(latest - median) /
spread``, the spread being 1.4826 x the median absolute deviation of the baseline values, or the
kind's minimum spread when that is larger. The score is counted only in the direction that warns
for the kind (:class:`~incidents.early_warning.environment.vocabulary.Direction`): above for
floods, mudflows and melt, below for drought, low reservoirs and soil moisture, either for levels
and flows; a departure the other way scores 0.

:func:`environmental_signals` rates every series of the database with a recent observation.
"""

from __future__ import annotations

import math
import statistics
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.early_warning.environment.models import (
    EnvironmentalObservation,
    EnvironmentalSeries,
)
from incidents.early_warning.environment.vocabulary import (
    ABSOLUTE_SPREAD_KINDS,
    KINDS,
    Aggregate,
    Direction,
)

RECENT_DAYS = 7
MIN_SEASONAL_YEARS = 3
MAX_SEASONAL_YEARS = 10
TRAILING_WINDOWS = 12
MIN_TRAILING_WINDOWS = 4
DEPARTING_SCORE = 2.0
"""The score from which a series is said to depart from its baseline."""
MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True)
class Observation:
    """One day's value of a series."""

    observed_on: date
    value: float


@dataclass(frozen=True)
class Rating:
    """The latest window of one series rated against its baseline."""

    latest_value: float
    latest_on: date
    baseline: float
    baseline_method: str
    """``seasonal`` (same calendar window in earlier years) or ``trailing``."""
    baseline_windows: int
    score: float
    """The departure in the kind's warning direction, in robust standard deviations (>= 0)."""
    direction: str
    """``above`` or ``below`` the baseline (the side the latest value lies on)."""
    departing: bool
    description: str


@dataclass(frozen=True)
class EnvironmentalSignal:
    """One series' rating with the place it speaks for, for the regional picture."""

    series_id: uuid.UUID
    country: str
    admin1: str
    site: str
    kind: str
    unit: str
    latest_value: float
    latest_on: date
    baseline: float
    baseline_method: str
    score: float
    direction: str
    departing: bool
    description: str


def _same_day(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return day.replace(year=year, day=28)


def _window_value(
    by_day: dict[date, float], first_day: date, end: date, days: int, aggregate: Aggregate
) -> float | None:
    start = end - timedelta(days=days - 1)
    values = [by_day[d] for d in (start + timedelta(n) for n in range(days)) if d in by_day]
    if aggregate is Aggregate.SUM:
        return math.fsum(values) if first_day <= start else None
    return statistics.fmean(values) if values else None


def _baseline(
    by_day: dict[date, float], first_day: date, as_of: date, days: int, aggregate: Aggregate
) -> tuple[list[float], str, list[int]]:
    years: list[int] = []
    seasonal: list[float] = []
    for back in range(1, MAX_SEASONAL_YEARS + 1):
        value = _window_value(
            by_day, first_day, _same_day(as_of, as_of.year - back), days, aggregate
        )
        if value is not None:
            seasonal.append(value)
            years.append(as_of.year - back)
    if len(seasonal) >= MIN_SEASONAL_YEARS:
        return seasonal, "seasonal", years
    trailing = [
        value
        for n in range(1, TRAILING_WINDOWS + 1)
        if (value := _window_value(
            by_day, first_day, as_of - timedelta(days=n * days), days, aggregate
        )) is not None
    ]  # fmt: skip
    return trailing, "trailing", []


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}"


def _change(kind: str, latest: float, median: float, unit: str) -> str:
    """Say how far and which way ``latest`` lies from ``median``: a share on ratio scales, the
    difference in the unit on others (an index around 0, counts)."""
    if latest == median:
        return "at "
    side = "above" if latest > median else "below"
    if kind in ABSOLUTE_SPREAD_KINDS or median == 0:
        return f"{_number(abs(latest - median))} {unit} {side} "
    return f"{abs(latest - median) / abs(median):.0%} {side} "


def rate_series(
    kind: str,
    observations: Sequence[Observation],
    *,
    as_of: date,
    label: str,
    unit: str,
    recent_days: int = RECENT_DAYS,
    departing_score: float = DEPARTING_SCORE,
) -> Rating | None:
    """Rate the ``recent_days`` ending on ``as_of`` against the series' own history.

    Returns None when the window has no data or the history is too short for a baseline.
    Observations after ``as_of`` are ignored. ``label`` names the series in the description.
    """
    spec = KINDS[kind]
    by_day = {o.observed_on: o.value for o in observations if o.observed_on <= as_of}
    if not by_day:
        return None
    first_day = min(by_day)
    latest = _window_value(by_day, first_day, as_of, recent_days, spec.aggregate)
    if latest is None:
        return None
    values, method, years = _baseline(by_day, first_day, as_of, recent_days, spec.aggregate)
    if len(values) < (MIN_SEASONAL_YEARS if method == "seasonal" else MIN_TRAILING_WINDOWS):
        return None
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    floor = spec.min_spread if kind in ABSOLUTE_SPREAD_KINDS else spec.min_spread * abs(median)
    spread = max(MAD_TO_SIGMA * mad, floor, 1e-9)
    z = (latest - median) / spread
    side = "above" if z >= 0 else "below"
    if spec.direction is Direction.ABOVE:
        score = max(z, 0.0)
    elif spec.direction is Direction.BELOW:
        score = max(-z, 0.0)
    else:
        score = abs(z)
    if method == "seasonal":
        period = f"the same {recent_days} days in {min(years)}-{max(years)}"
    else:
        period = f"the {len(values)} preceding {recent_days}-day windows"
    change = _change(kind, latest, median, unit)
    warning = "above or below" if spec.direction is Direction.EITHER else spec.direction.value
    how = "total" if spec.aggregate is Aggregate.SUM else "mean"
    description = (
        f"{label}: {spec.label} {how} {_number(latest)} {unit} over the {recent_days} days to "
        f"{as_of.isoformat()}, {change}the median of {period} ({_number(median)} {unit}); "
        f"departure {score:.1f} (robust z; warns {warning})."
    )
    return Rating(
        latest_value=latest,
        latest_on=max(by_day),
        baseline=median,
        baseline_method=method,
        baseline_windows=len(values),
        score=round(score, 3),
        direction=side,
        departing=score >= departing_score,
        description=description,
    )


async def environmental_signals(
    session: AsyncSession,
    *,
    as_of: date,
    recent_days: int = RECENT_DAYS,
    departing_score: float = DEPARTING_SCORE,
) -> list[EnvironmentalSignal]:
    """Rate every series with data in the window ending on ``as_of``; highest score first."""
    since = _same_day(as_of, as_of.year - MAX_SEASONAL_YEARS) - timedelta(days=recent_days)
    series = {s.id: s for s in (await session.execute(select(EnvironmentalSeries))).scalars()}
    rows = await session.execute(
        select(
            EnvironmentalObservation.series_id,
            EnvironmentalObservation.observed_on,
            EnvironmentalObservation.value,
        ).where(
            EnvironmentalObservation.observed_on >= since,
            EnvironmentalObservation.observed_on <= as_of,
        )
    )
    by_series: dict[uuid.UUID, list[Observation]] = defaultdict(list)
    for series_id, observed_on, value in rows:
        by_series[series_id].append(Observation(observed_on, value))
    signals: list[EnvironmentalSignal] = []
    for series_id, observations in by_series.items():
        s = series[series_id]
        if s.kind not in KINDS:
            continue
        rating = rate_series(
            s.kind,
            observations,
            as_of=as_of,
            label=f"{s.site} ({s.admin1}, {s.country})",
            unit=s.unit,
            recent_days=recent_days,
            departing_score=departing_score,
        )
        if rating is None:
            continue
        signals.append(
            EnvironmentalSignal(
                series_id=s.id,
                country=s.country,
                admin1=s.admin1,
                site=s.site,
                kind=s.kind,
                unit=s.unit,
                latest_value=rating.latest_value,
                latest_on=rating.latest_on,
                baseline=rating.baseline,
                baseline_method=rating.baseline_method,
                score=rating.score,
                direction=rating.direction,
                departing=rating.departing,
                description=rating.description,
            )
        )
    signals.sort(key=lambda sig: (-sig.score, sig.country, sig.admin1, sig.site, sig.kind))
    return signals
