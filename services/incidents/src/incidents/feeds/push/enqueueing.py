"""What a change of an incident sends to each partner webhook, enqueued in the same transaction.

The selection is the outbound feed's (:mod:`incidents.feeds.outbound.service`): the partner's
agreements that list the webhook's format, its consents, the item's sensitivity and embargo, as
the incidents access rule decides now. A visible incident goes as an item (a tombstone when it
was retracted, rejected or merged); one the partner may no longer see goes as a ``withdrawn``
tombstone when the last thing shared with it in that format was an item; otherwise nothing goes.

The share is recorded (``feed_shares`` and ``pdp.incidents.share.recorded.v1``) when the delivery
is enqueued: from then on the item is committed to the partner and will be retried until it
arrives or fails for good; the delivery log tells whether and when it arrived.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pdp_common.db import utcnow
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.webhook_delivery import enqueue
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.service import viewer_for
from incidents.feeds.outbound import rendering
from incidents.feeds.outbound.models import IncidentChange
from incidents.feeds.outbound.repository import FeedRepository
from incidents.feeds.outbound.service import (
    FeedEntry,
    FeedPage,
    entry_of,
    record_shares,
)
from incidents.feeds.outbound.vocabulary import (
    DELIVERY,
    EntryKind,
    FeedFormat,
    TombstoneReason,
)
from incidents.feeds.push.models import DELIVERIES, FeedWebhook
from incidents.models import Incident

EVENT_TYPES = {
    EntryKind.INCIDENT: "pdp.incidents.feed.item.v1",
    EntryKind.TOMBSTONE: "pdp.incidents.feed.tombstone.v1",
}


def partner_principal(webhook: FeedWebhook) -> Principal:
    """Return the partner as the access rule sees a webhook of it: its agreements' sensitivity
    ceiling is the limit (no clearance of one of its people narrows it)."""
    return Principal(
        subject=f"webhook:{webhook.id}",
        org=webhook.partner_org,
        roles=frozenset({Role.PARTNER}),
        clearance=Clearance.STRICTLY_CONFIDENTIAL,
        credential=f"webhook:{webhook.id}",
    )


async def entry_for(
    session: AsyncSession, webhook: FeedWebhook, incident: Incident, position: int
) -> FeedEntry | None:
    """Return what ``webhook``'s partner receives about ``incident`` now, or None."""
    fmt = FeedFormat(webhook.format)
    viewer = await viewer_for(session, principal=partner_principal(webhook), delivery=DELIVERY[fmt])
    if viewer.may_see(incident):
        return entry_of(position, incident)
    last = await FeedRepository(session).last_kinds(
        webhook.partner_org, DELIVERY[fmt].value, [incident.id]
    )
    if last.get(incident.id) == EntryKind.INCIDENT:
        return FeedEntry(position, incident, EntryKind.TOMBSTONE, TombstoneReason.WITHDRAWN)
    return None


async def enqueue_for_webhook(
    session: AsyncSession,
    webhook: FeedWebhook,
    incident: Incident,
    *,
    position: int,
    message_id: str,
    cap_sender: str,
) -> uuid.UUID | None:
    """Enqueue what ``webhook`` receives about ``incident`` and record the share; return the
    delivery's id, or None when nothing is due to this partner."""
    entry = await entry_for(session, webhook, incident, position)
    if entry is None:
        return None
    fmt = FeedFormat(webhook.format)
    page = FeedPage(
        entries=[entry],
        next_cursor="",
        has_more=False,
        partner=webhook.partner_org,
        served_at=utcnow(),
    )
    feed_url = f"urn:pdp:incidents:feed-webhook:{webhook.id}"
    body, media_type = rendering.render(
        page, fmt, feed_url=feed_url, next_url=feed_url, cap_sender=cap_sender
    )
    delivery_id = await enqueue(
        session,
        DELIVERIES,
        target_id=webhook.id,
        event_type=EVENT_TYPES[entry.kind],
        payload=body,
        message_id=message_id,
        content_type=media_type,
    )
    await record_shares(session, page=page, fmt=fmt, cursor=None)
    return delivery_id


async def enqueue_changes(
    session: AsyncSession, incident_ids: Sequence[uuid.UUID], *, event_id: str, cap_sender: str
) -> list[uuid.UUID]:
    """Enqueue, for every enabled webhook, what it receives about each of ``incident_ids``."""
    webhooks = list(
        await session.scalars(
            select(FeedWebhook).where(FeedWebhook.is_enabled).order_by(FeedWebhook.id)
        )
    )
    if not webhooks:
        return []
    rows = await session.execute(
        select(Incident, IncidentChange.position)
        .join(IncidentChange, IncidentChange.incident_id == Incident.id, isouter=True)
        .where(Incident.id.in_(list(incident_ids)))
        .order_by(Incident.id)
    )
    queued: list[uuid.UUID] = []
    for incident, position in rows:
        for webhook in webhooks:
            delivery_id = await enqueue_for_webhook(
                session,
                webhook,
                incident,
                position=int(position or 0),
                message_id=f"msg_{event_id}_{incident.id.hex[:12]}_{webhook.id.hex[:12]}"[:120],
                cap_sender=cap_sender,
            )
            if delivery_id is not None:
                queued.append(delivery_id)
    return queued
