"""The briefings subscriptions: a handler for every incident event, the escalation alerts on a
durable of their own, and the sharing terms."""

from __future__ import annotations

from briefings import subscribers
from briefings.settings import BriefingsSettings
from pdp_common.contracts import early_warning as alert_events
from pdp_common.contracts import incidents as incident_events
from pdp_common.contracts import organizations as org_events


class TestSubscriptions:
    def test_every_incident_event_has_a_handler(self) -> None:
        incidents, _, _ = subscribers.subscriptions(BriefingsSettings())
        assert incidents.stream == incident_events.STREAM
        handled = {entry.event for entry in incidents.handlers}
        assert handled == set(incident_events.SNAPSHOT_EVENTS)

    def test_only_a_verification_may_draft_a_flash_alert(self) -> None:
        incidents, _, _ = subscribers.subscriptions(BriefingsSettings())
        shared = {subscribers.on_incident_changed, subscribers.on_incident_merged}
        for entry in incidents.handlers:
            verified = entry.event is incident_events.IncidentVerified
            assert (entry.handler not in shared) is verified, entry.event

    def test_sharing_terms_come_from_the_organizations_stream(self) -> None:
        _, _, sharing = subscribers.subscriptions(BriefingsSettings())
        assert sharing.stream == org_events.STREAM
        assert sharing.durable == subscribers.SHARING_DURABLE

    def test_alerts_have_a_durable_of_their_own_on_the_incidents_stream(self) -> None:
        incidents, alerts, _ = subscribers.subscriptions(BriefingsSettings())
        assert alerts.stream == alert_events.STREAM == incidents.stream
        assert alerts.durable == subscribers.ALERTS_DURABLE != incidents.durable
        assert {entry.event for entry in alerts.handlers} == set(alert_events.ALERT_EVENTS)
        assert {entry.handler for entry in alerts.handlers} == {subscribers.on_alert_changed}
        assert not set(alerts.filter_subjects()) & set(incidents.filter_subjects())
