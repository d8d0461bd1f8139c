"""The test message a subscription's owner sends itself: a CloudEvent of the gateway's own type
``pdp.gateway.subscription.ping.v1``, signed and delivered like any event."""

from __future__ import annotations

import uuid
from typing import Any

from pdp_common.db import new_id, utcnow
from pdp_common.events.envelope import CLOUDEVENTS_JSON, RawEnvelope, encode

PING_TYPE = "pdp.gateway.subscription.ping.v1"
CONTENT_TYPE = CLOUDEVENTS_JSON


def ping_event(subscription_id: uuid.UUID) -> RawEnvelope:
    """Return a ping CloudEvent for ``subscription_id``."""
    data: dict[str, Any] = {"subscription_id": str(subscription_id)}
    return RawEnvelope(
        id=str(new_id()),
        source="/pdp/gateway",
        type=PING_TYPE,
        subject=str(subscription_id),
        time=utcnow(),
        data=data,
    )


def encoded(event: RawEnvelope) -> bytes:
    """Return the structured-mode JSON of ``event``."""
    return encode(event)
