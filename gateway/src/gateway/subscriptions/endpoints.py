"""Endpoints of webhook subscriptions to events (under /api/v1/events/subscriptions)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response, status
from pdp_common.concurrency import IfMatchHeader, IfMatchRequired, VersionMismatch, etag, set_etag
from pdp_common.dependencies import SessionDep
from pdp_common.idempotency import Created
from pdp_common.json_bytes import json_response
from pdp_common.openapi import problems
from pdp_common.pagination import InvalidCursor, Page, PagingDep, page_response
from sqlalchemy import Row

from gateway.subscriptions import service
from gateway.subscriptions.dependencies import CallerDep, IdempotencyDep, LimitsDep
from gateway.subscriptions.errors import (
    SubscriptionDestinationRefused,
    SubscriptionFilterInvalid,
    SubscriptionLimitReached,
    SubscriptionNotActive,
    SubscriptionNotFound,
    SubscriptionNotSuspended,
    SubscriptionsForbidden,
)
from gateway.subscriptions.models import EventSubscription
from gateway.subscriptions.schemas import (
    DeliveryAttemptRead,
    EventDeliveryRead,
    PingQueued,
    SubscriptionCreate,
    SubscriptionRead,
    SubscriptionUpdate,
    SubscriptionWithSecret,
)

PATH = "/api/v1/events/subscriptions"
router = APIRouter(prefix="/events/subscriptions", tags=["event subscriptions"])


def _read(subscription: EventSubscription) -> SubscriptionRead:
    return SubscriptionRead.model_validate(subscription)


def _with_secret(subscription: EventSubscription) -> SubscriptionWithSecret:
    return SubscriptionWithSecret(**_read(subscription).model_dump(), secret=subscription.secret)


def _versioned(subscription: EventSubscription, body: Any) -> Response:
    return json_response(body, headers={"ETag": etag(subscription.version)})


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SubscriptionWithSecret,
    responses=problems(
        SubscriptionsForbidden,
        SubscriptionDestinationRefused,
        SubscriptionFilterInvalid,
        SubscriptionLimitReached,
    ),
)
async def create_event_subscription(
    body: SubscriptionCreate,
    session: SessionDep,
    caller: CallerDep,
    limits: LimitsDep,
    idem: IdempotencyDep,
) -> Response:
    """Register a URL to receive the events of the filter that you may receive, signed with
    the returned secret (shown only now)."""

    async def create() -> Created:
        subscription = await service.create_subscription(
            session, principal=caller, data=body, limits=limits
        )
        return Created(
            _with_secret(subscription),
            version=subscription.version,
            location=f"{PATH}/{subscription.id}",
        )

    return await idem.create_once(session, create)


@router.get(
    "",
    response_model=Page[SubscriptionRead],
    responses=problems(SubscriptionsForbidden, InvalidCursor),
)
async def list_event_subscriptions(
    request: Request, session: SessionDep, caller: CallerDep, paging: PagingDep
) -> Response:
    """List your organization's subscriptions (every one, for administrators), newest first."""
    rows, next_cursor = await service.list_subscriptions(session, principal=caller, paging=paging)
    return page_response(request, [_read(s) for s in rows], next_cursor)


@router.get(
    "/{subscription_id:uuid}",
    response_model=SubscriptionRead,
    responses=problems(SubscriptionsForbidden, SubscriptionNotFound),
)
async def read_event_subscription(
    subscription_id: uuid.UUID, session: SessionDep, caller: CallerDep
) -> Response:
    """Read one subscription (never its secret), with its ETag."""
    subscription = await service.get_subscription(
        session, principal=caller, subscription_id=subscription_id
    )
    return _versioned(subscription, _read(subscription))


@router.patch(
    "/{subscription_id:uuid}",
    response_model=SubscriptionRead,
    responses=problems(
        SubscriptionsForbidden,
        SubscriptionNotFound,
        SubscriptionDestinationRefused,
        SubscriptionFilterInvalid,
        VersionMismatch,
        IfMatchRequired,
    ),
)
async def update_event_subscription(
    *,
    subscription_id: uuid.UUID,
    body: SubscriptionUpdate,
    session: SessionDep,
    caller: CallerDep,
    limits: LimitsDep,
    response: Response,
    if_match: IfMatchHeader = None,
) -> SubscriptionRead:
    """Change the URL, filter, description or enabled state (send If-Match with its ETag)."""
    subscription = await service.update_subscription(
        session,
        principal=caller,
        subscription_id=subscription_id,
        data=body,
        if_match=if_match,
        limits=limits,
    )
    set_etag(response, subscription.version)
    return _read(subscription)


@router.delete(
    "/{subscription_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems(SubscriptionsForbidden, SubscriptionNotFound),
)
async def delete_event_subscription(
    subscription_id: uuid.UUID, session: SessionDep, caller: CallerDep
) -> Response:
    """Delete a subscription; what it has not received is cancelled."""
    await service.delete_subscription(session, principal=caller, subscription_id=subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{subscription_id:uuid}/resume",
    response_model=SubscriptionRead,
    responses=problems(SubscriptionsForbidden, SubscriptionNotFound, SubscriptionNotSuspended),
)
async def resume_event_subscription(
    subscription_id: uuid.UUID, session: SessionDep, caller: CallerDep
) -> Response:
    """Resume a subscription the platform suspended: what it missed is sent at once."""
    subscription = await service.resume_subscription(
        session, principal=caller, subscription_id=subscription_id
    )
    return _versioned(subscription, _read(subscription))


@router.post(
    "/{subscription_id:uuid}/rotate-secret",
    response_model=SubscriptionWithSecret,
    responses=problems(SubscriptionsForbidden, SubscriptionNotFound),
)
async def rotate_event_subscription_secret(
    subscription_id: uuid.UUID, session: SessionDep, caller: CallerDep, limits: LimitsDep
) -> Response:
    """Give the subscription a new secret (shown only now); messages are signed with the new and
    the previous one until `previous_secret_expires_at`."""
    subscription = await service.rotate_secret(
        session, principal=caller, subscription_id=subscription_id, limits=limits
    )
    return _versioned(subscription, _with_secret(subscription))


@router.get(
    "/{subscription_id:uuid}/deliveries",
    response_model=Page[EventDeliveryRead],
    responses=problems(SubscriptionsForbidden, SubscriptionNotFound, InvalidCursor),
)
async def list_event_subscription_deliveries(
    subscription_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    paging: PagingDep,
) -> Response:
    """The delivery log, newest first: status, each attempt's answer or error, next retry."""
    rows, attempts, next_cursor = await service.deliveries_page(
        session, principal=caller, subscription_id=subscription_id, paging=paging
    )
    items = [_delivery(row, attempts.get(row.id, [])) for row in rows]
    return page_response(request, items, next_cursor)


@router.post(
    "/{subscription_id:uuid}/ping",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=PingQueued,
    responses=problems(SubscriptionsForbidden, SubscriptionNotFound, SubscriptionNotActive),
)
async def ping_event_subscription(
    subscription_id: uuid.UUID, session: SessionDep, caller: CallerDep
) -> PingQueued:
    """Send a signed test message (`pdp.gateway.subscription.ping.v1`) to the subscription."""
    delivery_id, message_id = await service.send_ping(
        session, principal=caller, subscription_id=subscription_id
    )
    return PingQueued(delivery_id=delivery_id, message_id=message_id)


def _delivery(row: Row[Any], attempts: list[Row[Any]]) -> EventDeliveryRead:
    values = dict(row._mapping)
    if values["status"] != "pending":
        values["next_attempt_at"] = None
    log = [DeliveryAttemptRead.model_validate(dict(a._mapping)) for a in attempts]
    return EventDeliveryRead.model_validate(values | {"attempt_log": log})
