"""What the briefings service learns from other services' events: incidents for the digest, and
sharing terms for partners' access."""

from __future__ import annotations

from typing import Any

from pdp_common.contracts import incidents as incident_events
from pdp_common.events.consumer import Handler, Subscription
from pdp_common.events.envelope import Envelope, EventData
from pdp_common.sharing_copy import sharing_subscription
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import digest
from briefings.models import sharing
from briefings.settings import BriefingsSettings

INCIDENTS_DURABLE = "briefings_incidents"
SHARING_DURABLE = "briefings_sharing_terms"


def subscriptions(settings: BriefingsSettings) -> list[Subscription]:
    """Return the service's subscriptions, configured by ``settings``."""

    async def on_incident_changed(session: AsyncSession, event: Envelope[Any]) -> None:
        """Keep the digest in step; draft a flash alert when a grave incident is verified."""
        await digest.apply_incident(session, event.data)
        if isinstance(event.data, incident_events.IncidentVerified):
            await digest.draft_flash_alert(
                session, event.data, min_severity=settings.flash_alert_severity
            )

    handlers: dict[type[EventData], Handler] = dict.fromkeys(
        incident_events.SNAPSHOT_EVENTS, on_incident_changed
    )
    return [
        Subscription(
            durable=INCIDENTS_DURABLE,
            stream="PDP_INCIDENTS",
            handlers=handlers,
            description="Incidents feed the digest the briefing templates draw on.",
        ),
        sharing_subscription(sharing, durable=SHARING_DURABLE),
    ]
