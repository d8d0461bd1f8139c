"""Rules of event subscriptions: register (URL checked against SSRF, filter checked), change,
delete, resume a suspended one, rotate its secret, read its delivery log, send a ping."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pdp_common import webhook_signing
from pdp_common.concurrency import check_if_match
from pdp_common.db import new_id, utcnow
from pdp_common.identity import Principal
from pdp_common.outbound import OutboundClient, OutboundError, OutboundPolicy
from pdp_common.pagination import PageParams
from pdp_common.webhook_delivery import enqueue, release_target
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.subscriptions import permissions, ping
from gateway.subscriptions.errors import (
    SubscriptionDestinationRefused,
    SubscriptionLimitReached,
    SubscriptionNotActive,
    SubscriptionNotFound,
    SubscriptionNotSuspended,
)
from gateway.subscriptions.filters import checked_filter
from gateway.subscriptions.models import DELIVERIES, EventSubscription, SubscriptionStatus
from gateway.subscriptions.repository import SubscriptionRepository
from gateway.subscriptions.schemas import SubscriptionCreate, SubscriptionUpdate


@dataclass(frozen=True, slots=True)
class Limits:
    """What the gateway's settings allow: outbound policy, subscriptions per org, overlap."""

    policy: OutboundPolicy
    per_org: int
    secret_overlap: timedelta


async def check_url(url: str, policy: OutboundPolicy) -> None:
    """Refuse a URL the delivery worker would refuse (scheme, credentials, host form, every
    address the host resolves to), naming the check that failed."""
    client = OutboundClient(policy)
    try:
        await client.check_destination(url)
    except OutboundError as exc:
        raise SubscriptionDestinationRefused(
            f"The webhook URL is refused: {exc.detail}", reason=exc.code
        ) from exc
    finally:
        await client.aclose()


async def get_subscription(
    session: AsyncSession, *, principal: Principal, subscription_id: uuid.UUID
) -> EventSubscription:
    """Return the subscription if the caller may see it, else raise SubscriptionNotFound."""
    permissions.require_subscriber(principal)
    subscription = await SubscriptionRepository(session).get(subscription_id)
    if subscription is None:
        raise SubscriptionNotFound(f"No event subscription {subscription_id}.")
    permissions.require_visible(principal, subscription)
    return subscription


async def create_subscription(
    session: AsyncSession, *, principal: Principal, data: SubscriptionCreate, limits: Limits
) -> EventSubscription:
    """Register a subscription owned by the caller, with a new secret (shown once)."""
    permissions.require_subscriber(principal)
    chosen = checked_filter(types=data.types, countries=data.countries, categories=data.categories)
    await check_url(data.url, limits.policy)
    repository = SubscriptionRepository(session)
    if await repository.count_of(principal.org) >= limits.per_org:
        raise SubscriptionLimitReached(
            f"{principal.org} already has {limits.per_org} event subscriptions; delete one first."
        )
    now = utcnow()
    subscription = EventSubscription(
        id=new_id(),
        owner_org=principal.org,
        owner_subject=principal.subject,
        owner_roles=sorted(r.value for r in principal.roles),
        owner_clearance=principal.clearance.value,
        owner_credential=principal.credential,
        url=data.url,
        types=list(chosen.types),
        countries=list(chosen.countries),
        categories=list(chosen.categories),
        description=data.description,
        status=(SubscriptionStatus.ACTIVE if data.enabled else SubscriptionStatus.DISABLED).value,
        status_reason=None if data.enabled else f"Registered disabled by {principal.subject}.",
        suspensions=0,
        secret=webhook_signing.generate_secret(),
        created_at=now,
        updated_at=now,
    )
    repository.add(subscription)
    await session.flush()
    return subscription


async def list_subscriptions(
    session: AsyncSession, *, principal: Principal, paging: PageParams
) -> tuple[list[EventSubscription], str | None]:
    """Return a page of the subscriptions the caller sees (its organization's; all for admins)."""
    permissions.require_subscriber(principal)
    org = None if permissions.sees_all(principal) else principal.org
    return await SubscriptionRepository(session).list_page(org=org, paging=paging)


async def update_subscription(
    session: AsyncSession,
    *,
    principal: Principal,
    subscription_id: uuid.UUID,
    data: SubscriptionUpdate,
    if_match: str | None,
    limits: Limits,
) -> EventSubscription:
    """Change the URL, filter, description or enabled state of the version the caller read."""
    subscription = await get_subscription(
        session, principal=principal, subscription_id=subscription_id
    )
    check_if_match(if_match, subscription.version)
    if data.types is not None or data.countries is not None or data.categories is not None:
        chosen = checked_filter(
            types=subscription.types if data.types is None else data.types,
            countries=subscription.countries if data.countries is None else data.countries,
            categories=subscription.categories if data.categories is None else data.categories,
        )
        subscription.types = list(chosen.types)
        subscription.countries = list(chosen.countries)
        subscription.categories = list(chosen.categories)
    if data.url is not None:
        await check_url(data.url, limits.policy)
        subscription.url = data.url
    if "description" in data.model_fields_set:
        subscription.description = data.description
    if data.enabled is not None:
        await _set_enabled(session, subscription, enabled=data.enabled, by=principal)
    subscription.updated_at = utcnow()
    await session.flush()
    return subscription


async def _set_enabled(
    session: AsyncSession, subscription: EventSubscription, *, enabled: bool, by: Principal
) -> None:
    status = SubscriptionStatus(subscription.status)
    if not enabled and status != SubscriptionStatus.DISABLED:
        subscription.status = SubscriptionStatus.DISABLED.value
        subscription.status_reason = f"Disabled by {by.subject}."
        subscription.status_changed_at = utcnow()
    elif enabled and status == SubscriptionStatus.DISABLED:
        subscription.status = SubscriptionStatus.ACTIVE.value
        subscription.status_reason = None
        subscription.status_changed_at = utcnow()
        await release_target(session, DELIVERIES, target_id=subscription.id)


async def delete_subscription(
    session: AsyncSession, *, principal: Principal, subscription_id: uuid.UUID
) -> None:
    """Delete a subscription; what it has not received is cancelled, its log stays."""
    subscription = await get_subscription(
        session, principal=principal, subscription_id=subscription_id
    )
    repository = SubscriptionRepository(session)
    await repository.cancel_undelivered(subscription.id, reason="The subscription was deleted.")
    await session.delete(subscription)
    await session.flush()


async def resume_subscription(
    session: AsyncSession, *, principal: Principal, subscription_id: uuid.UUID
) -> EventSubscription:
    """Resume a suspended subscription: what it missed meanwhile is sent at once."""
    subscription = await get_subscription(
        session, principal=principal, subscription_id=subscription_id
    )
    if subscription.status != SubscriptionStatus.SUSPENDED:
        raise SubscriptionNotSuspended(
            f"Event subscription {subscription_id} is {subscription.status}, not suspended."
        )
    now = utcnow()
    subscription.status = SubscriptionStatus.ACTIVE.value
    subscription.status_reason = None
    subscription.status_changed_at = now
    subscription.updated_at = now
    await release_target(session, DELIVERIES, target_id=subscription.id, now=now)
    await session.flush()
    return subscription


async def rotate_secret(
    session: AsyncSession, *, principal: Principal, subscription_id: uuid.UUID, limits: Limits
) -> EventSubscription:
    """Give the subscription a new secret; messages are signed with the new one and, during the
    overlap, with the previous one too, so the receiver switches without losing any."""
    subscription = await get_subscription(
        session, principal=principal, subscription_id=subscription_id
    )
    now = utcnow()
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_expires_at = now + limits.secret_overlap
    subscription.secret = webhook_signing.generate_secret()
    subscription.updated_at = now
    await session.flush()
    return subscription


async def deliveries_page(
    session: AsyncSession, *, principal: Principal, subscription_id: uuid.UUID, paging: PageParams
) -> tuple[list[Row[Any]], dict[uuid.UUID, list[Row[Any]]], str | None]:
    """Return a page of the subscription's delivery log, newest first, with each attempt."""
    await get_subscription(session, principal=principal, subscription_id=subscription_id)
    return await SubscriptionRepository(session).deliveries_page(subscription_id, paging=paging)


async def send_ping(
    session: AsyncSession, *, principal: Principal, subscription_id: uuid.UUID
) -> tuple[uuid.UUID, str]:
    """Queue a test message to an active subscription; return its delivery and message ids."""
    subscription = await get_subscription(
        session, principal=principal, subscription_id=subscription_id
    )
    if not subscription.is_active:
        raise SubscriptionNotActive(
            f"Event subscription {subscription_id} is {subscription.status}; resume or enable it."
        )
    message = ping.ping_event(subscription.id)
    delivery_id = await enqueue(
        session,
        DELIVERIES,
        target_id=subscription.id,
        event_type=message.type,
        payload=ping.encoded(message),
        message_id=message.id,
        content_type=ping.CONTENT_TYPE,
    )
    return delivery_id, message.id
