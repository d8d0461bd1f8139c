"""Managing partner webhooks: register (URL checked against SSRF), change, delete, resume a
suspended one, rotate its secret, and read its delivery log. Only the Centre's officers and
administrators manage them, for any partner."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pdp_common import webhook_signing
from pdp_common.db import new_id, utcnow
from pdp_common.identity import Principal, Role
from pdp_common.keyset import keyset_page
from pdp_common.outbound import OutboundClient, OutboundError, OutboundPolicy
from pdp_common.pagination import PageParams
from pdp_common.webhook_delivery import DeliveryStatus, release_target
from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.feeds.push.errors import (
    WebhookDestinationRefused,
    WebhookLimitReached,
    WebhookNotFound,
    WebhookNotSuspended,
    WebhooksForbidden,
)
from incidents.feeds.push.models import DELIVERIES, FeedWebhook
from incidents.feeds.push.schemas import WebhookCreate, WebhookUpdate


def require_manager(principal: Principal) -> None:
    """Let only the Centre's officers and administrators through."""
    if not (principal.is_centre_staff and principal.has_any(Role.OFFICER, Role.ADMIN)):
        raise WebhooksForbidden("Only the Centre's officers and administrators manage webhooks.")


async def check_url(url: str, policy: OutboundPolicy) -> None:
    """Refuse a URL the delivery worker would refuse (scheme, host, every resolved address)."""
    client = OutboundClient(policy)
    try:
        await client.check_destination(url)
    except OutboundError as exc:
        raise WebhookDestinationRefused(f"The webhook URL is refused: {exc.detail}") from exc
    finally:
        await client.aclose()


async def get_webhook(session: AsyncSession, webhook_id: uuid.UUID) -> FeedWebhook:
    """Return the webhook or raise WebhookNotFound."""
    webhook = await session.get(FeedWebhook, webhook_id)
    if webhook is None:
        raise WebhookNotFound(f"No partner webhook {webhook_id}.")
    return webhook


async def create_webhook(
    session: AsyncSession,
    *,
    principal: Principal,
    body: WebhookCreate,
    policy: OutboundPolicy,
    max_per_partner: int,
) -> FeedWebhook:
    """Register a webhook with a new secret (read it from ``secrets[0]`` once)."""
    require_manager(principal)
    await check_url(body.url, policy)
    count = await session.scalar(
        select(func.count()).where(FeedWebhook.partner_org == body.partner_org)
    )
    if int(count or 0) >= max_per_partner:
        raise WebhookLimitReached(
            f"{body.partner_org} already has {max_per_partner} webhooks; delete one first."
        )
    now = utcnow()
    webhook = FeedWebhook(
        id=new_id(),
        partner_org=body.partner_org,
        url=body.url,
        format=body.format.value,
        secrets=[webhook_signing.generate_secret()],
        is_enabled=body.enabled,
        is_suspended=False,
        suspended_reason=None,
        suspended_at=None,
        suspensions=0,
        created_by=principal.subject,
        created_at=now,
        updated_at=now,
    )
    session.add(webhook)
    await session.flush()
    return webhook


async def list_webhooks(
    session: AsyncSession, *, principal: Principal, partner: str | None
) -> Sequence[FeedWebhook]:
    """Return the webhooks, of one partner or all."""
    require_manager(principal)
    stmt = select(FeedWebhook).order_by(FeedWebhook.partner_org, FeedWebhook.id)
    if partner is not None:
        stmt = stmt.where(FeedWebhook.partner_org == partner)
    return list(await session.scalars(stmt))


async def update_webhook(
    session: AsyncSession,
    *,
    principal: Principal,
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    policy: OutboundPolicy,
) -> FeedWebhook:
    """Change a webhook's URL, format or enabled flag; re-enabling releases held deliveries."""
    require_manager(principal)
    webhook = await get_webhook(session, webhook_id)
    if body.url is not None:
        await check_url(body.url, policy)
        webhook.url = body.url
    if body.format is not None:
        webhook.format = body.format.value
    if body.enabled is not None:
        if body.enabled and not webhook.is_enabled and not webhook.is_suspended:
            await release_target(session, DELIVERIES, target_id=webhook.id)
        webhook.is_enabled = body.enabled
    webhook.updated_at = utcnow()
    await session.flush()
    return webhook


async def delete_webhook(
    session: AsyncSession, *, principal: Principal, webhook_id: uuid.UUID
) -> None:
    """Delete a webhook; its undelivered messages are cancelled, its log stays."""
    require_manager(principal)
    webhook = await get_webhook(session, webhook_id)
    d = DELIVERIES.deliveries
    await session.execute(
        update(d)
        .where(
            d.c.target_id == webhook.id,
            d.c.status.in_([DeliveryStatus.PENDING, DeliveryStatus.HELD]),
        )
        .values(status=DeliveryStatus.CANCELLED, last_error="The webhook was deleted.")
    )
    await session.delete(webhook)


async def resume_webhook(
    session: AsyncSession, *, principal: Principal, webhook_id: uuid.UUID
) -> FeedWebhook:
    """Resume a suspended webhook: its held deliveries are due at once."""
    require_manager(principal)
    webhook = await get_webhook(session, webhook_id)
    if not webhook.is_suspended:
        raise WebhookNotSuspended(f"Webhook {webhook_id} is not suspended.")
    webhook.is_suspended = False
    webhook.updated_at = utcnow()
    await release_target(session, DELIVERIES, target_id=webhook.id)
    await session.flush()
    return webhook


async def rotate_secret(
    session: AsyncSession, *, principal: Principal, webhook_id: uuid.UUID
) -> FeedWebhook:
    """Give the webhook a new secret; messages are signed with the new and the previous one
    until the next rotation, so the partner can switch without losing any."""
    require_manager(principal)
    webhook = await get_webhook(session, webhook_id)
    webhook.secrets = webhook_signing.rotate(webhook.secrets, keep=1)
    webhook.updated_at = utcnow()
    await session.flush()
    return webhook


async def deliveries_page(
    session: AsyncSession, *, principal: Principal, webhook_id: uuid.UUID, paging: PageParams
) -> tuple[list[Row[Any]], str | None]:
    """Return a page of the webhook's deliveries, newest first."""
    require_manager(principal)
    await get_webhook(session, webhook_id)
    d = DELIVERIES.deliveries
    ids, next_cursor = await keyset_page(
        session,
        select(d.c.id).where(d.c.target_id == webhook_id),
        columns=[d.c.id],
        paging=paging,
        descending=True,
    )
    if not ids:
        return [], next_cursor
    shown = [c for c in d.c if c.name != "payload"]
    rows = await session.execute(select(*shown).where(d.c.id.in_(ids)).order_by(d.c.id.desc()))
    return list(rows.all()), next_cursor
