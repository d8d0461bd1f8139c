"""SQL of event subscriptions, their deliveries and their owners' credentials."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pdp_common.keyset import cursor_values, keyset_page
from pdp_common.pagination import PageParams, encode_cursor, keyset_after
from pdp_common.repository import Repository
from pdp_common.webhook_delivery import DeliveryStatus
from sqlalchemy import Row, func, select, update

from gateway.keys.models import ApiKey
from gateway.subscriptions.models import DELIVERIES, EventSubscription, SubscriptionStatus

RECEIVING = (SubscriptionStatus.ACTIVE.value, SubscriptionStatus.SUSPENDED.value)


class SubscriptionRepository(Repository[EventSubscription]):
    """Load and store event subscriptions and read their delivery log."""

    model = EventSubscription

    async def list_page(
        self, *, org: str | None, paging: PageParams
    ) -> tuple[list[EventSubscription], str | None]:
        """Return one page of subscriptions (of ``org``, or all), newest first."""
        stmt = select(EventSubscription)
        if org is not None:
            stmt = stmt.where(EventSubscription.owner_org == org)
        return await keyset_page(
            self.session, stmt, columns=[EventSubscription.id], paging=paging, descending=True
        )

    async def count_of(self, org: str) -> int:
        """Return how many subscriptions ``org`` has."""
        stmt = select(func.count()).where(EventSubscription.owner_org == org)
        return int(await self.session.scalar(stmt) or 0)

    async def receiving(self) -> list[EventSubscription]:
        """Return the subscriptions events are enqueued for: active ones, and suspended ones
        (their deliveries are held until they are resumed)."""
        stmt = select(EventSubscription).where(EventSubscription.status.in_(RECEIVING))
        return list(await self.session.scalars(stmt.order_by(EventSubscription.id)))

    async def for_delivery(self, ids: Sequence[uuid.UUID]) -> list[EventSubscription]:
        """Return the subscriptions of ``ids`` that exist, share-locked for the rest of the
        transaction (PostgreSQL): a resume waits until the worker has held the deliveries it
        found suspended, and then releases them; SQLite runs one writer at a time anyway."""
        stmt = (
            select(EventSubscription)
            .where(EventSubscription.id.in_(list(ids)))
            .with_for_update(read=True)
        )
        return list(await self.session.scalars(stmt))

    async def suspend(self, subscription_id: uuid.UUID, *, reason: str, now: datetime) -> None:
        """Suspend an active subscription (a suspended or disabled one stays as it is)."""
        await self.session.execute(
            update(EventSubscription)
            .where(
                EventSubscription.id == subscription_id,
                EventSubscription.status == SubscriptionStatus.ACTIVE.value,
            )
            .values(
                status=SubscriptionStatus.SUSPENDED.value,
                status_reason=reason[:1000],
                status_changed_at=now,
                suspensions=EventSubscription.suspensions + 1,
                updated_at=now,
                version=EventSubscription.version + 1,
            )
            .execution_options(synchronize_session=False)
        )

    async def cancel_undelivered(self, subscription_id: uuid.UUID, *, reason: str) -> None:
        """Cancel the subscription's pending and held deliveries."""
        d = DELIVERIES.deliveries
        await self.session.execute(
            update(d)
            .where(
                d.c.target_id == subscription_id,
                d.c.status.in_([DeliveryStatus.PENDING, DeliveryStatus.HELD]),
            )
            .values(status=DeliveryStatus.CANCELLED, last_error=reason)
        )

    async def deliveries_page(
        self, subscription_id: uuid.UUID, *, paging: PageParams
    ) -> tuple[list[Row[Any]], dict[uuid.UUID, list[Row[Any]]], str | None]:
        """Return a page of the subscription's deliveries (newest first, without payloads), the
        attempts of each, and the next cursor."""
        d, a = DELIVERIES.deliveries, DELIVERIES.attempts
        shown = [c for c in d.c if c.name != "payload"]
        stmt = select(*shown).where(d.c.target_id == subscription_id)
        if paging.cursor:
            after = cursor_values(paging.cursor, [d.c.id])
            stmt = stmt.where(keyset_after([d.c.id], after, descending=True))
        found = await self.session.execute(stmt.order_by(d.c.id.desc()).limit(paging.limit + 1))
        rows = list(found.all())
        next_cursor = None
        if len(rows) > paging.limit:
            rows = rows[: paging.limit]
            next_cursor = encode_cursor([rows[-1].id])
        attempts: dict[uuid.UUID, list[Row[Any]]] = {}
        if rows:
            made = await self.session.execute(
                select(a)
                .where(a.c.delivery_id.in_([r.id for r in rows]))
                .order_by(a.c.delivery_id, a.c.attempt)
            )
            for attempt in made:
                attempts.setdefault(attempt.delivery_id, []).append(attempt)
        return rows, attempts, next_cursor

    async def api_keys(self, key_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ApiKey]:
        """Return the API keys of ``key_ids`` that exist."""
        if not key_ids:
            return {}
        rows = await self.session.scalars(select(ApiKey).where(ApiKey.id.in_(list(key_ids))))
        return {key.id: key for key in rows}
