"""Rules of the briefings feed: which releases a caller gets, and the record of every share.

The feed lists released briefings in release order. Whether a caller may read one is the
service's own access rule (:mod:`briefings.access`): its classification, its audience, and the
sharing agreements and consents of the caller's organization, judged when the caller's cursor
passes the release. A released briefing never changes, and the workflow has no withdrawal, so each
release appears once, as one item, with no updates or tombstones.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pdp_common.contracts import briefings as briefing_events
from pdp_common.db import new_id
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import access
from briefings.access import Reader
from briefings.feed.cursor import FeedCursor
from briefings.feed.errors import BriefingFeedSharesForbidden
from briefings.feed.models import BriefingFeedShare
from briefings.feed.repository import FeedRepository
from briefings.feed.vocabulary import RECORDED_AS, BriefingFeedFormat
from briefings.models import Briefing

SCAN_BATCH = 200
"""Releases read per query while looking for the ones a caller may read."""


@dataclass(frozen=True)
class FeedEntry:
    """One released briefing of a page, and its release position."""

    position: int
    briefing: Briefing


@dataclass(frozen=True)
class FeedPage:
    """A page of the feed, the cursor to continue from and whether more is waiting now."""

    entries: list[FeedEntry]
    next_cursor: str
    has_more: bool
    reader_org: str
    served_at: datetime


async def read_feed(
    session: AsyncSession, *, reader: Reader, cursor: str | None, limit: int
) -> FeedPage:
    """Return the next page of releases ``reader`` may read after ``cursor``."""
    position = FeedCursor.decode(cursor).position
    repo = FeedRepository(session)
    top = await repo.last_position()
    visibility = access.visibility(reader.principal)
    entries: list[FeedEntry] = []
    scanned = position
    while scanned < top:
        batch = await repo.releases_after(
            scanned, visibility, top=top, limit=max(SCAN_BATCH, limit + 1)
        )
        if not batch:
            break
        for at, briefing in batch:
            if not reader.may_see(briefing):
                continue
            if len(entries) == limit:
                return _page(entries, entries[-1].position, has_more=True, reader=reader)
            entries.append(FeedEntry(at, briefing))
        scanned = batch[-1][0]
    return _page(entries, max(top, position), has_more=False, reader=reader)


def _page(entries: list[FeedEntry], position: int, *, has_more: bool, reader: Reader) -> FeedPage:
    return FeedPage(
        entries=entries,
        next_cursor=FeedCursor(position).encode(),
        has_more=has_more,
        reader_org=reader.principal.org,
        served_at=reader.now,
    )


async def record_shares(
    session: AsyncSession, *, page: FeedPage, fmt: BriefingFeedFormat, cursor: str | None
) -> uuid.UUID | None:
    """Record each briefing of ``page`` as served, and announce the batch with one event."""
    if not page.entries:
        return None
    kept = cursor if cursor is None or len(cursor) <= 200 else None
    rows = [
        {
            "id": new_id(),
            "partner_org": page.reader_org,
            "briefing_id": e.briefing.id,
            "version": e.briefing.version,
            "format": RECORDED_AS[fmt],
            "served_at": page.served_at,
            "cursor": kept,
        }
        for e in page.entries
    ]
    await FeedRepository(session).insert_shares(rows)
    share_id = new_id()
    await record_event(
        session,
        briefing_events.BriefingShareRecorded(
            share_id=share_id,
            partner_org=page.reader_org,
            format=RECORDED_AS[fmt],
            served_at=page.served_at,
            cursor=kept,
            items=[
                briefing_events.SharedBriefing(
                    briefing_id=e.briefing.id, version=e.briefing.version
                )
                for e in page.entries
            ],
        ),
    )
    return share_id


async def serve_feed(
    session: AsyncSession,
    *,
    principal: Principal,
    fmt: BriefingFeedFormat,
    cursor: str | None,
    limit: int,
) -> FeedPage:
    """Return the caller's next page and record what it receives."""
    reader = await access.reader_for(session, principal)
    page = await read_feed(session, reader=reader, cursor=cursor, limit=limit)
    await record_shares(session, page=page, fmt=fmt, cursor=cursor)
    return page


async def record_release(session: AsyncSession, briefing: Briefing) -> int:
    """Give a briefing being released its place in the feed; return its position."""
    return await FeedRepository(session).add_release(briefing.id)


async def list_shares(
    session: AsyncSession,
    *,
    principal: Principal,
    partner: str | None,
    briefing_id: uuid.UUID | None,
    since: datetime | None,
    paging: PageParams,
) -> tuple[list[BriefingFeedShare], str | None]:
    """Return a page of share records, newest first; only for the Centre's staff."""
    if not principal.is_centre_staff:
        raise BriefingFeedSharesForbidden(
            "Only the Centre's staff may read which briefings were served through the feed."
        )
    return await FeedRepository(session).shares_page(
        partner=partner, briefing_id=briefing_id, since=since, paging=paging
    )
