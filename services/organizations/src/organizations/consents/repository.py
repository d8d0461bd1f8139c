"""SQL of the consent register."""

from __future__ import annotations

import uuid

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from organizations.consents.models import Consent
from organizations.consents.schemas import ConsentFilters


class ConsentRepository:
    """Load and store consents in the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, consent_id: uuid.UUID) -> Consent | None:
        """Return the consent with this id, or None."""
        return await self.session.get(Consent, consent_id)

    def add(self, consent: Consent) -> None:
        """Add a new consent to the session."""
        self.session.add(consent)

    async def flush(self) -> None:
        """Send pending changes to the database."""
        await self.session.flush()

    async def page(
        self, filters: ConsentFilters, paging: PageParams
    ) -> tuple[list[Consent], str | None]:
        """Return one page of consents matching ``filters``, by id."""
        stmt = select(Consent)
        if filters.government is not None:
            stmt = stmt.where(Consent.government == filters.government)
        if filters.party_org is not None:
            stmt = stmt.where(Consent.party_org == filters.party_org)
        if filters.kind is not None:
            stmt = stmt.where(Consent.kind == filters.kind.value)
        if filters.status is not None:
            stmt = stmt.where(Consent.status == filters.status.value)
        if filters.in_force_at is not None:
            at = filters.in_force_at
            stmt = stmt.where(
                Consent.status == "active",
                Consent.valid_from <= at,
                or_(Consent.valid_until.is_(None), Consent.valid_until > at),
            )
        return await keyset_page(self.session, stmt, columns=[Consent.id], paging=paging)

    async def for_party(self, party_org: str) -> list[Consent]:
        """Return every consent given to ``party_org``."""
        stmt = select(Consent).where(Consent.party_org == party_org).order_by(Consent.id)
        return list((await self.session.execute(stmt)).scalars())
