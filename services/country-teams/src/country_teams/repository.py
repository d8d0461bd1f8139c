"""SQL of the country-teams service: country teams and the risk read model."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from pdp_common.repository import Repository
from sqlalchemy import Exists, Subquery, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from country_teams.models import Activity, ActivityCategory, CountryTeam, IncidentSignal
from country_teams.vocabulary import ACTIVE_STATUSES


class CountryTeamRepository(Repository[CountryTeam]):
    """Country teams."""

    model = CountryTeam

    async def by_country(self, country: str) -> CountryTeam | None:
        """Return the country team of ``country``, if any."""
        stmt = select(CountryTeam).where(CountryTeam.country == country)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def insert(self, team: CountryTeam) -> bool:
        """Insert ``team``; return False when its country already has one."""
        try:
            async with self.session.begin_nested():
                self.session.add(team)
                await self.session.flush()
        except IntegrityError:
            return False
        return True

    async def page(
        self, *, country: str | None, paging: PageParams
    ) -> tuple[list[CountryTeam], str | None]:
        """Return one page of country teams in id order and the next cursor."""
        stmt = select(CountryTeam)
        if country:
            stmt = stmt.where(CountryTeam.country == country)
        return await keyset_page(self.session, stmt, columns=[CountryTeam.id], paging=paging)


def _covering_activity(area: Subquery) -> Exists:
    """Return the condition: an active activity addresses the area's category in the area."""
    return (
        select(Activity.id)
        .join(ActivityCategory, ActivityCategory.activity_id == Activity.id)
        .where(
            Activity.country == area.c.country,
            ActivityCategory.category == area.c.category,
            Activity.status.in_([s.value for s in ACTIVE_STATUSES]),
            or_(
                Activity.admin1.is_(None),
                area.c.admin1.is_(None),
                func.lower(Activity.admin1) == func.lower(area.c.admin1),
            ),
        )
        .exists()
    )


class SignalRepository:
    """The risk read model: incidents as learned from events."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def gaps(
        self,
        *,
        since: datetime,
        statuses: Sequence[str],
        sensitivities: Sequence[str],
        country: str | None,
    ) -> list[tuple[Any, ...]]:
        """Return areas with verified incidents since ``since`` and no active activity on them."""
        conditions = [
            IncidentSignal.status.in_(list(statuses)),
            IncidentSignal.occurred_at >= since,
            IncidentSignal.sensitivity.in_(list(sensitivities)),
        ]
        if country:
            conditions.append(IncidentSignal.country == country)
        area = (
            select(
                IncidentSignal.country,
                IncidentSignal.admin1,
                IncidentSignal.category,
                func.count().label("incidents"),
                func.max(IncidentSignal.severity).label("max_severity"),
                func.max(IncidentSignal.occurred_at).label("last_occurred_at"),
            )
            .where(and_(*conditions))
            .group_by(IncidentSignal.country, IncidentSignal.admin1, IncidentSignal.category)
            .subquery("area")
        )
        stmt = (
            select(area)
            .where(~_covering_activity(area))
            .order_by(area.c.incidents.desc(), area.c.country, area.c.admin1, area.c.category)
        )
        return [tuple(row) for row in (await self.session.execute(stmt)).all()]
