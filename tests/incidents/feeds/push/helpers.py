"""Helpers of the push tests: register a webhook, read its deliveries."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from incidents.feeds.push.models import DELIVERIES
from pdp_common.db import utcnow
from pdp_common.webhook_delivery import DeliveryWorker
from sqlalchemy import select

from tests.incidents.factories import Callers
from tests.shared.polling import eventually
from tests.shared.webhook_delivery.endpoints import Clock

WEBHOOKS = "/api/v1/incidents/feeds/webhooks"


async def register(
    client: httpx.AsyncClient, callers: Callers, url: str, **fields: Any
) -> dict[str, Any]:
    """Register a webhook for OSCE (``fields`` override) and return it with its secret."""
    body = {"partner_org": "OSCE", "url": url, "format": "json"} | fields
    response = await client.post(WEBHOOKS, json=body, headers=callers.officer)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def stored(app: FastAPI, webhook_id: str) -> list[Any]:
    """Return the webhook's stored deliveries, oldest first (payload included)."""
    d = DELIVERIES.deliveries
    async with app.state.platform.db.read_sessions() as session:
        stmt = (
            select(d).where(d.c.target_id == uuid.UUID(webhook_id)).order_by(d.c.created_at, d.c.id)
        )
        return list((await session.execute(stmt)).all())


async def deliveries_of(app: FastAPI, webhook_id: str, count: int) -> list[Any]:
    """Wait until the webhook has at least ``count`` deliveries; return them."""
    return await eventually(lambda: stored(app, webhook_id), until=lambda rows: len(rows) >= count)


async def deliver(worker: DeliveryWorker, clock: Clock) -> int:
    """Bring ``clock`` up to real time at least (deliveries are enqueued at the real time) and
    make one delivery pass; return how many deliveries were attempted."""
    clock.now = max(clock.now, utcnow())
    return await worker.deliver_due()
