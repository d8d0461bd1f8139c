"""A service's side of delivery, as a test would write it: an endpoints table and its targets."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from pdp_common.db import Database, UUIDPk, make_metadata, new_id
from pdp_common.webhook_delivery import DeliveryTarget, delivery_tables
from sqlalchemy import Boolean, Column, String, Table, Text, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

metadata = make_metadata()
TABLES = delivery_tables(metadata, prefix="test")
endpoints = Table(
    "endpoints",
    metadata,
    Column("id", UUIDPk, primary_key=True),
    Column("url", Text, nullable=False),
    Column("secret", String(100), nullable=False),
    Column("is_suspended", Boolean, nullable=False),
    Column("suspended_reason", Text),
)


class EndpointTargets:
    """Targets read from the ``endpoints`` table; suspension sets its flag and reason."""

    def __init__(self) -> None:
        self.suspensions = 0

    async def load(
        self, session: AsyncSession, target_ids: Sequence[uuid.UUID]
    ) -> Mapping[uuid.UUID, DeliveryTarget]:
        rows = await session.execute(select(endpoints).where(endpoints.c.id.in_(target_ids)))
        return {
            row.id: DeliveryTarget(
                id=row.id, url=row.url, secrets=[row.secret], is_active=not row.is_suspended
            )
            for row in rows
        }

    async def suspend(self, session: AsyncSession, target_id: uuid.UUID, *, reason: str) -> None:
        self.suspensions += 1
        await session.execute(
            update(endpoints)
            .where(endpoints.c.id == target_id)
            .values(is_suspended=True, suspended_reason=reason)
        )


async def add_endpoint(db: Database, *, url: str, secret: str) -> uuid.UUID:
    """Register an endpoint; return its id."""
    endpoint_id = new_id()
    async with db.transaction() as session:
        await session.execute(
            insert(endpoints).values(id=endpoint_id, url=url, secret=secret, is_suspended=False)
        )
    return endpoint_id


class Clock:
    """A clock the test moves by hand, starting at the real time (signatures stay fresh)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
