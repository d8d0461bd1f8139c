"""The briefings subscriptions: a handler for every incident event, and the sharing terms."""

from __future__ import annotations

from briefings import subscribers
from briefings.settings import BriefingsSettings
from pdp_common.contracts import incidents as incident_events
from pdp_common.contracts import organizations as org_events


class TestSubscriptions:
    def test_every_incident_event_has_a_handler(self) -> None:
        incidents, _ = subscribers.subscriptions(BriefingsSettings())
        assert incidents.stream == incident_events.STREAM
        handled = {entry.event for entry in incidents.handlers}
        assert handled == set(incident_events.SNAPSHOT_EVENTS)

    def test_only_a_verification_may_draft_a_flash_alert(self) -> None:
        incidents, _ = subscribers.subscriptions(BriefingsSettings())
        shared = {subscribers.on_incident_changed, subscribers.on_incident_merged}
        for entry in incidents.handlers:
            verified = entry.event is incident_events.IncidentVerified
            assert (entry.handler not in shared) is verified, entry.event

    def test_sharing_terms_come_from_the_organizations_stream(self) -> None:
        _, sharing = subscribers.subscriptions(BriefingsSettings())
        assert sharing.stream == org_events.STREAM
        assert sharing.durable == subscribers.SHARING_DURABLE
