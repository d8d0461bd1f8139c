"""Escalation episodes: one alert per escalation, raised once and closed once it has subsided.

An episode opens (``RAISED``) when an assessment departs from its baseline (score at least
``raise_threshold`` and at least ``min_observed`` weight). While open it is ``UPDATED`` only when
the score reaches a new peak, so a long escalation does not repeat its alert every day. It closes
(``SUBSIDED``) once the score has stayed below the lower ``release_threshold`` for
``release_days`` consecutive days; a score between the two thresholds neither raises nor counts
as calm (hysteresis), so an indicator hovering around the raise threshold gives one alert, not
many. After it subsides, a new departure opens a new episode.

Assessments may be fed several times for the same day (the service recomputes on each incident
event and daily): ``step`` compares ``as_of`` with the episode's last day, so a repeated day can
raise or update but never counts as a second calm day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from incidents.early_warning.indicators import Assessment, IndicatorSettings


class Transition(StrEnum):
    """What a step did to an episode (each one is published as an alert event)."""

    RAISED = "raised"
    UPDATED = "updated"
    SUBSIDED = "subsided"


@dataclass(frozen=True, slots=True)
class Episode:
    """The state kept per (place, window) between assessments."""

    open: bool
    raised_on: date | None
    peak_score: float
    calm_days: int
    """Consecutive days below ``release_threshold`` while open."""
    last_score: float
    last_on: date | None = None
    """Day of the last assessment fed to ``step`` (repeated days do not count as calm twice)."""


def _raise(assessment: Assessment) -> Episode:
    return Episode(
        open=True,
        raised_on=assessment.as_of,
        peak_score=assessment.score,
        calm_days=0,
        last_score=assessment.score,
        last_on=assessment.as_of,
    )


def _calm_days(episode: Episode, assessment: Assessment, settings: IndicatorSettings) -> int:
    """Return the consecutive calm days including this assessment's day."""
    if assessment.score >= settings.release_threshold:
        return 0
    repeated = episode.last_on is not None and assessment.as_of <= episode.last_on
    if repeated:
        return max(episode.calm_days, 1)  # this day was already counted if it was calm
    return episode.calm_days + 1


def step(
    episode: Episode | None, assessment: Assessment, settings: IndicatorSettings
) -> tuple[Episode | None, Transition | None]:
    """Advance a place's episode by one assessment and return it with the transition, if any."""
    if episode is None or not episode.open:
        if assessment.departs(settings):
            return _raise(assessment), Transition.RAISED
        if episode is None:
            return None, None
        return replace(episode, last_score=assessment.score, last_on=assessment.as_of), None
    last_on = assessment.as_of
    if episode.last_on is not None and episode.last_on > last_on:
        last_on = episode.last_on
    current = replace(
        episode,
        calm_days=_calm_days(episode, assessment, settings),
        last_score=assessment.score,
        last_on=last_on,
    )
    if assessment.departs(settings) and assessment.score > episode.peak_score:
        return replace(current, peak_score=assessment.score), Transition.UPDATED
    if current.calm_days >= settings.release_days:
        return replace(current, open=False), Transition.SUBSIDED
    return current, None
