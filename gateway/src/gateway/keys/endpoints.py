"""Endpoints of API key administration (admin only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response, status
from pdp_common.dependencies import SessionDep
from pdp_common.pagination import Page, PagingDep, page_of

from gateway.dependencies import AdminDep, GatewayDep
from gateway.keys import service as keys_service
from gateway.keys.schemas import ApiKeyCreate, ApiKeyFilters, ApiKeyIssued, ApiKeyRead

router = APIRouter(prefix="/api-keys", tags=["api keys"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ApiKeyIssued)
async def issue_api_key(data: ApiKeyCreate, session: SessionDep, admin: AdminDep) -> ApiKeyIssued:
    """Issue an API key; its secret is in this response only."""
    key, secret = await keys_service.issue_key(session, data=data, issued_by=admin.subject)
    return ApiKeyIssued(**ApiKeyRead.model_validate(key).model_dump(), key=secret)


@router.get("", response_model=Page[ApiKeyRead])
async def list_api_keys(
    request: Request,
    response: Response,
    session: SessionDep,
    _admin: AdminDep,
    filters: Annotated[ApiKeyFilters, Query()],
    paging: PagingDep,
) -> Page[ApiKeyRead]:
    """List API keys, newest first (revoked ones only when asked)."""
    rows, next_cursor = await keys_service.list_keys(session, filters=filters, paging=paging)
    items = [ApiKeyRead.model_validate(row) for row in rows]
    return page_of(request, response, items, next_cursor)


@router.get("/{key_id:uuid}", response_model=ApiKeyRead)
async def read_api_key(key_id: uuid.UUID, session: SessionDep, _admin: AdminDep) -> ApiKeyRead:
    """Return one API key (never its secret)."""
    return ApiKeyRead.model_validate(await keys_service.get_key(session, key_id=key_id))


@router.delete("/{key_id:uuid}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_api_key(
    key_id: uuid.UUID,
    session: SessionDep,
    admin: AdminDep,
    gateway: GatewayDep,
    background: BackgroundTasks,
) -> Response:
    """Revoke an API key; the record stays for the audit trail."""
    key = await keys_service.revoke_key(session, key_id=key_id, revoked_by=admin.subject)
    credential = keys_service.principal_of(key).credential
    gateway.forget_credential(credential)
    background.add_task(gateway.forget_credential, credential)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
