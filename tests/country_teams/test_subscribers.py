"""The country-teams subscriptions: a handler for every incident event."""

from __future__ import annotations

from country_teams import subscribers
from pdp_common.contracts import incidents as incident_events


class TestIncidentsSubscription:
    def test_every_incident_event_has_a_handler(self) -> None:
        (subscription,) = subscribers.SUBSCRIPTIONS
        assert subscription.stream == incident_events.STREAM
        handled = {entry.event for entry in subscription.handlers}
        assert handled == set(incident_events.SNAPSHOT_EVENTS)

    def test_a_merge_also_retires_the_duplicates(self) -> None:
        (subscription,) = subscribers.SUBSCRIPTIONS
        found = subscription.handler_for(incident_events.IncidentMerged.event_type)
        assert found is not None
        assert found.handler is subscribers.on_incident_merged
