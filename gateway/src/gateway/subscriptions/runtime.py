"""What the gateway's platform runs for webhook subscriptions: the fan-out consumers and the
delivery worker (neither when ``event_webhooks_enabled`` is off)."""

from __future__ import annotations

from pdp_common.events.subscription import Subscription
from pdp_common.platform import Platform, WorkerFactory
from pdp_common.webhook_delivery import delivery_worker

from gateway.settings import GatewaySettings
from gateway.subscriptions.fanout import Fanout
from gateway.subscriptions.models import DELIVERIES
from gateway.subscriptions.targets import SubscriptionTargets


class EventWebhooks:
    """Hand the platform its consumers and worker, then :meth:`bind` them to it once built."""

    def __init__(self, settings: GatewaySettings) -> None:
        self.enabled = settings.event_webhooks_enabled
        self.settings = settings
        self.fanout = Fanout()

    def subscriptions(self) -> list[Subscription]:
        """Return the fan-out consumers, one per producer stream."""
        return self.fanout.subscriptions() if self.enabled else []

    def workers(self) -> list[WorkerFactory]:
        """Return the delivery worker (SSRF-safe client, no redirects, the webhook_* schedule)."""
        if not self.enabled:
            return []
        return [delivery_worker(DELIVERIES, SubscriptionTargets(), self.settings)]

    def bind(self, platform: Platform) -> None:
        """Read owners' sharing terms from the platform's database."""
        self.fanout.bind(platform.db)
