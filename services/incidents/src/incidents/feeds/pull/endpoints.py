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
    PulledFetchFinished,
    PulledFetchNotFound,
)
from incidents.feeds.pull.models import PulledFeed
from incidents.feeds.pull.schemas import (
    PulledFeedCreate,
    PulledFeedOut,
    PulledFeedUpdate,
    PulledFetchOut,
    PulledFetchReport,
)
from incidents.feeds.pull.worker import running_worker
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
    status_code=202,
    response_model=PulledFetchOut,
    responses={
        202: {"description": "The fetch is queued; follow Location."},
        **problems(PulledFeedForbidden, PulledFeedNotFound, PulledFeedBusy),
    },
)
async def fetch_feed(
    source_id: uuid.UUID, response: Response, principal: PrincipalDep, platform: PlatformDep
) -> PulledFetchOut:
    """Queue a fetch of the feed now, whatever its schedule. Answers 202 with the fetch
    (``status`` ``queued``); a worker runs it shortly: follow its progress at ``Location``.
    409 while a fetch of the feed is queued or running."""
    require_manager(principal)
    async with platform.db.transaction() as session:
        fetch = await store.queue(session, source_id, principal.subject, utcnow())
        out = PulledFetchOut.model_validate(fetch)
    worker = running_worker(platform)
    if worker is not None:
        worker.wake()
    response.headers["Location"] = f"/api/v1/incidents/feeds/sources/{source_id}/fetches/{out.id}"
    return out


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


@router.get(
    "/{source_id}/fetches/{fetch_id}",
    response_model=PulledFetchOut,
    responses=problems(PulledFeedForbidden, PulledFeedNotFound, PulledFetchNotFound),
)
async def read_fetch(
    source_id: uuid.UUID, fetch_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> PulledFetchOut:
    """Return one fetch: its status, item counts, timings and error."""
    require_manager(principal)
    return PulledFetchOut.model_validate(await store.fetch_of(session, source_id, fetch_id))


@router.post(
    "/{source_id}/fetches/{fetch_id}/cancel",
    response_model=PulledFetchOut,
    responses=problems(
        PulledFeedForbidden, PulledFeedNotFound, PulledFetchNotFound, PulledFetchFinished
    ),
)
async def cancel_fetch(
    source_id: uuid.UUID, fetch_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> PulledFetchOut:
    """Cancel a queued or running fetch. A queued one never runs; a running one stores
    nothing (its items are taken in one transaction, rolled back when it finds itself
    cancelled). 409 once the fetch has ended."""
    require_manager(principal)
    return PulledFetchOut.model_validate(await store.cancel(session, source_id, fetch_id, utcnow()))


@router.get(
    "/{source_id}/fetches/{fetch_id}/report",
    response_model=PulledFetchReport,
    responses=problems(PulledFeedForbidden, PulledFeedNotFound, PulledFetchNotFound),
)
async def fetch_report(
    source_id: uuid.UUID, fetch_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> PulledFetchReport:
    """Return each item's outcome in the fetch, with the problem of each rejected item (empty
    until the fetch has succeeded)."""
    require_manager(principal)
    fetch = await store.fetch_of(session, source_id, fetch_id)
    kept = fetch.report or {}
    return PulledFetchReport(
        fetch_id=fetch.id, status=fetch.status, counts=fetch.counts,
        truncated=bool(kept.get("truncated", False)), items=kept.get("items", []),
    )  # fmt: skip
