"""Environmental departures rated against each series' own history, on synthetic series (pure),
and over the stored series on both databases."""

from __future__ import annotations

import math
from datetime import date, timedelta

from incidents.early_warning.environment.parsing import ParsedRow, SeriesKey
from incidents.early_warning.environment.service import import_observations
from incidents.early_warning.environment.signals import (
    Observation,
    environmental_signals,
    rate_series,
)
from pdp_common.db import Database

AS_OF = date(2026, 6, 10)


def seasonal_flow(
    first: date, last: date, *, peak_in: dict[int, float] | None = None
) -> list[Observation]:
    """A river flow of 300 m3/s with a spring flood peak of 1,200 m3/s around 10 June each year
    (a few per cent of noise), the peak of the years in ``peak_in`` scaled by its factor."""
    peak_in = peak_in or {}
    days = (last - first).days + 1
    series = []
    for n in range(days):
        day = first + timedelta(n)
        season = math.exp(-(((day.timetuple().tm_yday - 161) / 20) ** 2))
        wiggle = 1 + 0.03 * math.sin(n * 1.7) + 0.02 * math.cos(day.year * 3.1)
        peak = 900 * season * peak_in.get(day.year, 1.0)
        series.append(Observation(day, (300 + peak) * wiggle))
    return series


def rate(kind: str, observations: list[Observation], as_of: date = AS_OF) -> object:
    return rate_series(kind, observations, as_of=as_of, label="Test site", unit="m3/s")


class TestSeasonalBaseline:
    def test_a_usual_seasonal_flood_peak_is_not_flagged(self) -> None:
        rating = rate_series(
            "river_flow", seasonal_flow(date(2019, 1, 1), AS_OF), as_of=AS_OF, label="Naryn",
            unit="m3/s",
        )  # fmt: skip
        assert rating is not None
        assert rating.baseline_method == "seasonal"
        assert rating.baseline > 1000  # the baseline is earlier years' peaks
        assert not rating.departing
        assert rating.score < 2.0

    def test_an_unusual_flood_peak_is_flagged_above(self) -> None:
        observations = seasonal_flow(date(2019, 1, 1), AS_OF, peak_in={2026: 1.8})
        rating = rate_series("river_flow", observations, as_of=AS_OF, label="Naryn", unit="m3/s")
        assert rating is not None
        assert rating.departing
        assert rating.direction == "above"
        assert "Naryn" in rating.description
        assert "the same 7 days in 2019-2025" in rating.description

    def test_a_failed_flood_season_is_flagged_below_for_flows(self) -> None:
        observations = seasonal_flow(date(2019, 1, 1), AS_OF, peak_in={2026: 0.2})
        rating = rate_series("river_flow", observations, as_of=AS_OF, label="Naryn", unit="m3/s")
        assert rating is not None
        assert rating.departing
        assert rating.direction == "below"

    def test_the_peak_against_a_trailing_baseline_alone_would_look_unusual(self) -> None:
        # With one spring of history there is no seasonal baseline: the trailing one is used,
        # and the peak stands out against the dry weeks before it.
        rating = rate_series(
            "river_flow", seasonal_flow(date(2026, 1, 1), AS_OF), as_of=AS_OF, label="Naryn",
            unit="m3/s",
        )  # fmt: skip
        assert rating is not None
        assert rating.baseline_method == "trailing"
        assert rating.departing


class TestDirection:
    def _drought(self, latest: float) -> list[Observation]:
        start = AS_OF - timedelta(days=200)
        history = [
            Observation(start + timedelta(n), 0.1 * math.sin(n)) for n in range(193)
        ]  # near-normal index
        recent = [Observation(AS_OF - timedelta(n), latest) for n in range(7)]
        return history + recent

    def test_a_drier_index_warns_below(self) -> None:
        rating = rate_series(
            "drought_index", self._drought(-1.8), as_of=AS_OF, label="Dashoguz", unit="index"
        )
        assert rating is not None
        assert (rating.direction, rating.departing) == ("below", True)

    def test_a_wetter_index_does_not_warn_of_drought(self) -> None:
        rating = rate_series(
            "drought_index", self._drought(1.8), as_of=AS_OF, label="Dashoguz", unit="index"
        )
        assert rating is not None
        assert rating.direction == "above"
        assert (rating.score, rating.departing) == (0.0, False)


class TestEventCounts:
    def _mudflows(self, this_year: int) -> list[Observation]:
        observations = [Observation(date(2019, 1, 1), 0.0)]
        for year in range(2019, 2026):
            observations.append(Observation(date(year, 6, 8), 1.0))
        for n in range(this_year):
            observations.append(Observation(AS_OF - timedelta(days=n), 1.0))
        return observations

    def test_a_usual_mudflow_season_is_not_flagged(self) -> None:
        rating = rate_series(
            "mudflow_event", self._mudflows(1), as_of=AS_OF, label="Fergana", unit="events"
        )
        assert rating is not None
        assert rating.baseline_method == "seasonal"
        assert not rating.departing

    def test_many_more_mudflows_than_usual_are_flagged(self) -> None:
        rating = rate_series(
            "mudflow_event", self._mudflows(5), as_of=AS_OF, label="Fergana", unit="events"
        )
        assert rating is not None
        assert rating.departing
        assert "total 5 events over the 7 days" in rating.description
        assert "4 events above the median" in rating.description


class TestNoRating:
    def test_no_recent_data_gives_no_rating(self) -> None:
        observations = seasonal_flow(date(2019, 1, 1), AS_OF - timedelta(days=30))
        assert rate("river_flow", observations) is None

    def test_too_short_a_history_gives_no_rating(self) -> None:
        observations = seasonal_flow(AS_OF - timedelta(days=10), AS_OF)
        assert rate("river_flow", observations) is None

    def test_later_observations_are_ignored(self) -> None:
        observations = seasonal_flow(date(2019, 1, 1), AS_OF + timedelta(days=30))
        rating = rate_series("river_flow", observations, as_of=AS_OF, label="Naryn", unit="m3/s")
        assert rating is not None
        assert rating.latest_on == AS_OF


class TestEnvironmentalSignals:
    async def test_rates_current_series_only_highest_score_first(self, db: Database) -> None:
        def rows(site: str, observations: list[Observation]) -> list[ParsedRow]:
            return [
                ParsedRow(n, SeriesKey("KGZ", "Naryn", site, "river_flow"), "m3/s",
                          o.observed_on, o.value)
                for n, o in enumerate(observations, start=1)
            ]  # fmt: skip

        usual = seasonal_flow(date(2019, 1, 1), AS_OF)
        unusual = seasonal_flow(date(2019, 1, 1), AS_OF, peak_in={2026: 1.8})
        stale = seasonal_flow(date(2019, 1, 1), AS_OF - timedelta(days=30))
        async with db.transaction() as session:
            for site, observations in (("Usual", usual), ("Unusual", unusual), ("Stale", stale)):
                await import_observations(session, rows(site, observations))
        async with db.sessions() as session:
            signals = await environmental_signals(session, as_of=AS_OF)
        assert [(s.site, s.departing) for s in signals] == [("Unusual", True), ("Usual", False)]
        top = signals[0]
        assert (top.country, top.admin1, top.kind, top.unit, top.direction) == (
            "KGZ", "Naryn", "river_flow", "m3/s", "above",
        )  # fmt: skip
        assert top.baseline_method == "seasonal"
        assert top.latest_on == AS_OF
        assert top.description.startswith("Unusual (Naryn, KGZ): river flow mean")
