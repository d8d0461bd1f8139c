"""Replay a historical incident series day by day and report the alerts that would have fired.

Every incident counts toward four places: its country, its country and category, its country and
admin1, and its country, admin1 and category (as the service keeps them). For each place and each
window of the settings, the replay assesses every day from ``start`` to ``end`` with
``indicators.assess_series`` and feeds ``episodes.step``, exactly as the service does once a day,
and collects one ``BacktestAlert`` per episode: when it was raised, when it subsided (None if it
was still open on ``end``), its peak score and the factors on the day of the peak.

Records before ``start`` serve as history only. Without ``start``, the replay begins a baseline
period after the first record, so that no place is judged against a record that has not begun.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from incidents.early_warning.episodes import Episode, Transition, step
from incidents.early_warning.indicators import (
    Assessment,
    DayTotal,
    Factor,
    IndicatorSettings,
    assess_series,
)
from incidents.early_warning.series import DailySeries
from incidents.early_warning.weights import UNKNOWN_CONFIDENCE, incident_weight

Place = tuple[str, str | None, str | None]
"""(country, admin1 or None, category or None)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One historical incident, as much of it as the indicators read."""

    occurred_on: date
    country: str
    admin1: str | None
    category: str | None
    severity: int
    casualties_best: int | None
    confidence_score: float | None
    status: str = "reported"


@dataclass(frozen=True, slots=True)
class BacktestAlert:
    """One episode the replay would have alerted on."""

    place: Place
    window_days: int
    raised_on: date
    subsided_on: date | None
    peak_score: float
    peak_on: date
    factors: tuple[Factor, ...]
    """The factors on the day of the peak."""


def places_of(country: str, admin1: str | None, category: str | None) -> tuple[Place, ...]:
    """Return the places one incident counts toward (fewer when admin1 or category is unknown)."""
    places: list[Place] = [(country, None, None)]
    if category:
        places.append((country, None, category))
    if admin1:
        places.append((country, admin1, None))
        if category:
            places.append((country, admin1, category))
    return tuple(places)


def daily_totals(records: Iterable[Record]) -> dict[Place, list[DayTotal]]:
    """Aggregate records into day totals per place (what the service's SQL does per day)."""
    sums: dict[tuple[Place, date], list[float]] = defaultdict(lambda: [0.0, 0, 0, 0, 0.0])
    for record in records:
        weight = incident_weight(
            severity=record.severity,
            casualties_best=record.casualties_best,
            confidence_score=record.confidence_score,
            status=record.status,
        )
        if weight <= 0:
            continue
        confidence = (
            UNKNOWN_CONFIDENCE if record.confidence_score is None else record.confidence_score
        )
        for place in places_of(record.country, record.admin1, record.category):
            row = sums[place, record.occurred_on]
            row[0] += weight
            row[1] += 1
            row[2] += max(record.casualties_best or 0, 0)
            row[3] += record.severity
            row[4] += confidence
    totals: dict[Place, list[DayTotal]] = defaultdict(list)
    for (place, day), (weight, incidents, casualties, severity, confidence) in sums.items():
        totals[place].append(
            DayTotal(day, weight, int(incidents), int(casualties), int(severity), confidence)
        )
    return dict(totals)


def _days(start: date, end: date) -> Iterator[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def replay_place(
    place: Place,
    series: DailySeries,
    *,
    start: date,
    end: date,
    window_days: int,
    settings: IndicatorSettings,
) -> list[BacktestAlert]:
    """Replay one place's window day by day and return its alerts."""
    alerts: list[BacktestAlert] = []
    episode: Episode | None = None
    peak: Assessment | None = None
    raised_on: date | None = None
    for day in _days(start, end):
        open_now = episode is not None and episode.open
        window_start = day - timedelta(days=window_days)
        if not open_now and series.weight(window_start, day) < settings.min_observed:
            continue  # cannot depart: skip the assessment
        assessment = assess_series(
            series, as_of=day, window_days=window_days, settings=settings, explained=False
        )
        episode, transition = step(episode, assessment, settings)
        if transition in (Transition.RAISED, Transition.UPDATED):
            peak = assess_series(series, as_of=day, window_days=window_days, settings=settings)
            raised_on = assessment.as_of if transition is Transition.RAISED else raised_on
        elif transition is Transition.SUBSIDED and peak is not None and raised_on is not None:
            alerts.append(_alert(place, raised_on, day, peak))
            peak = raised_on = None
    if peak is not None and raised_on is not None:
        alerts.append(_alert(place, raised_on, None, peak))
    return alerts


def _alert(
    place: Place, raised_on: date, subsided_on: date | None, peak: Assessment
) -> BacktestAlert:
    return BacktestAlert(
        place=place,
        window_days=peak.window_days,
        raised_on=raised_on,
        subsided_on=subsided_on,
        peak_score=peak.score,
        peak_on=peak.as_of,
        factors=peak.factors,
    )


def default_start(first: date, end: date, settings: IndicatorSettings) -> date:
    """Return the first day replayed when none is given: a baseline after the first record."""
    return min(first + timedelta(days=settings.baseline_days), end)


def backtest(
    records: Iterable[Record],
    *,
    start: date | None = None,
    end: date | None = None,
    settings: IndicatorSettings | None = None,
) -> list[BacktestAlert]:
    """Return the alerts a replay of ``records`` from ``start`` to ``end`` would have raised."""
    settings = settings or IndicatorSettings()
    totals = daily_totals(records)
    days = [total.day for place_days in totals.values() for total in place_days]
    if not days:
        return []
    last = end or max(days)
    first = start or default_start(min(days), last, settings)
    alerts: list[BacktestAlert] = []
    for place, place_days in totals.items():
        series = DailySeries(place_days)
        if series.first is None:
            continue
        for window in settings.windows:
            alerts.extend(
                replay_place(
                    place,
                    series,
                    start=max(first, series.first),
                    end=last,
                    window_days=window,
                    settings=settings,
                )
            )
    return sorted(
        alerts,
        key=lambda a: (a.raised_on, a.place[0], a.place[1] or "", a.place[2] or "", a.window_days),
    )
