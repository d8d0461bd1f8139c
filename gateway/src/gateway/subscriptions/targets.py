"""The delivery worker's view of subscriptions: where each receives, with which secrets, and
suspending one. The owner's credential is checked again at every delivery: a subscription whose
API key was revoked, expired or deleted is suspended with that reason."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime

import structlog
from pdp_common.db import utcnow
from pdp_common.webhook_delivery import DeliveryTarget
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.subscriptions.models import EventSubscription, SubscriptionStatus
from gateway.subscriptions.owners import api_key_id, credential_problem
from gateway.subscriptions.repository import SubscriptionRepository

log = structlog.get_logger(__name__)


class SubscriptionTargets:
    """Targets read from ``event_subscriptions``; only an active one is delivered to (the
    deliveries of a suspended or disabled one are held until it is resumed or enabled)."""

    async def load(
        self, session: AsyncSession, target_ids: Sequence[uuid.UUID]
    ) -> Mapping[uuid.UUID, DeliveryTarget]:
        """Return the subscriptions of ``target_ids`` that still exist."""
        repository = SubscriptionRepository(session)
        subscriptions = await repository.for_delivery(target_ids)
        key_ids = {s.id: api_key_id(s.owner_credential) for s in subscriptions}
        keys = await repository.api_keys([k for k in key_ids.values() if k is not None])
        now = utcnow()
        targets: dict[uuid.UUID, DeliveryTarget] = {}
        for subscription in subscriptions:
            is_active = subscription.status == SubscriptionStatus.ACTIVE
            key_id = key_ids[subscription.id]
            problem = None if key_id is None else credential_problem(keys.get(key_id), now=now)
            if is_active and problem is not None:
                await self.suspend(session, subscription.id, reason=problem)
                is_active = False
            targets[subscription.id] = DeliveryTarget(
                id=subscription.id,
                url=subscription.url,
                secrets=_secrets(subscription, now=now),
                is_active=is_active,
            )
        return targets

    async def suspend(self, session: AsyncSession, target_id: uuid.UUID, *, reason: str) -> None:
        """Suspend the subscription, keeping the reason; its owner resumes it."""
        await SubscriptionRepository(session).suspend(target_id, reason=reason, now=utcnow())
        log.warning("event subscription suspended", subscription_id=str(target_id), reason=reason)


def _secrets(subscription: EventSubscription, *, now: datetime) -> list[str]:
    secrets = [subscription.secret]
    expires = subscription.previous_secret_expires_at
    if subscription.previous_secret and expires is not None and expires > now:
        secrets.append(subscription.previous_secret)
    return secrets
