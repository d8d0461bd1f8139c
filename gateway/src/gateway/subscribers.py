"""The gateway's durable consumers: the copy of sharing terms and the webhook fan-out.

Listed in one place so that the gateway's app and its NATS permissions
(``deploy/nats/platform_events.py``) are derived from the same list.
"""

from __future__ import annotations

from pdp_common.events.subscription import Subscription

from gateway.events import sharing
from gateway.settings import GatewaySettings
from gateway.subscriptions.runtime import EventWebhooks


def subscriptions(
    settings: GatewaySettings, webhooks: EventWebhooks | None = None
) -> list[Subscription]:
    """Return the gateway's subscriptions, configured by ``settings``: the copy of sharing terms
    and, when webhook subscriptions are on, their fan-out (through ``webhooks``, the app's)."""
    webhooks = webhooks or EventWebhooks(settings)
    return [sharing.subscription(), *webhooks.subscriptions()]
