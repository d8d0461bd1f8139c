"""Recompute a place's indicators for one day and keep its escalation episodes and alerts.

For a place and a day, SQL sums the copy's incidents per day over the history the indicators need
(:class:`DayTotal`), :func:`assess` weighs each window against its baseline and :func:`step` moves
the window's episode. The episode a day starts from is kept beside the current one, so that
recomputing the same day again (another event, a redelivery, the daily refresh) starts from the
same state and never counts a calm day twice. Alert rows and their events are written in the
caller's transaction: an episode that opens raises an alert; while open, a new peak or a change
of the contributing incidents updates it (a window that merely rolls does not); an episode that
closes subsides it.
"""

from __future__ import annotations

import dataclasses
import typing
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pdp_common.contracts import early_warning as alert_events
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import record_events
from pdp_common.identity import Clearance
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.early_warning.episodes import Episode, step
from incidents.early_warning.indicators import Assessment, DayTotal, IndicatorSettings, assess
from incidents.early_warning.models import (
    EarlyWarningAlert,
    EarlyWarningIndicator,
    incidents_copy_table,
)
from incidents.early_warning.places import Place
from incidents.settings import IncidentsSettings

MAX_CONTRIBUTING = 50
"""At most this many contributing incidents are named by an alert (heaviest first)."""
OPEN = "open"
SUBSIDED = "subsided"
_BY_RANK = {c.rank: c for c in Clearance}


def indicator_settings(settings: IncidentsSettings) -> IndicatorSettings:
    """Return the indicator settings the service is configured with."""
    return IndicatorSettings(
        windows=tuple(settings.early_warning_windows),
        baseline_days=settings.early_warning_baseline_days,
        seasonal_years=settings.early_warning_seasonal_years,
        raise_threshold=settings.early_warning_raise_threshold,
        release_threshold=settings.early_warning_release_threshold,
        release_days=settings.early_warning_release_days,
        min_observed=settings.early_warning_min_observed,
        prior=settings.early_warning_prior,
    )


def _where(place: Place) -> list[ColumnElement[bool]]:
    c = incidents_copy_table.c
    clauses = [c.country == place.country, c.weight > 0]
    if place.admin1 is not None:
        clauses.append(c.admin1 == place.admin1)
    if place.category is not None:
        clauses.append(c.category == place.category)
    return clauses


async def day_totals(
    session: AsyncSession, place: Place, *, since: date, until: date
) -> list[DayTotal]:
    """Return the place's counted incidents summed per day in ``(since, until]``."""
    c = incidents_copy_table.c
    stmt = (
        select(
            c.occurred_on,
            func.sum(c.weight),
            func.count(),
            func.sum(func.coalesce(c.casualties_best, 0)),
            func.sum(c.severity),
            func.sum(func.coalesce(c.confidence_score, 0.5)),
        )
        .where(*_where(place), c.occurred_on > since, c.occurred_on <= until)
        .group_by(c.occurred_on)
        .order_by(c.occurred_on)
    )
    return [
        DayTotal(
            day=day,
            weight=float(weight),
            incidents=int(count),
            casualties=int(casualties),
            severity_sum=int(severity),
            confidence_sum=float(confidence),
        )
        for day, weight, count, casualties, severity, confidence in await session.execute(stmt)
    ]


async def _contributing(
    session: AsyncSession, place: Place, *, as_of: date, window_days: int
) -> tuple[list[uuid.UUID], int]:
    c = incidents_copy_table.c
    stmt = (
        select(c.incident_id, c.sensitivity_rank)
        .where(
            *_where(place),
            c.occurred_on > as_of - timedelta(days=window_days),
            c.occurred_on <= as_of,
        )
        .order_by(c.weight.desc(), c.occurred_at.desc(), c.incident_id)
        .limit(MAX_CONTRIBUTING)
    )
    rows = list(await session.execute(stmt))
    return [r[0] for r in rows], max((r[1] for r in rows), default=Clearance.PUBLIC.rank)


def dump_episode(episode: Episode | None) -> dict[str, Any] | None:
    """Return the episode as JSON-ready data (dates as ISO strings)."""
    if episode is None:
        return None
    data = dataclasses.asdict(episode)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def load_episode(data: dict[str, Any] | None) -> Episode | None:
    """Return the episode stored as :func:`dump_episode` wrote it."""
    if data is None:
        return None
    hints = typing.get_type_hints(Episode)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(Episode):
        value = data.get(field.name)
        hint = hints[field.name]
        if isinstance(value, str) and date in (hint, *typing.get_args(hint)):
            value = date.fromisoformat(value)
        values[field.name] = value
    return Episode(**values)


def factors_of(assessment: Assessment) -> list[dict[str, Any]]:
    """Return the assessment's factors as stored and published."""
    return [
        {"name": f.name, "value": f.value, "baseline": f.baseline, "description": f.description}
        for f in assessment.factors
    ]


def alert_event(
    kind: type[alert_events.EscalationAlert], alert: EarlyWarningAlert
) -> alert_events.EscalationAlert:
    """Return an event of ``kind`` carrying the alert's state."""
    return kind(
        alert_id=alert.id,
        country=alert.country,
        admin1=alert.admin1,
        category=alert.category,
        window_days=alert.window_days,
        observed=alert.observed,
        expected=alert.expected,
        score=alert.score,
        threshold=alert.threshold,
        peak_score=alert.peak_score,
        status=alert.status,
        raised_at=alert.raised_at,
        subsided_at=alert.subsided_at,
        factors=[alert_events.AlertFactor(**f) for f in alert.factors],
        contributing_incident_ids=[uuid.UUID(i) for i in alert.contributing_incident_ids],
        sensitivity=_BY_RANK[alert.sensitivity_rank],
        version=alert.version,
    )


class Recompute:
    """Recompute places for one day in one session, collecting the alert events to publish."""

    def __init__(
        self, session: AsyncSession, settings: IndicatorSettings, *, now: datetime | None = None
    ) -> None:
        self.session = session
        self.settings = settings
        self.now = now or utcnow()
        self.events: list[alert_events.EscalationAlert] = []

    async def places(self, places: Sequence[Place], *, as_of: date) -> None:
        """Recompute every window of each place as of ``as_of``; write alerts and events."""
        for place in sorted(places, key=lambda p: p.key):
            await self.place(place, as_of=as_of)
        if self.events:
            await record_events(self.session, self.events)
            self.events = []

    async def place(self, place: Place, *, as_of: date) -> None:
        """Recompute every window of one place as of ``as_of`` (events recorded by
        :meth:`places`)."""
        since = as_of - timedelta(days=self.settings.history_days)
        days = await day_totals(self.session, place, since=since, until=as_of)
        stored = {
            row.window_days: row
            for row in await self.session.scalars(
                select(EarlyWarningIndicator).where(EarlyWarningIndicator.place == place.key)
            )
        }
        for window in self.settings.windows:
            assessment = assess(days, as_of=as_of, window_days=window, settings=self.settings)
            await self._window(place, assessment, stored.get(window))

    async def _window(
        self, place: Place, assessment: Assessment, row: EarlyWarningIndicator | None
    ) -> None:
        as_of = assessment.as_of
        if row is None:
            row = EarlyWarningIndicator(
                id=new_id(),
                place=place.key,
                country=place.country,
                admin1=place.admin1,
                category=place.category,
                window_days=assessment.window_days,
                open=False,
                episode=None,
                day_start_episode=None,
                alert_id=None,
            )
            self.session.add(row)
        elif row.as_of > as_of:
            return
        elif row.as_of < as_of:
            row.day_start_episode = row.episode
        start = load_episode(row.day_start_episode)
        episode, _ = step(start, assessment, self.settings)
        is_open = episode is not None and episode.open
        alert_id = await self._alert(place, assessment, row, episode if is_open else None)
        row.as_of = as_of
        row.observed = assessment.observed
        row.expected = assessment.expected
        row.score = assessment.score
        row.trend = assessment.trend
        row.incidents = assessment.incidents
        row.factors = factors_of(assessment)
        row.episode = dump_episode(episode)
        row.open = is_open
        row.alert_id = alert_id
        row.updated_at = self.now

    async def _alert(
        self,
        place: Place,
        assessment: Assessment,
        row: EarlyWarningIndicator,
        episode: Episode | None,
    ) -> uuid.UUID | None:
        alert = await self.session.get(EarlyWarningAlert, row.alert_id) if row.alert_id else None
        if alert is not None and alert.status != OPEN:
            alert = None
        if episode is None:
            if alert is not None:
                alert.status = SUBSIDED
                alert.subsided_at = self.now
                self._changed(alert, assessment, peak=alert.peak_score)
                self.events.append(alert_event(alert_events.AlertSubsided, alert))
            return None
        ids, rank = await _contributing(
            self.session, place, as_of=assessment.as_of, window_days=assessment.window_days
        )
        contributing = [str(i) for i in ids]
        if alert is None:
            alert = EarlyWarningAlert(
                id=new_id(),
                place=place.key,
                country=place.country,
                admin1=place.admin1,
                category=place.category,
                window_days=assessment.window_days,
                status=OPEN,
                raised_at=self.now,
                subsided_at=None,
                threshold=self.settings.raise_threshold,
                contributing_incident_ids=contributing,
                sensitivity=_BY_RANK[rank].value,
                sensitivity_rank=rank,
                version=0,
            )
            self.session.add(alert)
            self._changed(alert, assessment, peak=episode.peak_score)
            self.events.append(alert_event(alert_events.AlertRaised, alert))
            return alert.id
        if (
            alert.peak_score != episode.peak_score
            or alert.contributing_incident_ids != contributing
        ):
            alert.contributing_incident_ids = contributing
            alert.sensitivity = _BY_RANK[rank].value
            alert.sensitivity_rank = rank
            self._changed(alert, assessment, peak=episode.peak_score)
            self.events.append(alert_event(alert_events.AlertUpdated, alert))
        return alert.id

    def _changed(self, alert: EarlyWarningAlert, assessment: Assessment, *, peak: float) -> None:
        alert.observed = assessment.observed
        alert.expected = assessment.expected
        alert.score = assessment.score
        alert.peak_score = peak
        alert.factors = factors_of(assessment)
        alert.version += 1
        alert.updated_at = self.now
