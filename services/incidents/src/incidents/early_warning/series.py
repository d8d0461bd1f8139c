"""One place's daily totals held as running sums, so any span of days is summed in constant time.

``assess`` builds one of these from the day totals it is given; the backtest builds one per place
and assesses every day of the record against it, which keeps a replay over a million incidents
linear in the number of place-days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

PRECISION = 9
"""Decimals kept in summed weights, so that sums do not depend on where the series starts."""


def _clean(value: float) -> float:
    """Round away the error of subtracting running sums (never below zero)."""
    return max(round(value, PRECISION), 0.0)


@dataclass(frozen=True, slots=True)
class DayTotal:
    """One place's incidents on one day (what the database aggregates per day)."""

    day: date
    weight: float
    """Sum of incident weights."""
    incidents: int
    """Counted incidents (weight > 0)."""
    casualties: int
    """Sum of ``casualties_best`` (unknown as 0)."""
    severity_sum: int
    confidence_sum: float
    """Sum of ``confidence_score`` (unknown as 0.5)."""


@dataclass(frozen=True, slots=True)
class Totals:
    """Sums over a span of days, or their expectation for a window (then possibly fractional)."""

    weight: float = 0.0
    incidents: float = 0.0
    casualties: float = 0.0
    severity_sum: float = 0.0
    confidence_sum: float = 0.0

    def scaled(self, factor: float) -> Totals:
        """Return these totals multiplied by ``factor``."""
        return Totals(
            self.weight * factor,
            self.incidents * factor,
            self.casualties * factor,
            self.severity_sum * factor,
            self.confidence_sum * factor,
        )

    def plus(self, other: Totals) -> Totals:
        """Return the sum of these totals and ``other``."""
        return Totals(
            self.weight + other.weight,
            self.incidents + other.incidents,
            self.casualties + other.casualties,
            self.severity_sum + other.severity_sum,
            self.confidence_sum + other.confidence_sum,
        )


class DailySeries:
    """A place's day totals as running sums over the dense range of days they cover."""

    __slots__ = (
        "_casualties",
        "_confidence",
        "_incidents",
        "_severity",
        "_squares",
        "_weight",
        "first",
        "size",
    )

    def __init__(self, days: Iterable[DayTotal]) -> None:
        merged: dict[date, list[float]] = {}
        for total in days:
            row = merged.setdefault(total.day, [0.0, 0.0, 0.0, 0.0, 0.0])
            row[0] += total.weight
            row[1] += total.incidents
            row[2] += total.casualties
            row[3] += total.severity_sum
            row[4] += total.confidence_sum
        counted = [day for day, row in merged.items() if row[0] > 0]
        self.first: date | None = min(counted) if counted else None
        """First day with a counted incident (None for an empty record)."""
        columns: list[list[float]] = [[], [], [], [], []]
        if self.first is not None:
            self.size = (max(merged) - self.first).days + 1
            for column in columns:
                column.extend([0.0] * self.size)
            for day, row in merged.items():
                offset = (day - self.first).days
                if offset >= 0:
                    for column, value in zip(columns, row, strict=True):
                        column[offset] = value
        else:
            self.size = 0
        self._weight, self._incidents, self._casualties, self._severity, self._confidence = (
            [0.0, *accumulate(column)] for column in columns
        )
        self._squares = [0.0, *accumulate(value * value for value in columns[0])]

    def _index(self, day: date) -> int:
        """Return how many of the series' days fall on or before ``day``."""
        if self.first is None:
            return 0
        return min(max((day - self.first).days + 1, 0), self.size)

    def weight(self, start: date, end: date) -> float:
        """Return the summed weight of the days after ``start`` up to and including ``end``."""
        low, high = self._index(start), self._index(end)
        return _clean(self._weight[high] - self._weight[low]) if high > low else 0.0

    def dispersion(self, start: date, end: date) -> float | None:
        """Return the variance-to-mean ratio of the daily weights after ``start`` up to ``end``.

        For incidents arriving as a Poisson process with weights ``w`` this estimates
        ``E[w**2] / E[w]``, the factor by which a window's variance exceeds its expected weight;
        clustering on days raises it further. None when the span has no weight.
        """
        low, high = self._index(start), self._index(end)
        days = (end - start).days
        total = _clean(self._weight[high] - self._weight[low]) if high > low else 0.0
        if days <= 0 or total <= 0:
            return None
        mean = total / days
        squares = _clean(self._squares[high] - self._squares[low])
        return max(squares / days - mean * mean, 0.0) / mean

    def totals(self, start: date, end: date) -> Totals:
        """Return all sums over the days after ``start`` up to and including ``end``."""
        low, high = self._index(start), self._index(end)
        if high <= low:
            return Totals()
        return Totals(
            _clean(self._weight[high] - self._weight[low]),
            self._incidents[high] - self._incidents[low],
            self._casualties[high] - self._casualties[low],
            self._severity[high] - self._severity[low],
            _clean(self._confidence[high] - self._confidence[low]),
        )
