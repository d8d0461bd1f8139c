"""The gateway's copy of information-sharing terms, kept from the organizations service's events.

Events leave the platform through the gateway (server-sent events, webhook deliveries) only to
callers entitled to them (:mod:`pdp_common.events.entitlement`); for a partner organization that
depends on its agreements and the governments' consents, which the gateway keeps as incidents and
briefings do (:mod:`pdp_common.sharing_copy`).
"""

from __future__ import annotations

from pdp_common.events.subscription import Subscription
from pdp_common.sharing_copy import sharing_subscription, sharing_tables

from gateway.base import Base

SHARING_DURABLE = "gateway_sharing_terms"

sharing = sharing_tables(Base.metadata)


def subscription() -> Subscription:
    """Return the durable consumer that keeps the gateway's copy of sharing terms."""
    return sharing_subscription(sharing, durable=SHARING_DURABLE)
