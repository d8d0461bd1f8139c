"""Rules of engagements: Centre staff read what their clearance allows, writers record, every
change is announced, and overdue follow-ups are listed and announced once."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import organizations as org_events
from pdp_common.db import new_id, utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Clearance, Principal
from pdp_common.pagination import PageParams
from sqlalchemy.ext.asyncio import AsyncSession

from organizations import permissions
from organizations.engagements import errors
from organizations.engagements.models import Engagement, FollowUp
from organizations.engagements.repository import EngagementRepository
from organizations.engagements.rows import follow_up_read, to_read
from organizations.engagements.schemas import (
    EngagementCreate,
    EngagementFilters,
    EngagementRead,
    EngagementUpdate,
    FollowUpCreate,
    FollowUpRead,
    FollowUpUpdate,
)
from organizations.engagements.vocabulary import FollowUpStatus
from organizations.registry.repository import OrganizationRepository


async def create(
    session: AsyncSession, *, data: EngagementCreate, principal: Principal
) -> EngagementRead:
    """Record an engagement with its follow-ups and announce it."""
    permissions.require_writer(principal)
    await _check_organizations(session, data.organizations)
    fields = data.model_dump(exclude={"follow_ups"}, mode="json")
    fields["occurred_at"] = data.occurred_at
    engagement = Engagement(id=new_id(), created_by=principal.subject, **fields)
    repo = EngagementRepository(session)
    repo.add(engagement)
    await repo.flush()
    follow_ups = [_follow_up(engagement.id, f) for f in data.follow_ups]
    for follow_up in follow_ups:
        repo.add(follow_up)
    await repo.flush()
    await _announce(session, engagement)
    return to_read(engagement, follow_ups)


async def get(
    session: AsyncSession, *, engagement_id: uuid.UUID, principal: Principal
) -> Engagement:
    """Return an engagement the caller may read, or raise EngagementNotFound."""
    permissions.require_centre_reader(principal)
    engagement = await EngagementRepository(session).get(engagement_id)
    if engagement is None or not principal.clearance.allows(Clearance(engagement.sensitivity)):
        raise errors.EngagementNotFound(f"No engagement {engagement_id}.")
    return engagement


async def read(session: AsyncSession, *, engagement: Engagement) -> EngagementRead:
    """Return the API view of an engagement with its follow-ups."""
    follow_ups = await EngagementRepository(session).follow_ups_of([engagement.id])
    return to_read(engagement, follow_ups)


async def update(
    session: AsyncSession,
    *,
    engagement: Engagement,
    data: EngagementUpdate,
    principal: Principal,
    if_match: str | None,
) -> EngagementRead:
    """Change an engagement and announce the new state."""
    permissions.require_writer(principal)
    check_if_match(if_match, engagement.version)
    if data.organizations is not None:
        await _check_organizations(session, data.organizations)
    changes = data.model_dump(exclude_unset=True, mode="json")
    if data.occurred_at is not None:
        changes["occurred_at"] = data.occurred_at
    for name, value in changes.items():
        setattr(engagement, name, value)
    await EngagementRepository(session).flush()
    await _announce(session, engagement)
    return await read(session, engagement=engagement)


async def page(
    session: AsyncSession, *, filters: EngagementFilters, paging: PageParams, principal: Principal
) -> tuple[list[EngagementRead], str | None]:
    """Return one page of the engagements the caller may read."""
    permissions.require_centre_reader(principal)
    repo = EngagementRepository(session)
    rows, cursor = await repo.page(filters, Clearance.up_to(principal.clearance), paging)
    grouped: dict[uuid.UUID, list[FollowUp]] = defaultdict(list)
    for follow_up in await repo.follow_ups_of(r.id for r in rows):
        grouped[follow_up.engagement_id].append(follow_up)
    return [to_read(r, grouped[r.id]) for r in rows], cursor


async def add_follow_up(
    session: AsyncSession, *, engagement: Engagement, data: FollowUpCreate, principal: Principal
) -> FollowUp:
    """Add a follow-up action to an engagement."""
    permissions.require_writer(principal)
    follow_up = _follow_up(engagement.id, data)
    repo = EngagementRepository(session)
    repo.add(follow_up)
    await repo.flush()
    return follow_up


async def get_follow_up(
    session: AsyncSession, *, engagement: Engagement, follow_up_id: uuid.UUID
) -> FollowUp:
    """Return one follow-up of the engagement, or raise FollowUpNotFound."""
    follow_up = await EngagementRepository(session).follow_up(engagement.id, follow_up_id)
    if follow_up is None:
        raise errors.FollowUpNotFound(f"No follow-up {follow_up_id} on this engagement.")
    return follow_up


async def update_follow_up(
    session: AsyncSession,
    *,
    follow_up: FollowUp,
    data: FollowUpUpdate,
    principal: Principal,
    if_match: str | None,
) -> FollowUp:
    """Change a follow-up; a new due date makes it announceable again when it passes."""
    permissions.require_writer(principal)
    check_if_match(if_match, follow_up.version)
    changes = data.model_dump(exclude_unset=True)
    if "due_on" in changes and changes["due_on"] != follow_up.due_on:
        follow_up.overdue_announced_at = None
    if "status" in changes:
        done = changes["status"] in (FollowUpStatus.DONE, FollowUpStatus.CANCELLED)
        follow_up.completed_at = utcnow() if done else None
        changes["status"] = changes["status"].value
    for name, value in changes.items():
        setattr(follow_up, name, value)
    await EngagementRepository(session).flush()
    return follow_up


async def overdue_page(
    session: AsyncSession, *, paging: PageParams, principal: Principal, today: date | None = None
) -> tuple[list[FollowUpRead], str | None]:
    """Return one page of overdue follow-ups on engagements the caller may read."""
    permissions.require_centre_reader(principal)
    day = today or utcnow().date()
    rows, cursor = await EngagementRepository(session).overdue_page(
        day, Clearance.up_to(principal.clearance), paging
    )
    return [follow_up_read(f, day) for f in rows], cursor


async def announce_overdue(session: AsyncSession, *, now: datetime, limit: int = 500) -> int:
    """Announce each newly overdue follow-up once; return how many were announced."""
    claimed = await EngagementRepository(session).claim_unannounced_overdue(now.date(), limit)
    for follow_up, engagement in claimed:
        follow_up.overdue_announced_at = now
        await record_event(
            session,
            org_events.FollowUpOverdue(
                follow_up_id=follow_up.id,
                engagement_id=engagement.id,
                countries=engagement.countries,
                topics=engagement.topics,
                sensitivity=Clearance(engagement.sensitivity),
                due_on=follow_up.due_on,
                detected_at=now,
            ),
        )
    await EngagementRepository(session).flush()
    return len(claimed)


def _follow_up(engagement_id: uuid.UUID, data: FollowUpCreate) -> FollowUp:
    return FollowUp(
        id=new_id(),
        engagement_id=engagement_id,
        action=data.action,
        owner=data.owner,
        due_on=data.due_on,
        status=FollowUpStatus.OPEN.value,
    )


async def _check_organizations(session: AsyncSession, codes: list[str]) -> None:
    unknown = set(codes) - await OrganizationRepository(session).existing_codes(codes)
    if unknown:
        raise errors.EngagementOrganizationUnknown(
            f"Register these organizations first: {', '.join(sorted(unknown))}."
        )


async def _announce(session: AsyncSession, engagement: Engagement) -> None:
    await record_event(
        session,
        org_events.EngagementRecorded(
            engagement_id=engagement.id,
            kind=engagement.kind,
            occurred_on=engagement.occurred_at.date(),
            countries=engagement.countries,
            topics=engagement.topics,
            organizations=engagement.organizations,
            sensitivity=Clearance(engagement.sensitivity),
            version=engagement.version,
        ),
    )
