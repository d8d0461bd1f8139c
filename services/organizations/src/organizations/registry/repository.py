"""SQL of the registry."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from organizations.base import has_code
from organizations.registry.models import Contact, Organization
from organizations.registry.schemas import OrganizationFilters


class OrganizationRepository:
    """Load and store organizations and contacts in the caller's session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, organization_id: uuid.UUID) -> Organization | None:
        """Return the organization with this id, or None."""
        return await self.session.get(Organization, organization_id)

    async def by_code(self, code: str) -> Organization | None:
        """Return the organization with this code, or None."""
        stmt = select(Organization).where(Organization.code == code)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def codes_of(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Return the codes of the organizations with these ids."""
        wanted = set(ids)
        if not wanted:
            return {}
        stmt = select(Organization.id, Organization.code).where(Organization.id.in_(wanted))
        return {row.id: row.code for row in await self.session.execute(stmt)}

    async def existing_codes(self, codes: Iterable[str]) -> set[str]:
        """Return which of ``codes`` are registered."""
        wanted = set(codes)
        if not wanted:
            return set()
        stmt = select(Organization.code).where(Organization.code.in_(wanted))
        return set((await self.session.execute(stmt)).scalars())

    def add(self, entity: Organization | Contact) -> None:
        """Add a new organization or contact to the session."""
        self.session.add(entity)

    async def flush(self) -> None:
        """Send pending changes to the database."""
        await self.session.flush()

    async def page(
        self, filters: OrganizationFilters, paging: PageParams
    ) -> tuple[list[Organization], str | None]:
        """Return one page of organizations matching ``filters``, by code."""
        stmt = select(Organization)
        if filters.kind is not None:
            stmt = stmt.where(Organization.kind == filters.kind.value)
        if filters.country is not None:
            stmt = stmt.where(has_code(Organization.countries, filters.country))
        if filters.is_active is not None:
            stmt = stmt.where(Organization.is_active.is_(filters.is_active))
        if filters.parent_code is not None:
            parent = select(Organization.id).where(Organization.code == filters.parent_code)
            stmt = stmt.where(Organization.parent_id.in_(parent.scalar_subquery()))
        if filters.q:
            stmt = stmt.where(
                Organization.search_text.contains(filters.q.casefold(), autoescape=True)
            )
        return await keyset_page(
            self.session, stmt, columns=[Organization.code, Organization.id], paging=paging
        )

    async def contact(self, organization_id: uuid.UUID, contact_id: uuid.UUID) -> Contact | None:
        """Return one contact of an organization, or None."""
        stmt = select(Contact).where(
            Contact.id == contact_id, Contact.organization_id == organization_id
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def contacts_page(
        self, organization_id: uuid.UUID, paging: PageParams
    ) -> tuple[list[Contact], str | None]:
        """Return one page of an organization's contacts, by id."""
        stmt = select(Contact).where(Contact.organization_id == organization_id)
        return await keyset_page(self.session, stmt, columns=[Contact.id], paging=paging)
