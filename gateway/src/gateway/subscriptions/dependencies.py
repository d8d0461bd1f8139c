"""FastAPI dependencies of the subscription endpoints: the caller, the limits, Idempotency-Key."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from pdp_common.idempotency import Idempotency, IdempotencyKeyHeader, of_request
from pdp_common.identity import Principal
from pdp_common.outbound import OutboundPolicy

from gateway.dependencies import GatewayDep, get_caller
from gateway.subscriptions.service import Limits

CallerDep = Annotated[Principal, Depends(get_caller)]


async def get_limits(gateway: GatewayDep) -> Limits:
    """Return the limits the gateway's settings set (webhooks follow no redirect)."""
    settings = gateway.settings
    return Limits(
        policy=OutboundPolicy.from_settings(settings, max_redirects=0),
        per_org=settings.event_subscriptions_per_org,
        secret_overlap=timedelta(seconds=settings.event_subscription_secret_overlap_seconds),
    )


LimitsDep = Annotated[Limits, Depends(get_limits)]


async def get_idempotency(
    request: Request, caller: CallerDep, idempotency_key: IdempotencyKeyHeader = None
) -> Idempotency:
    """Read the request's Idempotency-Key and fingerprint its body (keyed by the caller)."""
    return await of_request(request, caller.subject, idempotency_key)


IdempotencyDep = Annotated[Idempotency, Depends(get_idempotency)]
