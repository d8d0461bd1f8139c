"""The overview's filters, counts and weekly trend."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from console.overview import OverviewFilters, summarize, weekly_counts
from console.session import Viewer
from pdp_common.identity import Clearance

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)  # a Sunday


def _viewer(clearance: Clearance) -> Viewer:
    return Viewer("t", "someone", "UNRCCA", frozenset(), clearance, expires_at=0)


def _incident(country: str, category: str, occurred: str) -> dict[str, Any]:
    return {"country": country, "category": category, "occurred_at": occurred}


class TestFilters:
    def test_unknown_values_are_dropped(self) -> None:
        query = {
            "country": ["KGZ", "FRA"],
            "category": ["terrorism", "alien"],
            "period": ["9"],
            "severity_min": ["7"],
        }
        filters = OverviewFilters.from_query(query, _viewer(Clearance.CONFIDENTIAL))
        assert (filters.country, filters.category) == (["KGZ"], ["terrorism"])
        assert (filters.period, filters.severity_min) == ("365", None)

    def test_sensitivity_stays_within_clearance(self) -> None:
        query = {"sensitivity": ["public", "confidential"]}
        filters = OverviewFilters.from_query(query, _viewer(Clearance.INTERNAL))
        assert filters.sensitivity == ["public"]

    def test_api_parameters(self) -> None:
        filters = OverviewFilters(country=["KAZ"], period="7", severity_min=3, admin1="Osh")
        assert filters.api_params(NOW) == {
            "country": ["KAZ"],
            "admin1": "Osh",
            "severity_min": 3,
            "occurred_from": "2026-11-29T12:00:00+00:00",
        }
        assert "occurred_from" not in OverviewFilters(period="all").api_params(NOW)


class TestCounts:
    def test_weeks_start_on_mondays_and_include_empty_ones(self) -> None:
        incidents = [
            _incident("KGZ", "terrorism", "2026-11-24T10:00:00+00:00"),
            _incident("KGZ", "terrorism", "2026-11-26T10:00:00+00:00"),
            _incident("KAZ", "other", "2026-12-05T10:00:00+00:00"),
        ]
        since = datetime(2026, 11, 20, tzinfo=UTC)
        assert weekly_counts(incidents, since=since, now=NOW) == [
            (date(2026, 11, 16), 0),
            (date(2026, 11, 23), 2),
            (date(2026, 11, 30), 1),
        ]

    def test_summary_orders_countries_as_the_region(self) -> None:
        incidents = [
            _incident("UZB", "other", "2026-12-01T00:00:00+00:00"),
            _incident("KAZ", "other", "2026-12-01T00:00:00+00:00"),
            _incident("KAZ", "terrorism", "2026-12-02T00:00:00+00:00"),
        ]
        overview = summarize(incidents, 5, since=None, now=NOW)
        assert overview.by_country == [("KAZ", 2), ("UZB", 1)]
        assert overview.by_category == [("other", 2), ("terrorism", 1)]
        assert overview.truncated
        assert sum(bar.count for bar in overview.trend.bars) == 3
