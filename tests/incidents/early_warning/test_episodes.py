from __future__ import annotations

from datetime import date, timedelta

from incidents.early_warning.episodes import Episode, Transition, step
from incidents.early_warning.indicators import Assessment, IndicatorSettings, assess_series
from incidents.early_warning.series import DailySeries

from tests.incidents.early_warning.series_factory import START, stable, with_extra

SETTINGS = IndicatorSettings()
DAY = date(2025, 3, 1)


def assessment(score: float, *, day: int = 0, observed: float = 10.0) -> Assessment:
    """Return a 7-day assessment with ``score`` on ``DAY`` + ``day``."""
    return Assessment(
        as_of=DAY + timedelta(days=day),
        window_days=7,
        observed=observed,
        expected=1.0,
        score=score,
        trend=0.0,
        incidents=5,
        factors=(),
    )


def run(scores: list[float]) -> tuple[Episode | None, list[tuple[int, Transition]]]:
    """Feed one score a day and return the final episode and the transitions by day."""
    episode: Episode | None = None
    transitions = []
    for day, score in enumerate(scores):
        episode, transition = step(episode, assessment(score, day=day), SETTINGS)
        if transition is not None:
            transitions.append((day, transition))
    return episode, transitions


class TestStep:
    def test_quiet_gives_nothing(self) -> None:
        assert step(None, assessment(1.0), SETTINGS) == (None, None)

    def test_departure_raises(self) -> None:
        episode, transition = step(None, assessment(3.5), SETTINGS)
        assert transition is Transition.RAISED
        assert episode == Episode(
            open=True,
            raised_on=DAY,
            peak_score=3.5,
            calm_days=0,
            last_score=3.5,
            last_on=DAY,
        )

    def test_high_score_below_min_observed_does_not_raise(self) -> None:
        assert step(None, assessment(9.0, observed=1.0), SETTINGS) == (None, None)

    def test_one_alert_per_episode(self) -> None:
        scores = [0.5, 3.2, 4.0, 3.8, 5.0, 2.9, 2.0, 1.6, 1.4, 1.0, 3.4, 1.0, *[0.5] * 7, 0.2]
        episode, transitions = run(scores)
        assert transitions == [
            (1, Transition.RAISED),
            (2, Transition.UPDATED),
            (4, Transition.UPDATED),
            (17, Transition.SUBSIDED),
        ]
        assert episode is not None
        assert not episode.open
        assert episode.raised_on == DAY + timedelta(days=1)
        assert episode.peak_score == 5.0

    def test_hovering_between_thresholds_never_subsides(self) -> None:
        episode, transitions = run([3.5, *[2.0, 2.9, 1.6] * 10])
        assert transitions == [(0, Transition.RAISED)]
        assert episode is not None
        assert episode.open
        assert episode.calm_days == 0

    def test_calm_must_be_consecutive(self) -> None:
        _, transitions = run([3.5, *[0.5] * 6, 1.7, *[0.5] * 6])
        assert transitions == [(0, Transition.RAISED)]
        _, transitions = run([3.5, *[0.5] * 6, 1.7, *[0.5] * 7])
        assert transitions == [(0, Transition.RAISED), (14, Transition.SUBSIDED)]

    def test_new_departure_after_subsiding_raises_again(self) -> None:
        _, transitions = run([3.5, *[0.5] * 7, 3.1])
        assert transitions == [
            (0, Transition.RAISED),
            (7, Transition.SUBSIDED),
            (8, Transition.RAISED),
        ]

    def test_same_day_fed_twice_counts_once(self) -> None:
        episode, _ = step(None, assessment(3.5), SETTINGS)
        for day in range(1, 7):
            for _ in range(3):
                episode, transition = step(episode, assessment(0.5, day=day), SETTINGS)
                assert transition is None
        assert episode is not None
        assert episode.calm_days == 6
        assert episode.open
        episode, transition = step(episode, assessment(0.5, day=7), SETTINGS)
        assert transition is Transition.SUBSIDED

    def test_same_day_new_peak_updates_and_resets_calm(self) -> None:
        episode, _ = step(None, assessment(3.5), SETTINGS)
        episode, _ = step(episode, assessment(0.5, day=1), SETTINGS)
        episode, transition = step(episode, assessment(4.5, day=1), SETTINGS)
        assert transition is Transition.UPDATED
        assert episode is not None
        assert episode.calm_days == 0
        assert episode.peak_score == 4.5

    def test_older_assessment_does_not_move_the_day_back(self) -> None:
        episode, _ = step(None, assessment(3.5, day=5), SETTINGS)
        episode, transition = step(episode, assessment(0.5, day=2), SETTINGS)
        assert transition is None
        assert episode is not None
        assert episode.last_on == DAY + timedelta(days=5)


class TestEpisodesOnASeries:
    def test_a_sustained_escalation_gives_one_episode(self) -> None:
        onset = START + timedelta(days=760)
        series = DailySeries(with_extra(stable(900, 1.0), onset, 30, 3))
        episode: Episode | None = None
        transitions = []
        for offset in range(700, 900):
            day = START + timedelta(days=offset)
            current = assess_series(series, as_of=day, window_days=7, settings=SETTINGS)
            episode, transition = step(episode, current, SETTINGS)
            if transition is not None:
                transitions.append((day, transition))
        kinds = [transition for _, transition in transitions]
        assert kinds.count(Transition.RAISED) == 1
        assert kinds.count(Transition.SUBSIDED) == 1
        raised_on = next(day for day, kind in transitions if kind is Transition.RAISED)
        subsided_on = next(day for day, kind in transitions if kind is Transition.SUBSIDED)
        assert onset <= raised_on <= onset + timedelta(days=7)
        assert onset + timedelta(days=30) < subsided_on <= onset + timedelta(days=30 + 7 + 14)
