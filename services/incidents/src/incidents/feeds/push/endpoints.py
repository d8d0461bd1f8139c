"""HTTP endpoints of the partner webhooks (Centre officers and administrators)."""

from __future__ import annotations

import uuid
from typing import Annotated, cast

from fastapi import APIRouter, Query, Request, Response, status
from pdp_common.dependencies import PlatformDep, PrincipalDep, SessionDep
from pdp_common.openapi import problems
from pdp_common.outbound import OutboundPolicy
from pdp_common.pagination import InvalidCursor, Page, PagingDep, page_response

from incidents.feeds.push import service
from incidents.feeds.push.errors import (
    WebhookDestinationRefused,
    WebhookLimitReached,
    WebhookNotFound,
    WebhookNotSuspended,
    WebhooksForbidden,
)
from incidents.feeds.push.models import FeedWebhook
from incidents.feeds.push.schemas import (
    DeliveryRead,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/incidents/feeds/webhooks", tags=["feeds"])


def _policy(platform: PlatformDep) -> OutboundPolicy:
    return OutboundPolicy.from_settings(platform.settings, max_redirects=0)


def _with_secret(webhook: FeedWebhook) -> WebhookWithSecret:
    read = WebhookRead.model_validate(webhook)
    return WebhookWithSecret(**read.model_dump(), secret=webhook.secrets[0])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookWithSecret,
    responses=problems(WebhooksForbidden, WebhookDestinationRefused, WebhookLimitReached),
)
async def create_webhook(
    body: WebhookCreate, session: SessionDep, principal: PrincipalDep, platform: PlatformDep
) -> WebhookWithSecret:
    """Register a partner's endpoint: it receives that partner's feed items as they change,
    signed with the returned secret (shown only now)."""
    settings = cast(IncidentsSettings, platform.settings)
    webhook = await service.create_webhook(
        session,
        principal=principal,
        body=body,
        policy=_policy(platform),
        max_per_partner=settings.feed_push_max_webhooks_per_partner,
    )
    return _with_secret(webhook)


@router.get("", response_model=list[WebhookRead], responses=problems(WebhooksForbidden))
async def list_webhooks(
    session: SessionDep,
    principal: PrincipalDep,
    partner: Annotated[str | None, Query(max_length=32, description="Partner org code.")] = None,
) -> list[WebhookRead]:
    """List the partner webhooks."""
    webhooks = await service.list_webhooks(session, principal=principal, partner=partner)
    return [WebhookRead.model_validate(w) for w in webhooks]


@router.get(
    "/{webhook_id}",
    response_model=WebhookRead,
    responses=problems(WebhooksForbidden, WebhookNotFound),
)
async def read_webhook(
    webhook_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> WebhookRead:
    """Read one webhook (without its secret)."""
    service.require_manager(principal)
    return WebhookRead.model_validate(await service.get_webhook(session, webhook_id))


@router.patch(
    "/{webhook_id}",
    response_model=WebhookRead,
    responses=problems(WebhooksForbidden, WebhookNotFound, WebhookDestinationRefused),
)
async def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    platform: PlatformDep,
) -> WebhookRead:
    """Change a webhook's URL, format or enabled flag."""
    webhook = await service.update_webhook(
        session, principal=principal, webhook_id=webhook_id, body=body, policy=_policy(platform)
    )
    return WebhookRead.model_validate(webhook)


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(WebhooksForbidden, WebhookNotFound),
)
async def delete_webhook(
    webhook_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Delete a webhook; what it has not received yet is cancelled."""
    await service.delete_webhook(session, principal=principal, webhook_id=webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{webhook_id}/resume",
    response_model=WebhookRead,
    responses=problems(WebhooksForbidden, WebhookNotFound, WebhookNotSuspended),
)
async def resume_webhook(
    webhook_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> WebhookRead:
    """Resume a webhook suspended after failures in a row: what it missed is sent at once."""
    webhook = await service.resume_webhook(session, principal=principal, webhook_id=webhook_id)
    return WebhookRead.model_validate(webhook)


@router.post(
    "/{webhook_id}/rotate-secret",
    response_model=WebhookWithSecret,
    responses=problems(WebhooksForbidden, WebhookNotFound),
)
async def rotate_webhook_secret(
    webhook_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> WebhookWithSecret:
    """Give the webhook a new secret (shown only now); messages carry a signature with the new
    and with the previous secret until the next rotation."""
    webhook = await service.rotate_secret(session, principal=principal, webhook_id=webhook_id)
    return _with_secret(webhook)


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[DeliveryRead],
    responses=problems(WebhooksForbidden, WebhookNotFound, InvalidCursor),
)
async def list_webhook_deliveries(
    webhook_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
) -> Response:
    """The webhook's delivery log, newest first: status, attempts, next attempt, last error."""
    rows, next_cursor = await service.deliveries_page(
        session, principal=principal, webhook_id=webhook_id, paging=paging
    )
    items = [DeliveryRead.model_validate(dict(r._mapping)) for r in rows]
    return page_response(request, items, next_cursor)
