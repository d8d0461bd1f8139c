"""Pulled feed rows: register, read, change, delete, claim under a lease, record a fetch.

Claiming is a compare-and-set, as for import jobs: a worker picks a due feed that no live lease
holds, then takes it with an UPDATE whose WHERE repeats that condition. On PostgreSQL the second
of two concurrent UPDATEs waits for the first's row lock and then finds the condition false;
SQLite has one writer at a time. Either way one replica fetches a feed at a time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.feeds.pull.errors import PulledFeedNotFound
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
    return None if row is None else Claim(*row)  # type: ignore[call-arg]


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
            return claim  # else another worker took it first


async def claim_now(
    session: AsyncSession, source_id: uuid.UUID, owner: str, *, now: datetime, lease: timedelta
) -> Claim | None:
    """Take the feed whatever its schedule (a fetch asked for now); None while it is held."""
    await get(session, source_id)
    return await _take(session, source_id, _free(now), owner, now + lease)


async def release(
    session: AsyncSession,
    claim: Claim,
    owner: str,
    fetch: PulledFetch,
    *,
    next_due_at: datetime,
    validators: tuple[str | None, str | None] | None,
) -> bool:
    """Record ``fetch`` and free the feed; False (nothing recorded) if ``owner`` lost it."""
    failed = fetch.status == "failed"
    values: dict[str, Any] = {
        "lease_owner": None,
        "lease_expires_at": None,
        "last_fetched_at": fetch.finished_at,
        "last_status": fetch.status,
        "last_error": fetch.error,
        "next_due_at": next_due_at,
        "consecutive_failures": claim.consecutive_failures + 1 if failed else 0,
        "updated_at": fetch.finished_at,
    }
    if validators is not None:
        values["etag"], values["last_modified"] = validators
    freed = await session.execute(
        update(PulledFeed)
        .where(PulledFeed.id == claim.id, PulledFeed.lease_owner == owner)
        .values(**values)
        .returning(PulledFeed.id)
    )
    if freed.first() is None:
        return False
    session.add(fetch)
    await session.flush()
    return True


async def prune(session: AsyncSession, source_id: uuid.UUID, keep: int) -> None:
    """Keep only the ``keep`` latest fetches of a feed in its log."""
    old = (
        select(PulledFetch.id)
        .where(PulledFetch.source_id == source_id)
        .order_by(PulledFetch.started_at.desc(), PulledFetch.id.desc())
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
        .order_by(PulledFetch.started_at.desc(), PulledFetch.id.desc())
        .limit(limit)
    )
    return list(rows.all())
