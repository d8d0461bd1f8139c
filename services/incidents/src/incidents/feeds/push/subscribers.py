"""The push consumer: the incidents service's own events enqueue deliveries to partner webhooks."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from pdp_common.contracts import incidents as incident_events
from pdp_common.events.envelope import Envelope
from pdp_common.events.subscription import EventHandler, Subscription
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.feeds.push.enqueueing import enqueue_changes
from incidents.settings import IncidentsSettings

DURABLE = "incidents_feed_push"


@cache
def configured_settings() -> IncidentsSettings:
    """Return the service's settings as the environment gives them (read once)."""
    return IncidentsSettings()


def subscription(
    settings: Callable[[], IncidentsSettings] = configured_settings,
) -> Subscription:
    """Return the subscription that enqueues, in the event's transaction, what each partner
    webhook receives about the incidents an event changed."""

    async def on_incident_changed(
        session: AsyncSession, event: Envelope[incident_events.IncidentSnapshot]
    ) -> None:
        """Enqueue the incident (and, for a merge, the incidents merged into it)."""
        ids = [event.data.incident_id]
        if isinstance(event.data, incident_events.IncidentMerged):
            ids += event.data.merged_ids
        await enqueue_changes(
            session, ids, event_id=str(event.id), cap_sender=settings().feed_cap_sender
        )

    return Subscription(
        durable=DURABLE,
        stream=incident_events.STREAM,
        handlers=[
            EventHandler(kind, on_incident_changed) for kind in incident_events.SNAPSHOT_EVENTS
        ],
        description="Incident events enqueue signed deliveries to partner webhooks.",
    )
