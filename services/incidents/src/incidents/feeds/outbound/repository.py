"""SQL of the outbound feed: changes after a position, releases, and the record of shares."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import ColumnElement, and_, func, insert, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.repository import visible_clause
from incidents.access.rule import Viewer
from incidents.feeds.outbound.models import FeedShare, IncidentChange
from incidents.models import Incident

Change = tuple[int, Incident]
"""A change position and the incident as it stands now."""


def _served_to(org: str, fmt: str) -> ColumnElement[bool]:
    served = select(FeedShare.incident_id).where(
        FeedShare.partner_org == org, FeedShare.format == fmt
    )
    return IncidentChange.incident_id.in_(served)


class FeedRepository:
    """Reads of change positions and writes of share records."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def last_position(self) -> int:
        """Return the highest change position given out so far."""
        value = await self.session.scalar(select(func.max(IncidentChange.position)))
        return int(value or 0)

    async def changes_after(
        self, position: int, *, top: int, at: Viewer, now: Viewer, fmt: str, limit: int
    ) -> list[Change]:
        """Return up to ``limit`` changes in (``position``, ``top``] the partner may see at both
        instants, or whose incident it was served before in ``fmt`` (a tombstone may be due),
        in position order."""
        shown = or_(and_(visible_clause(at), visible_clause(now)), _served_to(now.org, fmt))
        stmt = (
            select(IncidentChange.position, Incident)
            .join(Incident, Incident.id == IncidentChange.incident_id)
            .where(IncidentChange.position > position, IncidentChange.position <= top, shown)
            .order_by(IncidentChange.position)
            .limit(limit)
        )
        return [(int(p), i) for p, i in await self.session.execute(stmt)]

    async def released(
        self, *, upto: int, after: int, at: Viewer, now: Viewer, before: Viewer, limit: int
    ) -> list[Change]:
        """Return up to ``limit`` incidents at or below position ``upto`` (and after ``after``)
        that the partner may see at ``at`` and now but could not at ``before``: those whose
        embargo ended, or whose agreement came into force, since the last page."""
        stmt = (
            select(IncidentChange.position, Incident)
            .join(Incident, Incident.id == IncidentChange.incident_id)
            .where(
                IncidentChange.position <= upto,
                IncidentChange.position > after,
                visible_clause(at),
                visible_clause(now),
                not_(visible_clause(before)),
            )
            .order_by(IncidentChange.position)
            .limit(limit)
        )
        return [(int(p), i) for p, i in await self.session.execute(stmt)]

    async def last_kinds(
        self, org: str, fmt: str, incident_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, str]:
        """Return, per incident, the kind of the last item served to ``org`` in ``fmt``."""
        if not incident_ids:
            return {}
        stmt = (
            select(FeedShare.incident_id, FeedShare.kind)
            .where(
                FeedShare.partner_org == org,
                FeedShare.format == fmt,
                FeedShare.incident_id.in_(incident_ids),
            )
            .order_by(FeedShare.incident_id, FeedShare.id)
        )
        return {row.incident_id: row.kind for row in await self.session.execute(stmt)}

    async def insert_shares(self, rows: Sequence[dict[str, Any]]) -> None:
        """Store share records."""
        if rows:
            await self.session.execute(insert(FeedShare), list(rows))

    async def shares_page(
        self,
        *,
        partner: str | None,
        incident_id: uuid.UUID | None,
        since: datetime | None,
        paging: PageParams,
        viewer: Viewer,
    ) -> tuple[list[FeedShare], str | None]:
        """Return one page of share records, newest first, filtered as asked; only records of
        incidents ``viewer`` may see now (a share names its incident)."""
        seen = select(Incident.id).where(visible_clause(viewer))
        stmt = select(FeedShare).where(FeedShare.incident_id.in_(seen))
        if partner is not None:
            stmt = stmt.where(FeedShare.partner_org == partner)
        if incident_id is not None:
            stmt = stmt.where(FeedShare.incident_id == incident_id)
        if since is not None:
            stmt = stmt.where(FeedShare.served_at >= since)
        return await keyset_page(
            self.session, stmt, columns=[FeedShare.id], paging=paging, descending=True
        )
