"""SQL of engagements and follow-up actions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date

from pdp_common.identity import Clearance
from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from organizations.base import has_code
from organizations.engagements.models import Engagement, FollowUp
from organizations.engagements.schemas import EngagementFilters
from organizations.engagements.vocabulary import OPEN_STATUSES


class EngagementRepository:
    """Load and store engagements and follow-ups in the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, engagement_id: uuid.UUID) -> Engagement | None:
        """Return the engagement with this id, or None."""
        return await self.session.get(Engagement, engagement_id)

    def add(self, entity: Engagement | FollowUp) -> None:
        """Add a new engagement or follow-up to the session."""
        self.session.add(entity)

    async def flush(self) -> None:
        """Send pending changes to the database."""
        await self.session.flush()

    async def page(
        self, filters: EngagementFilters, readable: Sequence[Clearance], paging: PageParams
    ) -> tuple[list[Engagement], str | None]:
        """Return one page of engagements the caller may read, newest first."""
        stmt = select(Engagement).where(Engagement.sensitivity.in_([c.value for c in readable]))
        if filters.kind is not None:
            stmt = stmt.where(Engagement.kind == filters.kind.value)
        if filters.country is not None:
            stmt = stmt.where(has_code(Engagement.countries, filters.country))
        if filters.topic is not None:
            stmt = stmt.where(has_code(Engagement.topics, filters.topic))
        if filters.organization is not None:
            stmt = stmt.where(has_code(Engagement.organizations, filters.organization))
        if filters.occurred_from is not None:
            stmt = stmt.where(Engagement.occurred_at >= filters.occurred_from)
        if filters.occurred_until is not None:
            stmt = stmt.where(Engagement.occurred_at < filters.occurred_until)
        columns = [Engagement.occurred_at, Engagement.id]
        return await keyset_page(
            self.session, stmt, columns=columns, paging=paging, descending=True
        )

    async def follow_ups_of(self, engagement_ids: Iterable[uuid.UUID]) -> list[FollowUp]:
        """Return the follow-ups of these engagements, by due date."""
        ids = set(engagement_ids)
        if not ids:
            return []
        stmt = (
            select(FollowUp)
            .where(FollowUp.engagement_id.in_(ids))
            .order_by(FollowUp.due_on, FollowUp.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def follow_up(self, engagement_id: uuid.UUID, follow_up_id: uuid.UUID) -> FollowUp | None:
        """Return one follow-up of an engagement, or None."""
        stmt = select(FollowUp).where(
            FollowUp.id == follow_up_id, FollowUp.engagement_id == engagement_id
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def overdue_page(
        self, today: date, readable: Sequence[Clearance], paging: PageParams
    ) -> tuple[list[FollowUp], str | None]:
        """Return one page of open follow-ups due before ``today`` on readable engagements."""
        readable_engagements = select(Engagement.id).where(
            Engagement.sensitivity.in_([c.value for c in readable])
        )
        stmt = select(FollowUp).where(
            FollowUp.status.in_([s.value for s in OPEN_STATUSES]),
            FollowUp.due_on < today,
            FollowUp.engagement_id.in_(readable_engagements.scalar_subquery()),
        )
        return await keyset_page(self.session, stmt, columns=[FollowUp.id], paging=paging)

    async def claim_unannounced_overdue(
        self, today: date, limit: int
    ) -> list[tuple[FollowUp, Engagement]]:
        """Lock open follow-ups due before ``today`` not yet announced (skipping locked rows);
        return each with its engagement (not locked)."""
        stmt = (
            select(FollowUp, Engagement)
            .join(Engagement, Engagement.id == FollowUp.engagement_id)
            .where(
                FollowUp.status.in_([s.value for s in OPEN_STATUSES]),
                FollowUp.due_on < today,
                FollowUp.overdue_announced_at.is_(None),
            )
            .order_by(FollowUp.due_on, FollowUp.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=FollowUp)
        )
        rows = await self.session.execute(stmt)
        return [(follow_up, engagement) for follow_up, engagement in rows]
