"""Events to webhooks: a durable consumer per producer stream enqueues, in the transaction that
records the event in the inbox, one delivery per subscription that selects it and whose owner may
receive it.

Each consumer has a handler for every registered event type of its producer
(:func:`pdp_common.events.registry.registered`), and listens on both subject forms of each type
(the bare type, and ``<type>.<country>.<category>``). The owner's entitlement
(:mod:`pdp_common.events.entitlement`) is decided when the event is enqueued, with its
organization's sharing terms as the gateway's copy holds them then.

A delivery carries the event as a structured-mode CloudEvent (``application/cloudevents+json``);
its ``webhook-id`` is the event id, so a receiver de-duplicates retries and redeliveries with it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import structlog
from pdp_common.contracts import briefings as briefing_events
from pdp_common.contracts import country_teams as country_team_events
from pdp_common.contracts import incidents as incident_events
from pdp_common.contracts import organizations as organization_events
from pdp_common.db import Database, utcnow
from pdp_common.events.envelope import CLOUDEVENTS_JSON, Envelope, EventData, encode, producer_of
from pdp_common.events.registry import registered
from pdp_common.events.streams import stream_name
from pdp_common.events.subjects import type_filters
from pdp_common.events.subscription import EventHandler, Subscription
from pdp_common.webhook_delivery import enqueue
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.events.recipients import Recipients
from gateway.subscriptions.filters import EventFilter
from gateway.subscriptions.models import DELIVERIES, EventSubscription
from gateway.subscriptions.owners import owner_of
from gateway.subscriptions.repository import SubscriptionRepository

log = structlog.get_logger(__name__)

STREAMS: tuple[str, ...] = (
    incident_events.STREAM,
    organization_events.STREAM,
    country_team_events.STREAM,
    briefing_events.STREAM,
)
DURABLE_PREFIX = "gateway_webhooks_"
MESSAGE_ID_CHARS = 120


CONTRACTS = "pdp_common.contracts."
"""Where the platform's event types are declared (tests register types of their own)."""


def durable_of(stream: str) -> str:
    """Return the durable consumer name of the fan-out of ``stream``."""
    return DURABLE_PREFIX + stream.removeprefix("PDP_").lower()


def message_id_of(event_id: str) -> str | None:
    """Return the ``webhook-id`` of an event: its id, or None (a delivery id is used instead)
    for an id the header cannot carry (Standard Webhooks ids hold no '.' nor space)."""
    if len(event_id) > MESSAGE_ID_CHARS or "." in event_id or " " in event_id:
        return None
    return event_id


def filter_of(subscription: EventSubscription) -> EventFilter:
    """Return the filter a subscription stores."""
    return EventFilter(
        types=tuple(subscription.types),
        countries=tuple(subscription.countries),
        categories=tuple(subscription.categories),
    )


class Fanout:
    """The fan-out consumers; :meth:`bind` gives them the database the recipients are read from
    (the platform's, known once the platform is built)."""

    def __init__(self) -> None:
        self._recipients: Recipients | None = None

    def bind(self, db: Database) -> None:
        """Read owners' sharing terms from ``db``."""
        self._recipients = Recipients(db)

    def subscriptions(self) -> list[Subscription]:
        """Return one subscription per producer stream, handling each of its event types."""
        models: dict[str, list[type[EventData]]] = defaultdict(list)
        for event_type, model in registered().items():
            if model.__module__.startswith(CONTRACTS):  # the platform's own event types
                models[stream_name(producer_of(event_type))].append(model)
        return [
            Subscription(
                durable=durable_of(stream),
                stream=stream,
                handlers=[EventHandler(model, self.on_event) for model in models[stream]],
                subjects=tuple(s for m in models[stream] for s in type_filters(m.event_type)),
                description="Events enqueue signed deliveries to webhook subscriptions.",
            )
            for stream in STREAMS
            if models[stream]
        ]

    async def on_event(self, session: AsyncSession, event: Envelope[EventData]) -> None:
        """Enqueue ``event`` for every subscription that selects it and may receive it."""
        data: dict[str, Any] = event.data.model_dump(mode="json")
        body: bytes | None = None
        now = utcnow()
        for subscription in await SubscriptionRepository(session).receiving():
            if not filter_of(subscription).matches(event.type, data):
                continue
            if not await self._may_receive(subscription, event, data, now=now):
                continue
            body = body or encode(event)
            await enqueue(
                session,
                DELIVERIES,
                target_id=subscription.id,
                event_type=event.type,
                payload=body,
                message_id=message_id_of(event.id),
                content_type=CLOUDEVENTS_JSON,
                now=now,
            )

    async def _may_receive(
        self,
        subscription: EventSubscription,
        event: Envelope[EventData],
        data: dict[str, Any],
        *,
        now: datetime,
    ) -> bool:
        if self._recipients is None:
            raise RuntimeError("the webhook fan-out is not bound to a database")
        recipient = await self._recipients.of(owner_of(subscription))
        return recipient.may_receive(event.type, data, time=event.time, now=now)
