from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from incidents.early_warning.episodes import Episode, Transition, step
from incidents.early_warning.indicators import (
    DayTotal,
    IndicatorSettings,
    assess,
    assess_series,
)
from incidents.early_warning.series import DailySeries
from incidents.early_warning.weights import incident_weight

from tests.incidents.early_warning.series_factory import (
    START,
    day_total,
    stable,
    with_extra,
)

SETTINGS = IndicatorSettings()


def first_departure(days: list[DayTotal], onset: date, window: int, horizon: int) -> int | None:
    """Return how many days after ``onset`` the window first departs (None if it never does)."""
    series = DailySeries(days)
    for offset in range(horizon):
        as_of = onset + timedelta(days=offset)
        if assess_series(series, as_of=as_of, window_days=window, settings=SETTINGS).departs(
            SETTINGS
        ):
            return offset
    return None


def departing_days(days: list[DayTotal], first: date, last: date) -> list[tuple[date, int]]:
    """Return the (day, window) pairs in [first, last] whose assessment departs."""
    series = DailySeries(days)
    found = []
    for offset in range((last - first).days + 1):
        as_of = first + timedelta(days=offset)
        for window in SETTINGS.windows:
            assessment = assess_series(series, as_of=as_of, window_days=window, settings=SETTINGS)
            if assessment.departs(SETTINGS):
                found.append((as_of, window))
    return found


class TestEscalation:
    def test_quadrupling_is_detected_within_a_week(self) -> None:
        onset = START + timedelta(days=760)
        days = with_extra(stable(800, 1.0), onset, 30, 3)  # 1 -> 4 incidents a day
        seven = first_departure(days, onset, 7, 30)
        thirty = first_departure(days, onset, 30, 30)
        assert seven is not None
        assert seven <= 7
        assert thirty is not None
        assert thirty <= 14
        assert first_departure(days, START + timedelta(days=700), 7, 90) == seven + 60

    def test_quiet_place_flags_on_a_deadly_cluster(self) -> None:
        onset = START + timedelta(days=400)
        days = [*stable(420, 0.05), day_total(onset, 3, severity=5, casualties=20)]
        assert first_departure(days, onset, 7, 7) == 0

    def test_factors_explain_the_departure(self) -> None:
        onset = START + timedelta(days=760)
        days = with_extra(stable(800, 1.0), onset, 30, 3)
        assessment = assess(days, as_of=onset + timedelta(days=6), window_days=7, settings=SETTINGS)
        factors = {factor.name: factor for factor in assessment.factors}
        assert set(factors) == {
            "incidents",
            "weighted_score",
            "casualties",
            "mean_severity",
            "mean_confidence",
            "trend",
        }
        assert factors["incidents"].value == assessment.incidents
        assert factors["weighted_score"].value == pytest.approx(assessment.observed)
        assert factors["weighted_score"].baseline == pytest.approx(assessment.expected)
        assert factors["trend"].value == pytest.approx(assessment.trend)
        assert assessment.trend > 0
        assert "expected" in factors["incidents"].description
        assert factors["trend"].description.startswith("weighted score up")
        assert factors["mean_severity"].value == pytest.approx(3.0)
        assert factors["mean_confidence"].value == pytest.approx(1.0)


class TestStable:
    def test_constant_series_is_never_flagged(self) -> None:
        days = [day_total(START + timedelta(days=offset), 2) for offset in range(1200)]
        # The first year is left out: a record starts against a quiet baseline.
        first = START + timedelta(days=SETTINGS.baseline_days + 30)
        assert departing_days(days, first, START + timedelta(days=1199)) == []

    def test_stable_poisson_series_rarely_flags(self) -> None:
        days = stable(1200, 1.0, seed=7)
        flagged = departing_days(days, START + timedelta(days=400), START + timedelta(days=1199))
        assert len(flagged) <= 0.01 * 800 * len(SETTINGS.windows)

    @settings(max_examples=15, deadline=None)
    @given(seed=st.integers(0, 10_000), rate=st.sampled_from([0.3, 1.0, 4.0]))
    def test_stable_poisson_series_rarely_departs(self, seed: int, rate: float) -> None:
        days = stable(700, rate, seed=seed)
        flagged = departing_days(days, START + timedelta(days=400), START + timedelta(days=699))
        # A chance excursion keeps a 30-day window high for a while, so days cluster.
        assert len(flagged) < 0.08 * 300 * len(SETTINGS.windows)

    @pytest.mark.parametrize("rate", [1.0, 4.0])
    def test_false_alarm_rate_of_a_stable_series(self, rate: float) -> None:
        seeds, first, last = 20, 400, 700
        raised = 0
        for seed in range(seeds):
            series = DailySeries(stable(last, rate, seed=seed))
            for window in SETTINGS.windows:
                episode: Episode | None = None
                for offset in range(first, last):
                    as_of = START + timedelta(days=offset)
                    current = assess_series(
                        series, as_of=as_of, window_days=window, settings=SETTINGS
                    )
                    episode, transition = step(episode, current, SETTINGS)
                    raised += transition is Transition.RAISED
        place_years = seeds * len(SETTINGS.windows) * (last - first) / 365
        assert raised / place_years < 0.5  # under one false alert per window every two years


class TestSeasonal:
    def seasonal_days(self) -> list[DayTotal]:
        rng = random.Random(3)
        days = stable(3 * 365, 0.3, seed=3)
        for year in range(3):
            peak = date(2022 + year, 6, 1) + timedelta(days=rng.randint(-3, 3))
            days = with_extra(days, peak, 21, 3)
        return days

    def test_year_one_peak_is_flagged(self) -> None:
        flagged = departing_days(self.seasonal_days(), date(2022, 5, 1), date(2022, 7, 31))
        assert flagged

    def test_same_peak_in_year_three_is_not_flagged(self) -> None:
        flagged = departing_days(self.seasonal_days(), date(2024, 1, 1), date(2024, 12, 30))
        assert flagged == []

    def test_year_three_peak_above_the_season_is_flagged(self) -> None:
        days = with_extra(self.seasonal_days(), date(2024, 6, 5), 14, 6)
        flagged = departing_days(days, date(2024, 6, 1), date(2024, 6, 30))
        assert flagged


class TestRetraction:
    def test_retracted_incidents_contribute_nothing(self) -> None:
        onset = START + timedelta(days=500)
        base = stable(520, 1.0)
        weight = incident_weight(
            severity=5, casualties_best=50, confidence_score=1.0, status="retracted"
        )
        retracted = [DayTotal(onset + timedelta(days=k), weight, 0, 0, 0, 0.0) for k in range(5)]
        counted = with_extra(base, onset, 5, 6)
        as_of = onset + timedelta(days=6)
        with_retracted = assess([*base, *retracted], as_of=as_of, window_days=7, settings=SETTINGS)
        without = assess(base, as_of=as_of, window_days=7, settings=SETTINGS)
        escalated = assess(counted, as_of=as_of, window_days=7, settings=SETTINGS)
        assert with_retracted == without
        assert escalated.departs(SETTINGS)
        assert not with_retracted.departs(SETTINGS)


class TestEdgeCases:
    def test_no_history(self) -> None:
        assessment = assess([], as_of=START, window_days=7, settings=SETTINGS)
        assert (assessment.observed, assessment.expected, assessment.score) == (0.0, 0.0, 0.0)
        assert assessment.incidents == 0
        assert not assessment.departs(SETTINGS)
        severity = next(f for f in assessment.factors if f.name == "mean_severity")
        assert severity.description.startswith("no incidents")

    def test_empty_window_after_activity(self) -> None:
        days = stable(300, 2.0)
        assessment = assess(
            days, as_of=START + timedelta(days=320), window_days=7, settings=SETTINGS
        )
        assert assessment.observed == 0.0
        assert assessment.expected > 0
        assert assessment.score < 0
        assert not assessment.departs(SETTINGS)

    def test_zero_baseline_below_min_observed_does_not_depart(self) -> None:
        days = [day_total(START, 1)]  # weight 0.6, score 0.6 / sqrt(prior)
        assessment = assess(days, as_of=START, window_days=7, settings=SETTINGS)
        assert assessment.expected == 0.0
        assert not assessment.departs(SETTINGS)
        loud = replace(SETTINGS, raise_threshold=0.5, release_threshold=0.2, min_observed=0.5)
        assert assessment.departs(loud)

    def test_window_excludes_the_day_it_starts_after(self) -> None:
        days = [day_total(START, 1), day_total(START + timedelta(days=7), 1)]
        assessment = assess(days, as_of=START + timedelta(days=7), window_days=7, settings=SETTINGS)
        assert assessment.incidents == 1

    def test_history_days_is_enough(self) -> None:
        days = stable(1200, 2.0)
        as_of = START + timedelta(days=1100)
        cut = as_of - timedelta(days=SETTINGS.history_days)
        recent = [total for total in days if total.day > cut]
        for window in SETTINGS.windows:
            full = assess(days, as_of=as_of, window_days=window, settings=SETTINGS)
            assert assess(recent, as_of=as_of, window_days=window, settings=SETTINGS) == full

    def test_duplicate_days_are_summed(self) -> None:
        days = stable(400, 1.0)
        split = [part for total in days for part in (total, replace(total, weight=0.0))]
        as_of = START + timedelta(days=399)
        assert assess(split, as_of=as_of, window_days=7, settings=SETTINGS).observed == (
            pytest.approx(assess(days, as_of=as_of, window_days=7, settings=SETTINGS).observed)
        )

    @pytest.mark.parametrize(
        "changes",
        [
            {"windows": ()},
            {"windows": (0,)},
            {"release_threshold": 4.0},
            {"prior": 0.0},
            {"release_days": 0},
        ],
    )
    def test_bad_settings_are_refused(self, changes: dict[str, object]) -> None:
        with pytest.raises(ValueError, match="must"):
            replace(SETTINGS, **changes)  # type: ignore[arg-type]


class TestInvariance:
    @settings(max_examples=25, deadline=None)
    @given(
        seed=st.integers(0, 1000),
        scale=st.floats(0.1, 10.0),
        offset=st.integers(0, 200),
    )
    def test_scaling_weights_and_prior_keeps_the_score(
        self, seed: int, scale: float, offset: int
    ) -> None:
        days = with_extra(stable(450, 1.0, seed=seed), START + timedelta(days=430), 10, 2)
        scaled_days = [replace(total, weight=total.weight * scale) for total in days]
        scaled = replace(SETTINGS, prior=SETTINGS.prior * scale**2)
        as_of = START + timedelta(days=250 + offset)
        for window in SETTINGS.windows:
            plain = assess(days, as_of=as_of, window_days=window, settings=SETTINGS)
            other = assess(scaled_days, as_of=as_of, window_days=window, settings=scaled)
            assert other.score == pytest.approx(plain.score, rel=1e-6, abs=1e-9)

    @settings(max_examples=25, deadline=None)
    @given(seed=st.integers(0, 1000), shift=st.integers(-2000, 2000))
    def test_shifting_dates_keeps_the_assessment(self, seed: int, shift: int) -> None:
        days = stable(800, 1.5, seed=seed)
        moved = [replace(total, day=total.day + timedelta(days=shift)) for total in days]
        as_of = START + timedelta(days=780)
        plain = assess(days, as_of=as_of, window_days=30, settings=SETTINGS)
        other = assess(
            moved, as_of=as_of + timedelta(days=shift), window_days=30, settings=SETTINGS
        )
        assert other.score == pytest.approx(plain.score, rel=1e-9, abs=1e-9)
        assert other.factors == plain.factors
