"""Escalation indicators: how far a place's recent incidents depart from what was expected.

Method (see docs/early-warning.md for the full argument):

* **Observed**: the summed incident weight (``weights.incident_weight``) in the window of
  ``window_days`` days ending on ``as_of`` (inclusive), for each window in ``settings.windows``.
* **Expected**: the larger of two expectations for a window of that length.
  *Trailing*: the mean daily weight over the ``baseline_days`` days before the window, times the
  window length; days without incidents count as quiet days.
  *Seasonal*: for each of the ``seasonal_years`` earlier years that the place's record reaches back
  to, the mean daily weight over the same dates (365 days earlier per year) widened by
  ``SEASONAL_SLACK_DAYS`` on each side (a recurring peak need not fall on exactly the same days),
  times the window length, averaged over those years. Taking the larger of the two means a peak
  that recurs every year (a fighting season, elections, transhumance) is expected, while a quiet
  season does not lower the bar below the trailing level.
* **Score**: a quasi-Poisson departure
  ``(observed - expected) / sqrt(dispersion * expected + prior)``. A sum of Poisson-arriving
  incidents with weights ``w`` has a variance of ``E[w**2] / E[w]`` times its mean, more when
  incidents cluster on days. ``dispersion`` estimates that factor as the variance-to-mean ratio of
  the daily weights over the trailing baseline, and is never below the mean weight of an incident
  (of the baseline, else of the window, else 1), which is what it would be if all weights were
  equal. ``prior`` smooths the denominator so that a place with a near-zero baseline does not alarm
  on a single minor incident. Scaling every weight by ``c`` and the prior by ``c**2`` leaves the
  score unchanged.
* **Departs** when the score reaches ``raise_threshold`` *and* the window holds at least
  ``min_observed`` weight (``episodes.step`` then opens an alert; hysteresis lives there).
* **Factors** explain each assessment (``factors.explain``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from incidents.early_warning.factors import Factor, explain
from incidents.early_warning.series import DailySeries, DayTotal, Totals

__all__ = [
    "SEASONAL_SLACK_DAYS",
    "YEAR_DAYS",
    "Assessment",
    "DayTotal",
    "Factor",
    "IndicatorSettings",
    "assess",
    "assess_series",
]

YEAR_DAYS = 365
"""Days between a window and the same window one year earlier."""

SEASONAL_SLACK_DAYS = 7
"""How far the seasonal comparison widens an earlier year's window on each side."""


@dataclass(frozen=True, slots=True)
class IndicatorSettings:
    """Windows, baselines and thresholds of the indicators and the alert hysteresis."""

    windows: tuple[int, ...] = (7, 30)
    baseline_days: int = 365
    """Trailing baseline before the window."""
    seasonal_years: int = 2
    """Also compare with the same window in this many earlier years."""
    raise_threshold: float = 3.0
    """Score that opens an episode."""
    release_threshold: float = 1.5
    """Score below which an open episode must stay ..."""
    release_days: int = 7
    """... for this many consecutive days to subside."""
    min_observed: float = 2.0
    """No alert below this weighted score in the window."""
    prior: float = 1.0
    """Smoothing added to the expectation in the score's denominator."""

    def __post_init__(self) -> None:
        if not self.windows or min(self.windows) < 1:
            raise ValueError("windows must be one or more positive numbers of days")
        if self.baseline_days < 1 or self.seasonal_years < 0 or self.release_days < 1:
            raise ValueError("baseline_days and release_days must be positive, seasonal_years >= 0")
        if self.release_threshold > self.raise_threshold:
            raise ValueError("release_threshold must not exceed raise_threshold")
        if self.prior <= 0 or self.min_observed < 0:
            raise ValueError("prior must be positive and min_observed not negative")

    @property
    def history_days(self) -> int:
        """Days of history ``assess`` reads: it needs day totals in (as_of - this, as_of]."""
        seasonal = (
            YEAR_DAYS * self.seasonal_years + SEASONAL_SLACK_DAYS if self.seasonal_years else 0
        )
        return max(window + max(window, self.baseline_days, seasonal) for window in self.windows)


@dataclass(frozen=True, slots=True)
class Assessment:
    """One place's indicator for one window on one day, with the factors that explain it."""

    as_of: date
    window_days: int
    observed: float
    """Weighted score in (as_of - window_days, as_of]."""
    expected: float
    """Baseline expectation for a window of that length (seasonal aware)."""
    score: float
    """Departure: (observed - expected) / sqrt(dispersion * expected + prior)."""
    trend: float
    """Observed minus the previous window's observed."""
    incidents: int
    factors: tuple[Factor, ...]

    def departs(self, settings: IndicatorSettings) -> bool:
        """Tell whether this assessment is high enough to open an alert."""
        return self.score >= settings.raise_threshold and self.observed >= settings.min_observed


def _seasonal(
    series: DailySeries, *, as_of: date, window_days: int, years: int
) -> tuple[Totals, int]:
    """Return the mean seasonal expectation from earlier years, and how many years it used."""
    total, used = Totals(), 0
    slack = timedelta(days=SEASONAL_SLACK_DAYS)
    span_scale = window_days / (window_days + 2 * SEASONAL_SLACK_DAYS)
    for year in range(1, years + 1):
        end = as_of - timedelta(days=YEAR_DAYS * year)
        if series.first is None or series.first > end:
            break  # the place's record does not reach back to that year
        span = series.totals(end - timedelta(days=window_days) - slack, end + slack)
        total, used = total.plus(span.scaled(span_scale)), used + 1
    return (total.scaled(1 / used) if used else total), used


def _dispersion(daily: float | None, expected: Totals, observed: Totals) -> float:
    """Return the variance-to-mean factor of the score: at least the mean incident weight."""
    mean_weight = 1.0
    for totals in (expected, observed):
        if totals.incidents > 0 and totals.weight > 0:
            mean_weight = totals.weight / totals.incidents
            break
    return max(daily or 0.0, mean_weight)


def assess_series(
    series: DailySeries,
    *,
    as_of: date,
    window_days: int,
    settings: IndicatorSettings,
    explained: bool = True,
) -> Assessment:
    """Assess the window ending on ``as_of`` against the series' own baseline.

    With ``explained=False`` the factors are left empty (a replay explains only its peaks).
    """
    start = as_of - timedelta(days=window_days)
    observed = series.totals(start, as_of)
    previous = series.weight(start - timedelta(days=window_days), start)
    baseline_start = start - timedelta(days=settings.baseline_days)
    trailing = series.totals(baseline_start, start).scaled(window_days / settings.baseline_days)
    seasonal, years = _seasonal(
        series, as_of=as_of, window_days=window_days, years=settings.seasonal_years
    )
    if years and seasonal.weight > trailing.weight:
        expected = seasonal
        source = f"the same {window_days} days in {years} earlier year{'s' if years > 1 else ''}"
    else:
        expected, source = trailing, f"the trailing {settings.baseline_days} days"
    daily = series.dispersion(baseline_start, start)
    spread = _dispersion(daily, expected, observed) * expected.weight + settings.prior
    score = (observed.weight - expected.weight) / math.sqrt(spread)
    return Assessment(
        as_of=as_of,
        window_days=window_days,
        observed=observed.weight,
        expected=expected.weight,
        score=score,
        trend=observed.weight - previous,
        incidents=round(observed.incidents),
        factors=explain(
            window_days=window_days,
            observed=observed,
            expected=expected,
            previous=previous,
            source=source,
        )
        if explained
        else (),
    )


def assess(
    days: Sequence[DayTotal], *, as_of: date, window_days: int, settings: IndicatorSettings
) -> Assessment:
    """Assess one place's window ending on ``as_of`` from its day totals (any order, any span)."""
    return assess_series(DailySeries(days), as_of=as_of, window_days=window_days, settings=settings)
