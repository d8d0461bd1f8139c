"""The worker's view of the partner webhooks: where each receives, and suspending one."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from pdp_common.db import utcnow
from pdp_common.webhook_delivery import DeliveryTarget
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.feeds.push.models import FeedWebhook


class WebhookTargets:
    """Targets read from ``feed_webhooks``; a disabled or suspended webhook is inactive (its
    deliveries are held until it is resumed or enabled)."""

    async def load(
        self, session: AsyncSession, target_ids: Sequence[uuid.UUID]
    ) -> Mapping[uuid.UUID, DeliveryTarget]:
        """Return the webhooks of ``target_ids`` that still exist."""
        rows = await session.scalars(select(FeedWebhook).where(FeedWebhook.id.in_(target_ids)))
        return {
            w.id: DeliveryTarget(
                id=w.id,
                url=w.url,
                secrets=list(w.secrets),
                is_active=w.is_enabled and not w.is_suspended,
            )
            for w in rows
        }

    async def suspend(self, session: AsyncSession, target_id: uuid.UUID, *, reason: str) -> None:
        """Suspend the webhook, keeping the reason; its owner resumes it."""
        now = utcnow()
        await session.execute(
            update(FeedWebhook)
            .where(FeedWebhook.id == target_id, FeedWebhook.is_suspended.is_(False))
            .values(
                is_suspended=True,
                suspended_reason=reason[:1000],
                suspended_at=now,
                suspensions=FeedWebhook.suspensions + 1,
                updated_at=now,
            )
        )
