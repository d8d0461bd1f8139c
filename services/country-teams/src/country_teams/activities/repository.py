"""SQL of preventive activities and the who-does-what-where counts."""

from __future__ import annotations

import uuid
from typing import Any, TypeVarTuple

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from pdp_common.repository import Repository
from sqlalchemy import Select, exists, func, select
from sqlalchemy.exc import IntegrityError

from country_teams.activities.schemas import ActivityFilters
from country_teams.models import Activity, ActivityAgency, ActivityCategory

Ts = TypeVarTuple("Ts")


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
