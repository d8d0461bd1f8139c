"""Endpoints of the consent register (read: Centre staff; write: Head of Centre, administrators)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pdp_common.concurrency import IfMatchHeader, OptionalIfMatchHeader, set_etag
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.idempotency import Created, IdempotencyDep
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_of

from organizations.consents import errors
from organizations.consents import service as consents
from organizations.consents.schemas import (
    ConsentCreate,
    ConsentFilters,
    ConsentRead,
    ConsentUpdate,
    ConsentWithdrawal,
)
from organizations.errors import OperationForbidden

router = APIRouter(prefix="/consents", tags=["consents"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsentRead,
    responses=problems(OperationForbidden, errors.ConsentPartyUnknown),
)
async def create_consent(
    *, body: ConsentCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Record a government's consent to contact or information sharing."""

    async def create() -> Created:
        consent = await consents.record(session, data=body, principal=principal)
        read = ConsentRead.model_validate(consent)
        return Created(read, version=consent.version)

    return await idem.create_once(session, create)


@router.get("", responses=problems(OperationForbidden))
async def list_consents(
    *,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    filters: Annotated[ConsentFilters, Query()],
    paging: PagingDep,
) -> Page[ConsentRead]:
    """List consents by government, party, kind, status or the instant they are in force."""
    items, cursor = await consents.page(
        session, filters=filters, paging=paging, principal=principal
    )
    return page_of(request, response, items, cursor)


@router.get("/{consent_id:uuid}", responses=problems(OperationForbidden, errors.ConsentNotFound))
async def read_consent(
    *, consent_id: uuid.UUID, response: Response, session: SessionDep, principal: PrincipalDep
) -> ConsentRead:
    """Read one consent."""
    consent = await consents.get(session, consent_id=consent_id, principal=principal)
    set_etag(response, consent.version)
    return ConsentRead.model_validate(consent)


@router.patch(
    "/{consent_id:uuid}",
    responses=problems(
        OperationForbidden,
        errors.ConsentNotFound,
        errors.ConsentWithdrawnAlready,
        errors.ConsentPeriodInvalid,
    ),
)
async def update_consent(
    *,
    consent_id: uuid.UUID,
    body: ConsentUpdate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatchHeader = None,
) -> ConsentRead:
    """Change the scope or period of an active consent (send If-Match)."""
    consent = await consents.get(session, consent_id=consent_id, principal=principal)
    consent = await consents.update(
        session, consent=consent, data=body, principal=principal, if_match=if_match
    )
    set_etag(response, consent.version)
    return ConsentRead.model_validate(consent)


@router.post(
    "/{consent_id:uuid}/withdrawal",
    responses=problems(OperationForbidden, errors.ConsentNotFound, errors.ConsentWithdrawnAlready),
)
async def withdraw_consent(
    *,
    consent_id: uuid.UUID,
    body: ConsentWithdrawal,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: OptionalIfMatchHeader = None,
) -> ConsentRead:
    """Record the withdrawal of a consent; it stops counting at once."""
    consent = await consents.get(session, consent_id=consent_id, principal=principal)
    consent = await consents.withdraw(
        session, consent=consent, data=body, principal=principal, if_match=if_match
    )
    set_etag(response, consent.version)
    return ConsentRead.model_validate(consent)
