"""The clearance workflow: draft -> reviewed -> cleared (Head of Centre) -> released."""

from __future__ import annotations

import uuid

from pdp_common.concurrency import check_if_match
from pdp_common.contracts import briefings as briefing_events
from pdp_common.db import utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import errors, permissions, service
from briefings.feed import service as feed
from briefings.models import Briefing
from briefings.schemas import BriefingTransitionCreate
from briefings.vocabulary import TRANSITIONS, BriefingAction, BriefingStatus


async def _announce(session: AsyncSession, briefing: Briefing, action: BriefingAction) -> None:
    fields = service.snapshot(briefing)
    if action is BriefingAction.CLEAR:
        assert briefing.cleared_by is not None
        await record_event(
            session, briefing_events.BriefingCleared(**fields, cleared_by=briefing.cleared_by)
        )
    elif action is BriefingAction.RELEASE:
        assert briefing.released_at is not None
        await feed.record_release(session, briefing)
        await record_event(
            session, briefing_events.BriefingReleased(**fields, released_at=briefing.released_at)
        )


def _apply(briefing: Briefing, action: BriefingAction, principal: Principal) -> None:
    if action is BriefingAction.REVIEW:
        briefing.reviewed_by = principal.subject
    elif action is BriefingAction.CLEAR:
        briefing.cleared_by = principal.subject
    elif action is BriefingAction.RELEASE:
        briefing.released_by = principal.subject
        briefing.released_at = utcnow()
    else:
        briefing.reviewed_by = briefing.cleared_by = None
    briefing.status = TRANSITIONS[action][1].value
    briefing.updated_at = utcnow()


async def transition(
    session: AsyncSession,
    *,
    principal: Principal,
    briefing_id: uuid.UUID,
    data: BriefingTransitionCreate,
    if_match: str | None,
) -> Briefing:
    """Take one step of the clearance workflow, recording a version and announcing it."""
    briefing = await service.get_visible(session, principal=principal, briefing_id=briefing_id)
    if briefing.status == BriefingStatus.RELEASED:
        raise errors.BriefingImmutable("A released briefing is final.")
    permissions.require_action(principal, data.action)
    check_if_match(if_match, briefing.version)
    sources, _target = TRANSITIONS[data.action]
    if BriefingStatus(briefing.status) not in sources:
        allowed = ", ".join(sorted(s.value for s in sources))
        raise errors.BriefingTransitionInvalid(
            f"{data.action.value} applies to a briefing that is {allowed}, not {briefing.status}.",
            current_status=briefing.status,
        )
    _apply(briefing, data.action, principal)
    await session.flush()
    service.record_version(
        session,
        briefing=briefing,
        action=data.action.value,
        by=principal.subject,
        comment=data.comment,
    )
    await _announce(session, briefing, data.action)
    return briefing
