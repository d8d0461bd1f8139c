"""The early-warning consumer: incident events keep its copy, indicators and alerts up to date."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import utcnow
from pdp_common.events.envelope import Envelope
from pdp_common.events.subscription import EventHandler, Subscription
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.early_warning import copy
from incidents.early_warning.assessments import Recompute, indicator_settings
from incidents.early_warning.places import Place
from incidents.settings import IncidentsSettings

DURABLE = "incidents_early_warning"


@cache
def configured_settings() -> IncidentsSettings:
    """Return the service's settings as the environment gives them (read once)."""
    return IncidentsSettings()


async def _recompute(
    session: AsyncSession, places: set[Place], settings: IncidentsSettings
) -> None:
    now = utcnow()
    await Recompute(session, indicator_settings(settings), now=now).places(
        list(places), as_of=now.date()
    )


def subscription(
    settings: Callable[[], IncidentsSettings] = configured_settings,
) -> Subscription:
    """Return the subscription that recomputes the places an incident event touches, today,
    with the indicator settings ``settings`` returns."""

    async def on_incident_changed(
        session: AsyncSession, event: Envelope[incident_events.IncidentSnapshot]
    ) -> None:
        """Update the copy, then the indicators and alerts of the incident's old and new place."""
        await _recompute(session, await copy.apply_snapshot(session, event.data), settings())

    async def on_incident_merged(
        session: AsyncSession, event: Envelope[incident_events.IncidentMerged]
    ) -> None:
        """Update the copy (the duplicates weigh 0), then the places of every merged incident."""
        await _recompute(session, await copy.apply_merge(session, event.data), settings())

    snapshots = [
        e for e in incident_events.SNAPSHOT_EVENTS if e is not incident_events.IncidentMerged
    ]
    return Subscription(
        durable=DURABLE,
        stream=incident_events.STREAM,
        handlers=[
            *(EventHandler(kind, on_incident_changed) for kind in snapshots),
            EventHandler(incident_events.IncidentMerged, on_incident_merged),
        ],
        description="Incident events feed the early-warning indicators and escalation alerts.",
    )
