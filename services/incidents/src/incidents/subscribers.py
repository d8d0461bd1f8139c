"""The events the incidents service consumes: sharing terms from the organizations service, and
its own incident events, which feed the early-warning indicators and the partner webhooks."""

from __future__ import annotations

from pdp_common.sharing_copy import sharing_subscription

from incidents.early_warning import subscribers as early_warning
from incidents.feeds.push import subscribers as feed_push
from incidents.models import sharing

SUBSCRIPTIONS = [
    sharing_subscription(sharing, durable="incidents_sharing_terms"),
    early_warning.subscription(),
    feed_push.subscription(),
]
