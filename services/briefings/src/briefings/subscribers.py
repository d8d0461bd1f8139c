"""What the briefings service learns from other services' events: incidents for the digest,
escalation alerts for the regional picture, and sharing terms for partners' access."""

from __future__ import annotations

from pdp_common.contracts import early_warning as alert_events
from pdp_common.contracts import incidents as incident_events
from pdp_common.events.envelope import Envelope
from pdp_common.events.subscription import EventHandler, Handler, Subscription
from pdp_common.sharing_copy import sharing_subscription
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import digest
from briefings.early_warning import service as early_warning
from briefings.models import sharing
from briefings.settings import BriefingsSettings

INCIDENTS_DURABLE = "briefings_incidents"
ALERTS_DURABLE = "briefings_early_warning"
SHARING_DURABLE = "briefings_sharing_terms"


async def on_incident_changed(
    session: AsyncSession, event: Envelope[incident_events.IncidentSnapshot]
) -> None:
    """Keep the digest in step with an incident."""
    await digest.apply_incident(session, event.data)


async def on_incident_merged(
    session: AsyncSession, event: Envelope[incident_events.IncidentMerged]
) -> None:
    """Keep the digest in step with a merge: the duplicates are marked merged."""
    await digest.apply_merge(session, event.data)


async def on_alert_changed(
    session: AsyncSession, event: Envelope[alert_events.EscalationAlert]
) -> None:
    """Keep the copy of alerts in step with an alert raised, updated or subsided."""
    await early_warning.apply_alert(session, event.data)


def on_incident_verified(*, min_severity: int) -> Handler[incident_events.IncidentVerified]:
    """Return the handler that keeps the digest in step and drafts a flash alert when the
    verified incident is at least ``min_severity``."""

    async def on_incident_verified(
        session: AsyncSession, event: Envelope[incident_events.IncidentVerified]
    ) -> None:
        await digest.apply_incident(session, event.data)
        await digest.draft_flash_alert(session, event.data, min_severity=min_severity)

    return on_incident_verified


def subscriptions(settings: BriefingsSettings) -> list[Subscription]:
    """Return the service's subscriptions, configured by ``settings``."""
    flash_alert_severity = settings.flash_alert_severity
    return [
        Subscription(
            durable=INCIDENTS_DURABLE,
            stream=incident_events.STREAM,
            handlers=[
                EventHandler(incident_events.IncidentReported, on_incident_changed),
                EventHandler(incident_events.IncidentUpdated, on_incident_changed),
                EventHandler(
                    incident_events.IncidentVerified,
                    on_incident_verified(min_severity=flash_alert_severity),
                ),
                EventHandler(incident_events.IncidentRejected, on_incident_changed),
                EventHandler(incident_events.IncidentCorrected, on_incident_changed),
                EventHandler(incident_events.IncidentRetracted, on_incident_changed),
                EventHandler(incident_events.IncidentMerged, on_incident_merged),
            ],
            description="Incidents feed the digest the briefing templates draw on.",
        ),
        Subscription(
            durable=ALERTS_DURABLE,
            stream=alert_events.STREAM,
            handlers=[
                EventHandler(alert_events.AlertRaised, on_alert_changed),
                EventHandler(alert_events.AlertUpdated, on_alert_changed),
                EventHandler(alert_events.AlertSubsided, on_alert_changed),
            ],
            description="Escalation alerts feed the regional picture of daily briefs.",
        ),
        sharing_subscription(sharing, durable=SHARING_DURABLE),
    ]
