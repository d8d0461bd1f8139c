"""Endpoints of information-sharing agreements."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pdp_common.concurrency import IfMatchHeader, set_etag
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.idempotency import Created, IdempotencyDep
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_of

from organizations.agreements import errors
from organizations.agreements import service as agreements
from organizations.agreements.schemas import (
    AgreementCreate,
    AgreementFilters,
    AgreementRead,
    AgreementUpdate,
)
from organizations.errors import OperationForbidden

router = APIRouter(prefix="/agreements", tags=["agreements"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AgreementRead,
    responses=problems(OperationForbidden, errors.AgreementPartnerUnknown),
)
async def create_agreement(
    *, body: AgreementCreate, session: SessionDep, principal: PrincipalDep, idem: IdempotencyDep
) -> Response:
    """Record an information-sharing agreement with a partner."""

    async def create() -> Created:
        agreement = await agreements.create(session, data=body, principal=principal)
        read = AgreementRead.model_validate(agreement)
        return Created(read, version=agreement.version)

    return await idem.create_once(session, create)


@router.get("")
async def list_agreements(
    *,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    filters: Annotated[AgreementFilters, Query()],
    paging: PagingDep,
) -> Page[AgreementRead]:
    """List agreements: all for Centre staff, the caller's own organization's for others."""
    items, cursor = await agreements.page(
        session, filters=filters, paging=paging, principal=principal
    )
    return page_of(request, response, items, cursor)


@router.get("/{agreement_id:uuid}", responses=problems(errors.AgreementNotFound))
async def read_agreement(
    *, agreement_id: uuid.UUID, response: Response, session: SessionDep, principal: PrincipalDep
) -> AgreementRead:
    """Read one agreement the caller may see."""
    agreement = await agreements.get(session, agreement_id=agreement_id, principal=principal)
    set_etag(response, agreement.version)
    return AgreementRead.model_validate(agreement)


@router.patch(
    "/{agreement_id:uuid}",
    responses=problems(OperationForbidden, errors.AgreementNotFound, errors.AgreementPeriodInvalid),
)
async def update_agreement(
    *,
    agreement_id: uuid.UUID,
    body: AgreementUpdate,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    if_match: IfMatchHeader = None,
) -> AgreementRead:
    """Change an agreement's terms or status (send If-Match)."""
    agreement = await agreements.get(session, agreement_id=agreement_id, principal=principal)
    agreement = await agreements.update(
        session, agreement=agreement, data=body, principal=principal, if_match=if_match
    )
    set_etag(response, agreement.version)
    return AgreementRead.model_validate(agreement)
