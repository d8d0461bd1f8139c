"""HTTP endpoints of pulled feeds: Centre officers register partner feed URLs and watch them."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated, cast

from fastapi import APIRouter, Query, Response
from pdp_common.db import utcnow
from pdp_common.dependencies import PlatformDep, PrincipalDep, SessionDep
from pdp_common.identity import Principal, Role
from pdp_common.openapi import problems
from pdp_common.outbound import (
    OutboundAddressRefused,
    OutboundClient,
    OutboundPolicy,
    OutboundUnreachable,
    OutboundUrlRefused,
)
from pdp_common.sharing_copy import SharingCopy
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.feeds.inbound.parsing import MEDIA_TYPES
from incidents.feeds.pull import store
from incidents.feeds.pull.errors import (
    PulledFeedBusy,
    PulledFeedForbidden,
    PulledFeedInvalid,
    PulledFeedNotFound,
)
from incidents.feeds.pull.models import PulledFeed
from incidents.feeds.pull.schemas import (
    PulledFeedCreate,
    PulledFeedOut,
    PulledFeedUpdate,
    PulledFetchOut,
)
from incidents.feeds.pull.worker import PullWorker
from incidents.models import sharing
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/incidents/feeds/sources", tags=["feeds"])

MANAGERS = frozenset({Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN})


def require_manager(principal: Principal) -> None:
    """Refuse callers other than Centre officers, the head of centre and admins."""
    if not (principal.is_centre_staff and principal.roles & MANAGERS):
        raise PulledFeedForbidden(
            "Pulled feeds are managed by Centre officers, the head of centre and admins."
        )


def check_interval(settings: IncidentsSettings, seconds: int) -> int:
    """Refuse an interval shorter than the configured minimum."""
    least = settings.feed_pull_min_interval_seconds
    if seconds < least:
        raise PulledFeedInvalid(f"A feed is fetched at most every {least} seconds.")
    return seconds


async def check_partner(session: AsyncSession, org: str) -> None:
    """Refuse an organization without a sharing agreement in force."""
    now = utcnow()
    agreements = await SharingCopy(session, sharing).agreements_of(org)
    if not any(agreement.in_force(now) for agreement in agreements):
        raise PulledFeedInvalid(f"{org} has no information-sharing agreement in force.")


@router.post(
    "",
    status_code=201,
    response_model=PulledFeedOut,
    responses=problems(
        PulledFeedForbidden,
        PulledFeedInvalid,
        OutboundUrlRefused,
        OutboundAddressRefused,
        OutboundUnreachable,
    ),
)
async def register_feed(
    body: PulledFeedCreate, session: SessionDep, principal: PrincipalDep, platform: PlatformDep
) -> PulledFeed:
    """Register a partner feed URL to fetch on a schedule (the URL is checked for SSRF now and
    at every fetch)."""
    settings = cast(IncidentsSettings, platform.settings)
    require_manager(principal)
    if body.media is not None and body.media not in MEDIA_TYPES:
        raise PulledFeedInvalid(f"The format is one of {', '.join(MEDIA_TYPES)}, or null.")
    interval = check_interval(
        settings, body.interval_seconds or settings.feed_pull_default_interval_seconds
    )
    await check_partner(session, body.partner_org)
    async with OutboundClient(OutboundPolicy.from_settings(settings)) as client:
        await client.check_destination(body.url)
    now = utcnow()
    source = PulledFeed(
        partner_org=body.partner_org, url=body.url, media=body.media, interval_seconds=interval,
        enabled=body.enabled, next_due_at=now, consecutive_failures=0,
        created_by=principal.subject, created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(source)
    await session.flush()
    return source


@router.get("", response_model=list[PulledFeedOut], responses=problems(PulledFeedForbidden))
async def list_feeds(session: SessionDep, principal: PrincipalDep) -> list[PulledFeed]:
    """List the registered pulled feeds."""
    require_manager(principal)
    rows = await session.scalars(select(PulledFeed).order_by(PulledFeed.created_at, PulledFeed.id))
    return list(rows.all())


@router.get(
    "/{source_id}",
    response_model=PulledFeedOut,
    responses=problems(PulledFeedForbidden, PulledFeedNotFound),
)
async def read_feed(
    source_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> PulledFeed:
    """Return one pulled feed and how its last fetch went."""
    require_manager(principal)
    return await store.get(session, source_id)


@router.patch(
    "/{source_id}",
    response_model=PulledFeedOut,
    responses=problems(PulledFeedForbidden, PulledFeedNotFound, PulledFeedInvalid),
)
async def change_feed(
    source_id: uuid.UUID,
    body: PulledFeedUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    platform: PlatformDep,
) -> PulledFeed:
    """Enable or disable a feed, or change its interval (it is then due one interval after its
    last fetch)."""
    settings = cast(IncidentsSettings, platform.settings)
    require_manager(principal)
    source = await store.get(session, source_id)
    now = utcnow()
    if body.interval_seconds is not None:
        source.interval_seconds = check_interval(settings, body.interval_seconds)
        since = source.last_fetched_at or now
        source.next_due_at = since + timedelta(seconds=source.interval_seconds)
    if body.enabled is not None:
        if body.enabled and not source.enabled:
            source.next_due_at, source.consecutive_failures = now, 0
        source.enabled = body.enabled
    source.updated_at = now
    await session.flush()
    return source


@router.delete(
    "/{source_id}", status_code=204, responses=problems(PulledFeedForbidden, PulledFeedNotFound)
)
async def delete_feed(
    source_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Delete a feed and its fetch log; the incidents it brought stay."""
    require_manager(principal)
    await store.remove(session, source_id)
    return Response(status_code=204)


@router.post(
    "/{source_id}/fetch",
    response_model=PulledFetchOut,
    responses=problems(PulledFeedForbidden, PulledFeedNotFound, PulledFeedBusy),
)
async def fetch_feed(
    source_id: uuid.UUID, principal: PrincipalDep, platform: PlatformDep
) -> PulledFetchOut:
    """Fetch the feed now, whatever its schedule, and return the fetch record (a failed fetch
    is a record with ``status`` ``failed`` and its error, not an error response)."""
    settings = cast(IncidentsSettings, platform.settings)
    require_manager(principal)
    worker = PullWorker(platform.db, settings)
    try:
        fetch = await worker.fetch_now(source_id)
    finally:
        await worker.client.aclose()
    if fetch is None:
        raise PulledFeedBusy("The feed is being fetched right now; see its fetch log.")
    return PulledFetchOut.model_validate(fetch)


@router.get(
    "/{source_id}/fetches",
    response_model=list[PulledFetchOut],
    responses=problems(PulledFeedForbidden, PulledFeedNotFound),
)
async def list_fetches(
    source_id: uuid.UUID,
    session: SessionDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[PulledFetchOut]:
    """Return the feed's latest fetches, newest first, with item counts per outcome."""
    require_manager(principal)
    rows = await store.fetches(session, source_id, limit)
    return [PulledFetchOut.model_validate(row) for row in rows]
