"""Rules of the outbound feed: which changes a partner gets, as items or tombstones, and the
record of every share.

A page is evaluated at one instant ``at`` (now, or the end of a release window being paged) and
also checked against now, so nothing that stopped being shareable leaks. Visibility is the
incidents service's own access rule (:mod:`incidents.access`), with the partner's agreements
that list the feed's format. Changes after the cursor's position come in position order; an
incident the partner may see comes as an item (a tombstone when it was retracted, rejected or
merged); one it may no longer see comes as a ``withdrawn`` tombstone when the last thing served
to that partner about it, in the same format, was an item, and not at all otherwise. Incidents
below the cursor that became visible since its horizon (an embargo ended, an agreement came into
force) are released first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from pdp_common.contracts import feeds as feed_events
from pdp_common.db import new_id
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.rule import Viewer
from incidents.access.service import viewer_for
from incidents.feeds.outbound.cursor import FeedCursor
from incidents.feeds.outbound.errors import FeedSharesForbidden
from incidents.feeds.outbound.models import FeedShare
from incidents.feeds.outbound.repository import Change, FeedRepository
from incidents.feeds.outbound.vocabulary import DELIVERY, EntryKind, FeedFormat, TombstoneReason
from incidents.models import Incident

STATUS_TOMBSTONES = {
    "retracted": TombstoneReason.RETRACTED,
    "rejected": TombstoneReason.REJECTED,
}


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a page: an incident as the partner may see it, or its tombstone."""

    position: int
    incident: Incident
    kind: EntryKind
    reason: TombstoneReason | None = None


@dataclass(frozen=True)
class FeedPage:
    """A page of the feed, the cursor to continue from and whether more is waiting now."""

    entries: list[FeedEntry]
    next_cursor: str
    has_more: bool
    partner: str
    served_at: datetime


def entry_of(position: int, incident: Incident) -> FeedEntry:
    """Return the entry a visible incident gives: an item, or a tombstone for its status."""
    if incident.merged_into_id is not None:
        return FeedEntry(position, incident, EntryKind.TOMBSTONE, TombstoneReason.MERGED)
    reason = STATUS_TOMBSTONES.get(incident.status)
    if reason is not None:
        return FeedEntry(position, incident, EntryKind.TOMBSTONE, reason)
    return FeedEntry(position, incident, EntryKind.INCIDENT)


async def _changed(
    repo: FeedRepository, changes: list[Change], *, at: Viewer, now: Viewer, fmt: str
) -> list[FeedEntry]:
    hidden = [i.id for _, i in changes if not (at.may_see(i) and now.may_see(i))]
    # Withdrawal is a sharing notion: shares are recorded per organization, and the Centre's
    # staff of different clearances share one, so a Centre reader gets no withdrawn tombstones
    # (they would name incidents served to a colleague of higher clearance).
    last_kinds = {} if now.is_centre else await repo.last_kinds(now.org, fmt, hidden)
    entries: list[FeedEntry] = []
    for position, incident in changes:
        if incident.id not in hidden:
            entries.append(entry_of(position, incident))
        elif last_kinds.get(incident.id) == EntryKind.INCIDENT:
            entries.append(
                FeedEntry(position, incident, EntryKind.TOMBSTONE, TombstoneReason.WITHDRAWN)
            )
    return entries


async def read_feed(
    session: AsyncSession, *, viewer: Viewer, fmt: FeedFormat, cursor: str | None, limit: int
) -> FeedPage:
    """Return the next page of changes ``viewer`` may receive in ``fmt`` after ``cursor``."""
    state = FeedCursor.decode(cursor)
    repo = FeedRepository(session)
    top = await repo.last_position()
    at = replace(viewer, now=state.window_end or viewer.now)
    entries: list[FeedEntry] = []
    if state.horizon is not None:
        released = await repo.released(
            upto=state.position,
            after=state.released_after,
            at=at,
            now=viewer,
            before=replace(viewer, now=state.horizon),
            limit=limit + 1,
        )
        if len(released) > limit:
            entries = [entry_of(p, i) for p, i in released[:limit]]
            paused = replace(state, window_end=at.now, released_after=released[limit - 1][0])
            return _page(entries, paused, has_more=True, viewer=viewer)
        entries = [entry_of(p, i) for p, i in released]
    room = limit - len(entries)
    if room == 0:
        return _page(entries, FeedCursor(state.position, at.now), has_more=True, viewer=viewer)
    changes = await repo.changes_after(
        state.position, top=top, at=at, now=viewer, fmt=DELIVERY[fmt].value, limit=room + 1
    )
    more = len(changes) > room
    changes = changes[:room]
    entries += await _changed(repo, changes, at=at, now=viewer, fmt=DELIVERY[fmt].value)
    position = changes[-1][0] if more else max(top, state.position)
    return _page(entries, FeedCursor(position, at.now), has_more=more, viewer=viewer)


def _page(
    entries: list[FeedEntry], state: FeedCursor, *, has_more: bool, viewer: Viewer
) -> FeedPage:
    return FeedPage(
        entries=entries,
        next_cursor=state.encode(),
        has_more=has_more,
        partner=viewer.org,
        served_at=viewer.now,
    )


async def record_shares(
    session: AsyncSession, *, page: FeedPage, fmt: FeedFormat, cursor: str | None
) -> uuid.UUID | None:
    """Record each entry of ``page`` as served, and announce the batch with one event."""
    if not page.entries:
        return None
    kept = cursor if cursor is None or len(cursor) <= 200 else None
    rows = [
        {
            "id": new_id(),
            "partner_org": page.partner,
            "incident_id": e.incident.id,
            "version": e.incident.version,
            "kind": e.kind.value,
            "format": DELIVERY[fmt].value,
            "served_at": page.served_at,
            "cursor": kept,
        }
        for e in page.entries
    ]
    await FeedRepository(session).insert_shares(rows)
    share_id = new_id()
    await record_event(
        session,
        feed_events.ShareRecorded(
            share_id=share_id,
            partner_org=page.partner,
            format=DELIVERY[fmt].value,
            served_at=page.served_at,
            cursor=kept,
            items=[
                feed_events.SharedIncident(
                    incident_id=e.incident.id, version=e.incident.version, kind=e.kind.value
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
    fmt: FeedFormat,
    cursor: str | None,
    limit: int,
) -> FeedPage:
    """Return the caller's next page in ``fmt`` (its agreements listing that format count) and
    record what it receives."""
    viewer = await viewer_for(session, principal=principal, delivery=DELIVERY[fmt])
    page = await read_feed(session, viewer=viewer, fmt=fmt, cursor=cursor, limit=limit)
    await record_shares(session, page=page, fmt=fmt, cursor=cursor)
    return page


async def list_shares(
    session: AsyncSession,
    *,
    principal: Principal,
    partner: str | None,
    incident_id: uuid.UUID | None,
    since: datetime | None,
    paging: PageParams,
) -> tuple[list[FeedShare], str | None]:
    """Return a page of share records, newest first; only for the Centre's staff, and only the
    records of incidents the caller's clearance lets it read."""
    if not principal.is_centre_staff:
        raise FeedSharesForbidden("Only the Centre's staff may read what was shared with partners.")
    viewer = await viewer_for(session, principal=principal)
    return await FeedRepository(session).shares_page(
        partner=partner, incident_id=incident_id, since=since, paging=paging, viewer=viewer
    )
