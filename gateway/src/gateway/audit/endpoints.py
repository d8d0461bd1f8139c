"""Endpoints of the audit trail (admin only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pdp_common.dependencies import SessionDep
from pdp_common.pagination import Page, PagingDep, page_of

from gateway.audit import service as audit_service
from gateway.audit.schemas import AuditRecordFilters, AuditRecordRead
from gateway.dependencies import AdminDep

router = APIRouter(prefix="/audit-records", tags=["audit"])


@router.get("", response_model=Page[AuditRecordRead])
async def list_audit_records(
    request: Request,
    response: Response,
    session: SessionDep,
    _admin: AdminDep,
    filters: Annotated[AuditRecordFilters, Query()],
    paging: PagingDep,
) -> Page[AuditRecordRead]:
    """List audited reads, exports and shares, newest first."""
    rows, next_cursor = await audit_service.list_records(session, filters=filters, paging=paging)
    items = [AuditRecordRead.model_validate(row) for row in rows]
    return page_of(request, response, items, next_cursor)
