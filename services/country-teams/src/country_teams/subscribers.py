"""What the country-teams service learns from other services' events."""

from __future__ import annotations

from typing import Any

from pdp_common.contracts import incidents as incident_events
from pdp_common.events.consumer import Handler, Subscription
from pdp_common.events.envelope import Envelope, EventData
from sqlalchemy.ext.asyncio import AsyncSession

from country_teams import gaps

INCIDENTS_DURABLE = "country_teams_incidents"


async def on_incident_changed(session: AsyncSession, event: Envelope[Any]) -> None:
    """Keep the risk read model in step with an incident."""
    await gaps.apply_incident(session, event.data)


_HANDLERS: dict[type[EventData], Handler] = dict.fromkeys(
    incident_events.SNAPSHOT_EVENTS, on_incident_changed
)

SUBSCRIPTIONS = [
    Subscription(
        durable=INCIDENTS_DURABLE,
        stream="PDP_INCIDENTS",
        handlers=_HANDLERS,
        description="Incidents feed the risk read model behind the gaps.",
    )
]
