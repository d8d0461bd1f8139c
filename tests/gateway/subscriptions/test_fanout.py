"""The fan-out consumers: one per producer stream, a handler for each of its registered event
types on both subject forms; the event id is the webhook-id wherever the header can carry it."""

from __future__ import annotations

from gateway.subscriptions.fanout import CONTRACTS, STREAMS, Fanout, message_id_of
from pdp_common.events.envelope import producer_of
from pdp_common.events.registry import registered
from pdp_common.events.streams import stream_name


class TestSubscriptions:
    def test_one_consumer_per_stream_handles_every_type_of_its_producer(self) -> None:
        subscriptions = Fanout().subscriptions()
        assert [s.stream for s in subscriptions] == list(STREAMS)
        assert [s.durable for s in subscriptions] == [
            "gateway_webhooks_incidents",
            "gateway_webhooks_organizations",
            "gateway_webhooks_country_teams",
            "gateway_webhooks_briefings",
        ]
        for event_type, model in registered().items():
            if not model.__module__.startswith(CONTRACTS):
                continue
            owner = next(s for s in subscriptions if s.handler_for(event_type) is not None)
            assert owner.stream == stream_name(producer_of(event_type))

    def test_both_subject_forms_are_received(self) -> None:
        incidents = Fanout().subscriptions()[0]
        subjects = incidents.filter_subjects()
        assert "pdp.incidents.incident.reported.v1" in subjects
        assert "pdp.incidents.incident.reported.v1.>" in subjects


class TestMessageIds:
    def test_the_event_id_is_the_webhook_id_when_the_header_can_carry_it(self) -> None:
        event_id = "01938f2a-f3b2-7c55-b1d0-9e8f7a6b5c4d"
        assert message_id_of(event_id) == event_id
        assert message_id_of("evt.1") is None
        assert message_id_of("evt 1") is None
        assert message_id_of("e" * 121) is None
