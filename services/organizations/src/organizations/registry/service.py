"""Rules of the registry: codes are unique, parents exist and form no cycle, every change is
announced, and contact details reach only callers with need-to-know."""

from __future__ import annotations

import uuid

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import organizations as org_events
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from organizations import access, permissions
from organizations.registry import errors
from organizations.registry.models import Contact, Organization
from organizations.registry.repository import OrganizationRepository
from organizations.registry.rows import to_read
from organizations.registry.schemas import (
    ContactCreate,
    ContactDetails,
    ContactRead,
    ContactUpdate,
    OrganizationCreate,
    OrganizationFilters,
    OrganizationRead,
    OrganizationUpdate,
)


async def get_by_code(session: AsyncSession, *, code: str) -> Organization:
    """Return the organization with ``code`` or raise OrganizationNotFound."""
    organization = await OrganizationRepository(session).by_code(code.upper())
    if organization is None:
        raise errors.OrganizationNotFound(f"No organization {code!r} is registered.")
    return organization


async def get(session: AsyncSession, *, organization_id: uuid.UUID) -> Organization:
    """Return the organization with this id or raise OrganizationNotFound."""
    organization = await OrganizationRepository(session).get(organization_id)
    if organization is None:
        raise errors.OrganizationNotFound(f"No organization {organization_id}.")
    return organization


async def create(
    session: AsyncSession, *, data: OrganizationCreate, principal: Principal
) -> Organization:
    """Register an organization and announce it."""
    permissions.require_writer(principal)
    repo = OrganizationRepository(session)
    if await repo.by_code(data.code) is not None:
        raise errors.OrganizationCodeTaken(f"{data.code} is already registered.")
    fields = data.model_dump(exclude={"parent_code"}, mode="json")
    organization = Organization(id=new_id(), **fields)
    organization.parent_id = await _parent_id(repo, data.parent_code, organization.id)
    organization.search_text = _search_text(organization)
    repo.add(organization)
    await repo.flush()
    await _announce(session, organization, data.parent_code)
    return organization


async def update(
    session: AsyncSession,
    *,
    organization: Organization,
    data: OrganizationUpdate,
    principal: Principal,
    if_match: str | None,
) -> Organization:
    """Change an organization and announce the new state."""
    permissions.require_writer(principal)
    check_if_match(if_match, organization.version)
    repo = OrganizationRepository(session)
    changes = data.model_dump(exclude_unset=True, exclude={"parent_code"}, mode="json")
    for name, value in changes.items():
        setattr(organization, name, value)
    if "parent_code" in data.model_fields_set:
        organization.parent_id = await _parent_id(repo, data.parent_code, organization.id)
    organization.search_text = _search_text(organization)
    organization.updated_at = utcnow()
    await repo.flush()
    parent_code = await parent_code_of(session, organization=organization)
    await _announce(session, organization, parent_code)
    return organization


async def page(
    session: AsyncSession, *, filters: OrganizationFilters, paging: PageParams
) -> tuple[list[OrganizationRead], str | None]:
    """Return one page of the public registry."""
    repo = OrganizationRepository(session)
    rows, cursor = await repo.page(filters, paging)
    parents = await repo.codes_of(r.parent_id for r in rows if r.parent_id is not None)
    items = [to_read(r, parents.get(r.parent_id) if r.parent_id else None) for r in rows]
    return items, cursor


async def parent_code_of(session: AsyncSession, *, organization: Organization) -> str | None:
    """Return the code of the organization's parent, if it has one."""
    if organization.parent_id is None:
        return None
    codes = await OrganizationRepository(session).codes_of([organization.parent_id])
    return codes.get(organization.parent_id)


async def add_contact(
    session: AsyncSession, *, organization: Organization, data: ContactCreate, principal: Principal
) -> Contact:
    """Add a contact person to an organization."""
    permissions.require_writer(principal)
    contact = Contact(id=new_id(), organization_id=organization.id, **data.model_dump())
    repo = OrganizationRepository(session)
    repo.add(contact)
    await repo.flush()
    return contact


async def get_contact(
    session: AsyncSession, *, organization: Organization, contact_id: uuid.UUID
) -> Contact:
    """Return one contact of the organization or raise ContactNotFound."""
    contact = await OrganizationRepository(session).contact(organization.id, contact_id)
    if contact is None:
        raise errors.ContactNotFound(f"No contact {contact_id} at {organization.code}.")
    return contact


async def update_contact(
    session: AsyncSession,
    *,
    contact: Contact,
    data: ContactUpdate,
    principal: Principal,
    if_match: str | None,
) -> Contact:
    """Change a contact."""
    permissions.require_writer(principal)
    check_if_match(if_match, contact.version)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(contact, name, value)
    await OrganizationRepository(session).flush()
    return contact


async def contacts_page(
    session: AsyncSession, *, organization: Organization, paging: PageParams, principal: Principal
) -> tuple[list[ContactRead], str | None]:
    """Return one page of an organization's contacts as the caller may see them."""
    rows, cursor = await OrganizationRepository(session).contacts_page(organization.id, paging)
    return [contact_view(c, organization, principal) for c in rows], cursor


def contact_view(contact: Contact, organization: Organization, principal: Principal) -> ContactRead:
    """Return a contact with its details only when the caller has need-to-know."""
    allowed = access.may_see_contact_details(principal, organization.code)
    details = (
        ContactDetails(email=contact.email, phone=contact.phone, notes=contact.notes)
        if allowed
        else None
    )
    return ContactRead(
        id=contact.id,
        organization_code=organization.code,
        full_name=contact.full_name,
        function=contact.function,
        roles=contact.roles,
        is_active=contact.is_active,
        details=details,
        details_hidden=not allowed,
        version=contact.version,
    )


def _search_text(organization: Organization) -> str:
    names = [str(n.get("value", "")) for n in organization.names or []]
    parts = [organization.code, organization.acronym or "", organization.name, *names]
    return " | ".join(p for p in parts if p).casefold()


async def _parent_id(
    repo: OrganizationRepository, parent_code: str | None, own_id: uuid.UUID
) -> uuid.UUID | None:
    if parent_code is None:
        return None
    parent = await repo.by_code(parent_code)
    if parent is None:
        raise errors.OrganizationParentInvalid(f"No organization {parent_code!r} is registered.")
    seen = {own_id}
    cursor: Organization | None = parent
    while cursor is not None:
        if cursor.id in seen:
            raise errors.OrganizationParentInvalid("An organization cannot be its own ancestor.")
        seen.add(cursor.id)
        cursor = await repo.get(cursor.parent_id) if cursor.parent_id else None
    return parent.id


async def _announce(
    session: AsyncSession, organization: Organization, parent_code: str | None
) -> None:
    await record_event(
        session,
        org_events.OrganizationUpserted(
            organization_id=organization.id,
            code=organization.code,
            kind=organization.kind,
            acronym=organization.acronym,
            name=organization.name,
            countries=organization.countries,
            parent_code=parent_code,
            is_active=organization.is_active,
            version=organization.version,
        ),
    )
