"""Pulled feed rows: register, read, change, delete, claim under a lease, record a fetch.

Claiming is a compare-and-set, as for import jobs: a worker picks a due feed that no live lease
holds, then takes it with an UPDATE whose WHERE repeats that condition. On PostgreSQL the second
of two concurrent UPDATEs waits for the first's row lock and then finds the condition false;
SQLite has one writer at a time. Either way one replica fetches a feed at a time.

Every fetch is a row of the fetch log from the moment it exists: a fetch asked for is
``queued`` (at most one queued or running per feed; the feed row is locked while checking), a
claimed one ``running``; the worker ends it with a compare-and-set on ``running``, so a fetch
cancelled meanwhile stores nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.feeds.pull.errors import (
    PulledFeedBusy,
    PulledFeedNotFound,
    PulledFetchFinished,
    PulledFetchNotFound,
)
from incidents.feeds.pull.models import PulledFeed, PulledFetch


@dataclass(frozen=True, slots=True)
class Claim:
    """A feed a worker holds: what it needs to fetch it."""

    id: uuid.UUID
    partner_org: str
    url: str
    media: str | None
    interval_seconds: int
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    fetch_id: uuid.UUID | None = None


ACTIVE = ("queued", "running")

CLAIMED = (
    PulledFeed.id,
    PulledFeed.partner_org,
    PulledFeed.url,
    PulledFeed.media,
    PulledFeed.interval_seconds,
    PulledFeed.etag,
    PulledFeed.last_modified,
    PulledFeed.consecutive_failures,
)


async def get(session: AsyncSession, source_id: uuid.UUID) -> PulledFeed:
    """Return the feed or raise not found."""
    source = await session.get(PulledFeed, source_id)
    if source is None:
        raise PulledFeedNotFound(f"No pulled feed {source_id}.")
    return source


async def remove(session: AsyncSession, source_id: uuid.UUID) -> None:
    """Delete the feed and its fetch log."""
    await get(session, source_id)
    await session.execute(delete(PulledFetch).where(PulledFetch.source_id == source_id))
    await session.execute(delete(PulledFeed).where(PulledFeed.id == source_id))


def _free(now: datetime) -> Any:
    return or_(PulledFeed.lease_expires_at.is_(None), PulledFeed.lease_expires_at < now)


def _due(now: datetime) -> Any:
    return and_(PulledFeed.enabled.is_(True), PulledFeed.next_due_at <= now, _free(now))


async def _take(
    session: AsyncSession, source_id: uuid.UUID, condition: Any, owner: str, until: datetime
) -> Claim | None:
    taken = await session.execute(
        update(PulledFeed)
        .where(PulledFeed.id == source_id, condition)
        .values(lease_owner=owner, lease_expires_at=until)
        .returning(*CLAIMED)
    )
    row = taken.first()
    return None if row is None else Claim(*row)


async def claim_due(
    session: AsyncSession, owner: str, *, now: datetime, lease: timedelta
) -> Claim | None:
    """Take the feed due longest ago that no live lease holds, for ``owner``."""
    while True:
        candidate = await session.scalar(
            select(PulledFeed.id)
            .where(_due(now))
            .order_by(PulledFeed.next_due_at, PulledFeed.id)
            .limit(1)
        )
        if candidate is None:
            return None
        claim = await _take(session, candidate, _due(now), owner, now + lease)
        if claim is not None:
            return await start(session, claim, now=now, trigger="scheduled")
        # else another worker took it first


async def claim_now(
    session: AsyncSession, source_id: uuid.UUID, owner: str, *, now: datetime, lease: timedelta
) -> Claim | None:
    """Take the feed whatever its schedule (a fetch asked for now); None while it is held."""
    await get(session, source_id)
    claim = await _take(session, source_id, _free(now), owner, now + lease)
    if claim is None:
        return None
    return await start(session, claim, now=now, trigger="requested")


async def _orphans_failed(session: AsyncSession, source_id: uuid.UUID, now: datetime) -> None:
    """Fail the running fetches of a feed whose lease was free: their worker stopped."""
    await session.execute(
        update(PulledFetch)
        .where(PulledFetch.source_id == source_id, PulledFetch.status == "running")
        .values(status="failed", finished_at=now, error="The worker fetching it stopped.")
    )


async def start(
    session: AsyncSession,
    claim: Claim,
    *,
    now: datetime,
    trigger: str,
    requested_by: str | None = None,
) -> Claim:
    """Log a running fetch of a feed just claimed; return the claim with its fetch id."""
    await _orphans_failed(session, claim.id, now)
    fetch = PulledFetch(
        source_id=claim.id, trigger=trigger, requested_by=requested_by, queued_at=now,
        started_at=now, status="running", size_bytes=0, counts={},
    )  # fmt: skip
    session.add(fetch)
    await session.flush()
    return replace(claim, fetch_id=fetch.id)


async def queue(
    session: AsyncSession, source_id: uuid.UUID, requested_by: str, now: datetime
) -> PulledFetch:
    """Queue a fetch asked for; busy while one of the feed is queued or running."""
    await get(session, source_id)
    # Lock the feed row (PostgreSQL) so two requests cannot both queue a fetch.
    await session.execute(
        update(PulledFeed)
        .where(PulledFeed.id == source_id)
        .values(updated_at=PulledFeed.updated_at)
    )
    active = await session.scalar(
        select(PulledFetch.id)
        .where(PulledFetch.source_id == source_id, PulledFetch.status.in_(ACTIVE))
        .limit(1)
    )
    if active is not None:
        raise PulledFeedBusy(f"Fetch {active} of this feed is queued or running; see its log.")
    fetch = PulledFetch(
        source_id=source_id, trigger="requested", requested_by=requested_by, queued_at=now,
        status="queued", size_bytes=0, counts={},
    )  # fmt: skip
    session.add(fetch)
    await session.flush()
    return fetch


async def claim_queued(
    session: AsyncSession, owner: str, *, now: datetime, lease: timedelta
) -> Claim | None:
    """Take the feed of the oldest queued fetch no live lease holds, and mark it running."""
    queued = await session.execute(
        select(PulledFetch.id, PulledFetch.source_id)
        .where(PulledFetch.status == "queued")
        .order_by(PulledFetch.queued_at, PulledFetch.id)
        .limit(50)
    )
    for fetch_id, source_id in queued.all():
        claim = await _take(session, source_id, _free(now), owner, now + lease)
        if claim is None:
            continue  # its feed is being fetched; the queued fetch waits its turn
        await _orphans_failed(session, source_id, now)
        running = await session.execute(
            update(PulledFetch)
            .where(PulledFetch.id == fetch_id, PulledFetch.status == "queued")
            .values(status="running", started_at=now)
            .returning(PulledFetch.id)
        )
        if running.first() is not None:
            return replace(claim, fetch_id=fetch_id)
        await free(session, claim, owner, next_due_at=None)  # cancelled meanwhile
    return None


async def free(
    session: AsyncSession, claim: Claim, owner: str, *, next_due_at: datetime | None
) -> None:
    """Give the feed's lease back without recording a fetch (one cancelled)."""
    values: dict[str, Any] = {"lease_owner": None, "lease_expires_at": None}
    if next_due_at is not None:
        values["next_due_at"] = next_due_at
    await session.execute(
        update(PulledFeed)
        .where(PulledFeed.id == claim.id, PulledFeed.lease_owner == owner)
        .values(**values)
    )


async def fetch_of(session: AsyncSession, source_id: uuid.UUID, fetch_id: uuid.UUID) -> PulledFetch:
    """Return one fetch of a feed or raise not found."""
    await get(session, source_id)
    fetch = await session.get(PulledFetch, fetch_id)
    if fetch is None or fetch.source_id != source_id:
        raise PulledFetchNotFound(f"No fetch {fetch_id} of pulled feed {source_id}.")
    return fetch


async def cancel(
    session: AsyncSession, source_id: uuid.UUID, fetch_id: uuid.UUID, now: datetime
) -> PulledFetch:
    """Cancel a queued or running fetch; a running one stores nothing when it ends."""
    await fetch_of(session, source_id, fetch_id)
    done = await session.execute(
        update(PulledFetch)
        .where(PulledFetch.id == fetch_id, PulledFetch.status.in_(ACTIVE))
        .values(status="cancelled", finished_at=now, error="Cancelled.")
        .returning(PulledFetch.id)
    )
    if done.first() is None:
        raise PulledFetchFinished(f"Fetch {fetch_id} has already ended.")
    fetch = await session.get(PulledFetch, fetch_id, populate_existing=True)
    assert fetch is not None
    return fetch


async def release(
    session: AsyncSession,
    claim: Claim,
    owner: str,
    fetch: dict[str, Any],
    *,
    next_due_at: datetime,
    validators: tuple[str | None, str | None] | None,
) -> str:
    """End the claimed fetch with ``fetch`` (its columns) and free the feed: ``recorded``;
    ``lost`` if ``owner`` lost the feed, ``cancelled`` if the fetch was cancelled (nothing is
    recorded then; the caller rolls back)."""
    ended = await session.execute(
        update(PulledFetch)
        .where(PulledFetch.id == claim.fetch_id, PulledFetch.status == "running")
        .values(**fetch)
        .returning(PulledFetch.id)
    )
    if ended.first() is None:
        return "cancelled"
    failed = fetch["status"] == "failed"
    values: dict[str, Any] = {
        "lease_owner": None,
        "lease_expires_at": None,
        "last_fetched_at": fetch["finished_at"],
        "last_status": fetch["status"],
        "last_error": fetch.get("error"),
        "next_due_at": next_due_at,
        "consecutive_failures": claim.consecutive_failures + 1 if failed else 0,
        "updated_at": fetch["finished_at"],
    }
    if validators is not None:
        values["etag"], values["last_modified"] = validators
    freed = await session.execute(
        update(PulledFeed)
        .where(PulledFeed.id == claim.id, PulledFeed.lease_owner == owner)
        .values(**values)
        .returning(PulledFeed.id)
    )
    return "lost" if freed.first() is None else "recorded"


async def prune(session: AsyncSession, source_id: uuid.UUID, keep: int) -> None:
    """Keep only the ``keep`` latest fetches of a feed in its log."""
    old = (
        select(PulledFetch.id)
        .where(PulledFetch.source_id == source_id, PulledFetch.status.not_in(ACTIVE))
        .order_by(PulledFetch.queued_at.desc(), PulledFetch.id.desc())
        .offset(keep)
    )
    stale = list((await session.scalars(old)).all())
    if stale:
        await session.execute(delete(PulledFetch).where(PulledFetch.id.in_(stale)))


async def fetches(session: AsyncSession, source_id: uuid.UUID, limit: int) -> list[PulledFetch]:
    """Return the feed's latest fetches, newest first."""
    await get(session, source_id)
    rows = await session.scalars(
        select(PulledFetch)
        .where(PulledFetch.source_id == source_id)
        .order_by(PulledFetch.queued_at.desc(), PulledFetch.id.desc())
        .limit(limit)
    )
    return list(rows.all())
