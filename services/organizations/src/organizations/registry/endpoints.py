"""Endpoints of the registry: organizations (public) and their contacts (need-to-know)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pdp_common.concurrency import IfMatchHeader, etag, set_etag
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.idempotency import Created, IdempotencyDep
from pdp_common.json_bytes import json_response
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_of, page_response

from organizations.errors import OperationForbidden
from organizations.registry import errors, rows
from organizations.registry import service as registry
from organizations.registry.schemas import (
    ContactCreate,
    ContactRead,
    ContactUpdate,
    OrganizationCreate,
    OrganizationFilters,
    OrganizationRead,
    OrganizationUpdate,
)

router = APIRouter(prefix="/organizations", tags=["registry"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=OrganizationRead,
    responses=problems(
        OperationForbidden, errors.OrganizationCodeTaken, errors.OrganizationParentInvalid
    ),
)
async def create_organization(
    *, body: OrganizationCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Register an organization (officers, Head of Centre, administrators)."""

    async def create() -> Created:
        organization = await registry.create(session, data=body, principal=principal)
        read = rows.to_read(organization, body.parent_code)
        return Created(read, version=organization.version)

    return await idem.create_once(session, create)


@router.get("", response_model=Page[OrganizationRead])
async def list_organizations(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    filters: Annotated[OrganizationFilters, Query()],
    paging: PagingDep,
) -> Response:
    """List the public registry of organizations, by code."""
    items, cursor = await registry.page(session, filters=filters, paging=paging)
    return page_response(request, items, cursor)


@router.get(
    "/{code}", response_model=OrganizationRead, responses=problems(errors.OrganizationNotFound)
)
async def read_organization(*, code: str, session: SessionDep, principal: PrincipalDep) -> Response:
    """Read one organization of the public registry by its code."""
    organization = await registry.get_by_code(session, code=code)
    read = rows.to_read(
        organization, await registry.parent_code_of(session, organization=organization)
    )
    return json_response(read, headers={"ETag": etag(organization.version)})


@router.patch(
    "/{code}",
    responses=problems(
        OperationForbidden, errors.OrganizationNotFound, errors.OrganizationParentInvalid
    ),
)
async def update_organization(
    *,
    code: str,
    body: OrganizationUpdate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatchHeader = None,
) -> OrganizationRead:
    """Change an organization (send If-Match with its ETag)."""
    organization = await registry.get_by_code(session, code=code)
    organization = await registry.update(
        session, organization=organization, data=body, principal=principal, if_match=if_match
    )
    set_etag(response, organization.version)
    return rows.to_read(
        organization, await registry.parent_code_of(session, organization=organization)
    )


@router.post(
    "/{code}/contacts",
    status_code=status.HTTP_201_CREATED,
    response_model=ContactRead,
    responses=problems(OperationForbidden, errors.OrganizationNotFound),
)
async def create_contact(
    *,
    code: str,
    body: ContactCreate,
    session: SessionDep,
    principal: PrincipalDep,
    idem: IdempotencyDep,
) -> Response:
    """Add a contact person to an organization."""

    async def create() -> Created:
        organization = await registry.get_by_code(session, code=code)
        contact = await registry.add_contact(
            session, organization=organization, data=body, principal=principal
        )
        read = registry.contact_view(contact, organization, principal)
        return Created(read, version=contact.version)

    return await idem.create_once(session, create)


@router.get("/{code}/contacts", responses=problems(errors.OrganizationNotFound))
async def list_contacts(
    *,
    code: str,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
) -> Page[ContactRead]:
    """List an organization's contacts; details only for callers with need-to-know."""
    organization = await registry.get_by_code(session, code=code)
    items, cursor = await registry.contacts_page(
        session, organization=organization, paging=paging, principal=principal
    )
    return page_of(request, response, items, cursor)


@router.get(
    "/{code}/contacts/{contact_id:uuid}",
    responses=problems(errors.OrganizationNotFound, errors.ContactNotFound),
)
async def read_contact(
    *,
    code: str,
    contact_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
) -> ContactRead:
    """Read one contact; details only for callers with need-to-know."""
    organization = await registry.get_by_code(session, code=code)
    contact = await registry.get_contact(session, organization=organization, contact_id=contact_id)
    set_etag(response, contact.version)
    return registry.contact_view(contact, organization, principal)


@router.patch(
    "/{code}/contacts/{contact_id:uuid}",
    responses=problems(OperationForbidden, errors.OrganizationNotFound, errors.ContactNotFound),
)
async def update_contact(
    *,
    code: str,
    contact_id: uuid.UUID,
    body: ContactUpdate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatchHeader = None,
) -> ContactRead:
    """Change a contact (send If-Match with its ETag)."""
    organization = await registry.get_by_code(session, code=code)
    contact = await registry.get_contact(session, organization=organization, contact_id=contact_id)
    contact = await registry.update_contact(
        session, contact=contact, data=body, principal=principal, if_match=if_match
    )
    set_etag(response, contact.version)
    return registry.contact_view(contact, organization, principal)
