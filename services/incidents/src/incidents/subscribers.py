"""The events the incidents service consumes: sharing terms from the organizations service."""

from __future__ import annotations

from pdp_common.sharing_copy import sharing_subscription

from incidents.models import sharing

SUBSCRIPTIONS = [sharing_subscription(sharing, durable="incidents_sharing_terms")]
