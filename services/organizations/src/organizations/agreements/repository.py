"""SQL of information-sharing agreements."""

from __future__ import annotations

import uuid

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from organizations.agreements.models import Agreement
from organizations.agreements.schemas import AgreementFilters
from organizations.base import has_code


class AgreementRepository:
    """Load and store agreements in the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, agreement_id: uuid.UUID) -> Agreement | None:
        """Return the agreement with this id, or None."""
        return await self.session.get(Agreement, agreement_id)

    def add(self, agreement: Agreement) -> None:
        """Add a new agreement to the session."""
        self.session.add(agreement)

    async def flush(self) -> None:
        """Send pending changes to the database."""
        await self.session.flush()

    async def page(
        self, filters: AgreementFilters, only_partner: str | None, paging: PageParams
    ) -> tuple[list[Agreement], str | None]:
        """Return one page of agreements, restricted to ``only_partner`` when given."""
        stmt = select(Agreement)
        if only_partner is not None:
            stmt = stmt.where(Agreement.partner_org == only_partner)
        if filters.partner_org is not None:
            stmt = stmt.where(Agreement.partner_org == filters.partner_org)
        if filters.status is not None:
            stmt = stmt.where(Agreement.status == filters.status.value)
        if filters.country is not None:
            stmt = stmt.where(has_code(Agreement.countries, filters.country))
        if filters.category is not None:
            stmt = stmt.where(has_code(Agreement.categories, filters.category))
        return await keyset_page(self.session, stmt, columns=[Agreement.id], paging=paging)

    async def for_partner(self, partner_org: str) -> list[Agreement]:
        """Return every agreement with ``partner_org``."""
        stmt = select(Agreement).where(Agreement.partner_org == partner_org).order_by(Agreement.id)
        return list((await self.session.execute(stmt)).scalars())
