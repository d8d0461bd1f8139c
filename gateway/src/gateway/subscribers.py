"""The gateway's durable consumers: what it keeps from the platform's events.

Listed in one place so that the gateway's app and its NATS permissions
(``deploy/nats/platform_events.py``) are derived from the same list.
"""

from __future__ import annotations

from pdp_common.events.subscription import Subscription

from gateway.events import sharing
from gateway.settings import GatewaySettings


def subscriptions(settings: GatewaySettings) -> list[Subscription]:
    """Return the gateway's subscriptions, configured by ``settings``."""
    del settings  # every subscription is the same whatever the settings, for now
    return [sharing.subscription()]
