"""SQL of initiatives."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from organizations.base import has_code
from organizations.initiatives.models import Initiative
from organizations.initiatives.schemas import InitiativeFilters
from organizations.initiatives.vocabulary import InitiativeStatus


class InitiativeRepository:
    """Load and store initiatives in the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, initiative_id: uuid.UUID) -> Initiative | None:
        """Return the initiative with this id, or None."""
        return await self.session.get(Initiative, initiative_id)

    def add(self, initiative: Initiative) -> None:
        """Add a new initiative to the session."""
        self.session.add(initiative)

    async def flush(self) -> None:
        """Send pending changes to the database."""
        await self.session.flush()

    async def page(
        self, filters: InitiativeFilters, paging: PageParams
    ) -> tuple[list[Initiative], str | None]:
        """Return one page of initiatives matching ``filters``, by id."""
        stmt = select(Initiative)
        if filters.organization_code is not None:
            stmt = stmt.where(Initiative.organization_code == filters.organization_code)
        if filters.country is not None:
            stmt = stmt.where(has_code(Initiative.countries, filters.country))
        if filters.theme is not None:
            stmt = stmt.where(has_code(Initiative.themes, filters.theme))
        if filters.status is not None:
            stmt = stmt.where(Initiative.status == filters.status.value)
        return await keyset_page(self.session, stmt, columns=[Initiative.id], paging=paging)

    async def live(
        self, statuses: Sequence[InitiativeStatus], country: str | None, theme: str | None
    ) -> list[Initiative]:
        """Return initiatives in ``statuses``, on ``country`` and ``theme`` when given."""
        stmt = select(Initiative).where(Initiative.status.in_([s.value for s in statuses]))
        if country is not None:
            stmt = stmt.where(has_code(Initiative.countries, country))
        if theme is not None:
            stmt = stmt.where(has_code(Initiative.themes, theme))
        return list((await self.session.execute(stmt.order_by(Initiative.id))).scalars())
