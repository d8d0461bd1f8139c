"""The owner of a subscription as the entitlement rule and the credential check see it."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.identity import Clearance, Principal, Role

from gateway.keys.models import ApiKey
from gateway.subscriptions.models import EventSubscription

API_KEY_PREFIX = "api-key:"


def owner_of(subscription: EventSubscription) -> Principal:
    """Return the principal that registered ``subscription``, as it was then."""
    return Principal(
        subject=subscription.owner_subject,
        org=subscription.owner_org,
        roles=frozenset(Role(r) for r in subscription.owner_roles),
        clearance=Clearance(subscription.owner_clearance),
        credential=subscription.owner_credential,
    )


def api_key_id(credential: str) -> uuid.UUID | None:
    """Return the id of the API key behind ``credential``, None for another kind (a bearer
    token, whose person the gateway cannot look up)."""
    if not credential.startswith(API_KEY_PREFIX):
        return None
    try:
        return uuid.UUID(credential.removeprefix(API_KEY_PREFIX))
    except ValueError:
        return None


def credential_problem(key: ApiKey | None, *, now: datetime) -> str | None:
    """Return why an owner's API key no longer authorizes deliveries, or None when it does."""
    if key is None:
        return "The API key that registered this subscription no longer exists."
    if key.revoked_at is not None:
        return f"The API key that registered this subscription was revoked at {key.revoked_at}."
    if key.expires_at is not None and key.expires_at <= now:
        return f"The API key that registered this subscription expired at {key.expires_at}."
    return None
