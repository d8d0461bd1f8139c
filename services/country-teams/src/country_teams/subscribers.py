"""What the country-teams service learns from other services' events."""

from __future__ import annotations

from pdp_common.contracts import incidents as incident_events
from pdp_common.events.envelope import Envelope
from pdp_common.events.subscription import EventHandler, Subscription
from sqlalchemy.ext.asyncio import AsyncSession

from country_teams import gaps

INCIDENTS_DURABLE = "country_teams_incidents"


async def on_incident_changed(
    session: AsyncSession, event: Envelope[incident_events.IncidentSnapshot]
) -> None:
    """Keep the risk read model in step with an incident."""
    await gaps.apply_incident(session, event.data)


async def on_incident_merged(
    session: AsyncSession, event: Envelope[incident_events.IncidentMerged]
) -> None:
    """Keep the risk read model in step with a merge: the duplicates count no more."""
    await gaps.apply_merge(session, event.data)


SUBSCRIPTIONS = [
    Subscription(
        durable=INCIDENTS_DURABLE,
        stream=incident_events.STREAM,
        handlers=[
            EventHandler(incident_events.IncidentReported, on_incident_changed),
            EventHandler(incident_events.IncidentUpdated, on_incident_changed),
            EventHandler(incident_events.IncidentVerified, on_incident_changed),
            EventHandler(incident_events.IncidentRejected, on_incident_changed),
            EventHandler(incident_events.IncidentCorrected, on_incident_changed),
            EventHandler(incident_events.IncidentRetracted, on_incident_changed),
            EventHandler(incident_events.IncidentMerged, on_incident_merged),
        ],
        description="Incidents feed the risk read model behind the gaps.",
    )
]
