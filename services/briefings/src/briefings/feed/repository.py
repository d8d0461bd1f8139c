"""SQL of the briefings feed: release positions, releases after a position, share records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.feed.models import BriefingFeedShare, BriefingRelease, BriefingReleaseCounter
from briefings.models import Briefing, BriefingAudience
from briefings.repository import Visibility

Release = tuple[int, Briefing]
"""A release position and the briefing released there."""


class FeedRepository:
    """Reads of releases and writes of release positions and share records."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_release(self, briefing_id: uuid.UUID) -> int:
        """Give ``briefing_id`` the next release position (locking the counter until commit)."""
        stmt = (
            update(BriefingReleaseCounter)
            .where(BriefingReleaseCounter.id == 1)
            .values(last_position=BriefingReleaseCounter.last_position + 1)
            .returning(BriefingReleaseCounter.last_position)
        )
        position = int((await self.session.execute(stmt)).scalar_one())
        self.session.add(BriefingRelease(position=position, briefing_id=briefing_id))
        await self.session.flush()
        return position

    async def last_position(self) -> int:
        """Return the highest release position visible to this transaction."""
        value = await self.session.scalar(select(func.max(BriefingRelease.position)))
        return int(value or 0)

    async def releases_after(
        self, position: int, visibility: Visibility, *, top: int, limit: int
    ) -> list[Release]:
        """Return up to ``limit`` releases in (``position``, ``top``] the SQL part of the access
        rule keeps (classification; the audience for callers outside the Centre), in order."""
        stmt = (
            select(BriefingRelease.position, Briefing)
            .join(Briefing, Briefing.id == BriefingRelease.briefing_id)
            .where(
                BriefingRelease.position > position,
                BriefingRelease.position <= top,
                Briefing.classification.in_(visibility.classifications),
            )
            .order_by(BriefingRelease.position)
            .limit(limit)
        )
        if visibility.audience_org is not None:
            stmt = stmt.where(
                exists().where(
                    BriefingAudience.briefing_id == Briefing.id,
                    BriefingAudience.org == visibility.audience_org,
                )
            )
        return [(int(p), b) for p, b in await self.session.execute(stmt)]

    async def insert_shares(self, rows: Sequence[dict[str, Any]]) -> None:
        """Store share records."""
        if rows:
            await self.session.execute(insert(BriefingFeedShare), list(rows))

    async def shares_page(
        self,
        *,
        partner: str | None,
        briefing_id: uuid.UUID | None,
        since: datetime | None,
        paging: PageParams,
    ) -> tuple[list[BriefingFeedShare], str | None]:
        """Return one page of share records, newest first, filtered as asked."""
        stmt = select(BriefingFeedShare)
        if partner is not None:
            stmt = stmt.where(BriefingFeedShare.partner_org == partner)
        if briefing_id is not None:
            stmt = stmt.where(BriefingFeedShare.briefing_id == briefing_id)
        if since is not None:
            stmt = stmt.where(BriefingFeedShare.served_at >= since)
        return await keyset_page(
            self.session, stmt, columns=[BriefingFeedShare.id], paging=paging, descending=True
        )
