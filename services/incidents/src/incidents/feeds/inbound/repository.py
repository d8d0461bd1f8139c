"""SQL of the inbound feed: the partner item keys."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.feeds.inbound.models import InboundItem


async def get_key(session: AsyncSession, partner_org: str, item_id: str) -> InboundItem | None:
    """Return the stored key of a partner's item, locked for the transaction."""
    stmt = (
        select(InboundItem)
        .where(InboundItem.partner_org == partner_org, InboundItem.item_id == item_id)
        .with_for_update()
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def add_key(session: AsyncSession, **values: Any) -> InboundItem:
    """Store a new partner item key."""
    key = InboundItem(**values)
    session.add(key)
    await session.flush()
    return key
