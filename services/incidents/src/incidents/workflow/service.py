"""Rules of the verification workflow: legal transitions, who may make them, what they record."""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.concurrency import check_if_match
from pdp_common.db import utcnow
from pdp_common.events.outbox import record_event
from sqlalchemy.ext.asyncio import AsyncSession

from incidents import events
from incidents.access.rule import Viewer
from incidents.errors import IncidentActionForbidden, IncidentLocked, IncidentTransitionNotAllowed
from incidents.models import Incident
from incidents.repository import IncidentRepository
from incidents.service import apply_changes, get_visible, timeline_row
from incidents.status import Status
from incidents.workflow.schemas import IncidentTransitionCreate
from incidents.workflow.states import REQUIRED_ROLES, allowed_from, is_allowed


def check_transition(viewer: Viewer, incident: Incident, body: IncidentTransitionCreate) -> None:
    """Refuse an illegal transition (409, naming the allowed ones) or a caller without the role."""
    current = Status(incident.status)
    allowed = [s.value for s in allowed_from(current)]
    if not is_allowed(current, body.status):
        raise IncidentTransitionNotAllowed(
            f"Incident {incident.reference} is {current.value}; it cannot move to "
            f"{body.status.value}. Allowed: {', '.join(allowed) or 'none (final status)'}.",
            current_status=current.value,
            requested_status=body.status.value,
            allowed_transitions=allowed,
        )
    roles = REQUIRED_ROLES[body.status]
    if not viewer.principal.has_any(*roles):
        raise IncidentActionForbidden(
            f"Moving an incident to {body.status.value} needs one of the roles "
            f"{', '.join(sorted(r.value for r in roles))}."
        )
    if body.changes is not None and body.status is not Status.CORRECTED:
        raise IncidentTransitionNotAllowed(
            "Only a 'corrected' transition may carry changes.",
            current_status=current.value,
            requested_status=body.status.value,
            allowed_transitions=allowed,
        )


async def transition_incident(
    session: AsyncSession,
    *,
    viewer: Viewer,
    incident_id: uuid.UUID,
    body: IncidentTransitionCreate,
    if_match: str | None,
    at: datetime | None = None,
) -> Incident:
    """Move an incident along the workflow, recording who, when and why, and announce it.

    ``at`` is when the step was taken: now, unless a loader replays a recorded history.
    """
    incident = await get_visible(session, viewer=viewer, incident_id=incident_id, for_update=True)
    if if_match is not None:
        check_if_match(if_match, incident.version)
    if incident.merged_into_id is not None:
        raise IncidentLocked(f"Incident {incident.reference} was merged; act on the survivor.")
    check_transition(viewer, incident, body)
    now = at or utcnow()
    previous = incident.status
    changed: list[str] = []
    if body.changes is not None:
        changed = apply_changes(incident, viewer.principal, body.changes, now)
    incident.status = body.status.value
    incident.updated_at = now
    incident.updated_by = viewer.principal.subject
    await session.flush()
    entry = timeline_row(
        incident,
        action="transition",
        principal=viewer.principal,
        at=now,
        from_status=previous,
        reason=body.reason,
        changes=changed,
    )
    await IncidentRepository(session).insert_timeline([entry])
    await record_event(session, events.snapshot(events.STATUS_EVENTS[body.status], incident))
    return incident
