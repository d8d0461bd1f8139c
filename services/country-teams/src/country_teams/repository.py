"""SQL of the country-teams service: country teams, activities, the 3W and the risk read model."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVarTuple

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from pdp_common.repository import Repository
from sqlalchemy import Exists, Select, Subquery, and_, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from country_teams.models import (
    Activity,
    ActivityAgency,
    ActivityCategory,
    CountryTeam,
    IncidentSignal,
)
from country_teams.schemas import ActivityFilters
from country_teams.vocabulary import ACTIVE_STATUSES

Ts = TypeVarTuple("Ts")


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


def _filtered(stmt: Select[*Ts], filters: ActivityFilters) -> Select[*Ts]:
    if filters.country:
        stmt = stmt.where(Activity.country == filters.country)
    if filters.admin1:
        stmt = stmt.where(func.lower(Activity.admin1) == filters.admin1.lower())
    if filters.status:
        stmt = stmt.where(Activity.status == filters.status.value)
    if filters.agency:
        stmt = stmt.where(
            exists()
            .where(
                ActivityAgency.activity_id == Activity.id, ActivityAgency.agency == filters.agency
            )
            .correlate_except(ActivityAgency)
        )
    if filters.category:
        stmt = stmt.where(
            exists()
            .where(
                ActivityCategory.activity_id == Activity.id,
                ActivityCategory.category == filters.category.value,
            )
            .correlate_except(ActivityCategory)
        )
    return stmt


class ActivityRepository(Repository[Activity]):
    """Preventive activities."""

    model = Activity

    async def insert(self, activity: Activity) -> bool:
        """Insert ``activity``; return False when its IATI identifier is taken."""
        try:
            async with self.session.begin_nested():
                self.session.add(activity)
                await self.session.flush()
        except IntegrityError:
            return False
        return True

    async def by_identifier(self, iati_identifier: str) -> Activity | None:
        """Return the activity with this IATI identifier, if any."""
        stmt = select(Activity).where(Activity.iati_identifier == iati_identifier)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def identifier_taken(self, iati_identifier: str, *, other_than: uuid.UUID) -> bool:
        """Tell whether another activity carries ``iati_identifier``."""
        stmt = select(Activity.id).where(
            Activity.iati_identifier == iati_identifier, Activity.id != other_than
        )
        return (await self.session.execute(stmt)).first() is not None

    async def page(
        self, filters: ActivityFilters, *, paging: PageParams
    ) -> tuple[list[Activity], str | None]:
        """Return one page of matching activities, newest first, and the next cursor."""
        stmt = _filtered(select(Activity), filters)
        return await keyset_page(
            self.session, stmt, columns=[Activity.id], paging=paging, descending=True
        )

    async def who_what_where(self, filters: ActivityFilters) -> tuple[int, list[tuple[Any, ...]]]:
        """Return the number of matching activities and their counts per area, category, agency.

        An activity has one row per category and per agency, so each (area, category, agency)
        group counts an activity at most once.
        """
        total_stmt = _filtered(select(func.count()).select_from(Activity), filters)
        total = (await self.session.execute(total_stmt)).scalar_one()
        dimensions = (
            Activity.country,
            Activity.admin1,
            ActivityCategory.category,
            ActivityAgency.agency,
        )
        stmt = _filtered(
            select(*dimensions, func.count())
            .join(ActivityCategory, ActivityCategory.activity_id == Activity.id)
            .join(ActivityAgency, ActivityAgency.activity_id == Activity.id),
            filters,
        )
        stmt = stmt.group_by(*dimensions).order_by(*dimensions)
        return int(total), [tuple(row) for row in (await self.session.execute(stmt)).all()]


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

    async def upsert(self, values: dict[str, Any]) -> None:
        """Insert or replace the signal of an incident unless the stored one is newer."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(IncidentSignal).values(**values)
        changed = {k: stmt.excluded[k] for k in values if k != "incident_id"}
        stmt = stmt.on_conflict_do_update(
            index_elements=[IncidentSignal.incident_id],
            set_=changed,
            where=IncidentSignal.source_version <= stmt.excluded.source_version,
        )
        await self.session.execute(stmt)

    async def mark_merged(self, incident_ids: Sequence[uuid.UUID]) -> None:
        """Mark incidents merged into another one; they no longer count on their own."""
        if incident_ids:
            await self.session.execute(
                update(IncidentSignal)
                .where(IncidentSignal.incident_id.in_(list(incident_ids)))
                .values(status="merged")
            )

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
