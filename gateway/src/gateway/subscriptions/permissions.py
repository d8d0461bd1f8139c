"""Who may subscribe to events, and whose subscriptions a caller sees.

| caller                                                     | may                               |
|------------------------------------------------------------|-----------------------------------|
| Centre staff: analyst, officer, head of centre, system     | subscribe; manage its org's ones  |
| administrator                                              | subscribe; manage every one       |
| partner organization: partner or system role               | subscribe; manage its org's ones  |
| viewer (any organization)                                  | nothing                           |

What a subscription receives is decided per event for the principal that registered it
(:mod:`pdp_common.events.entitlement`), never for the caller who changes it later.
"""

from __future__ import annotations

from pdp_common.identity import Principal, Role

from gateway.subscriptions.errors import SubscriptionNotFound, SubscriptionsForbidden
from gateway.subscriptions.models import EventSubscription

SUBSCRIBER_ROLES = (
    Role.ANALYST,
    Role.OFFICER,
    Role.HEAD_OF_CENTRE,
    Role.SYSTEM,
    Role.PARTNER,
    Role.ADMIN,
)


def require_subscriber(principal: Principal) -> None:
    """Refuse callers whose roles may not subscribe to events (viewers)."""
    if not principal.has_any(*SUBSCRIBER_ROLES):
        raise SubscriptionsForbidden(
            "Event subscriptions are for the Centre's analysts, officers, systems and "
            "administrators, and for partner organizations' systems."
        )


def sees_all(principal: Principal) -> bool:
    """Tell whether the caller sees every organization's subscriptions (administrators)."""
    return principal.is_centre_staff and principal.has_any(Role.ADMIN)


def require_visible(principal: Principal, subscription: EventSubscription) -> None:
    """Answer 404 for another organization's subscription (its existence is not disclosed)."""
    if not (sees_all(principal) or subscription.owner_org == principal.org):
        raise SubscriptionNotFound(f"No event subscription {subscription.id}.")
