"""Retract the incident of a partner item through the verification workflow.

The partner holds no workflow role, so the Centre's feed intake takes the steps on its behalf
(subject ``feed-intake:<partner>:<caller>``), each one a workflow transition with its timeline
entry and event: a ``reported`` incident goes to ``under_review`` then ``rejected``, one
``under_review`` to ``rejected``, a ``verified`` or ``corrected`` one to ``retracted``; one
already ``rejected`` or ``retracted`` stays as it is.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pdp_common.identity import CENTRE_ORG, Clearance, Principal, Role
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.rule import Viewer
from incidents.status import Status
from incidents.workflow.schemas import IncidentTransitionCreate
from incidents.workflow.service import transition_incident

STEPS: dict[str, tuple[Status, ...]] = {
    Status.REPORTED: (Status.UNDER_REVIEW, Status.REJECTED),
    Status.UNDER_REVIEW: (Status.REJECTED,),
    Status.VERIFIED: (Status.RETRACTED,),
    Status.CORRECTED: (Status.RETRACTED,),
}


def intake_viewer(partner: Principal, now: datetime) -> Viewer:
    """Return the feed intake acting for ``partner`` in the workflow."""
    principal = Principal(
        subject=f"feed-intake:{partner.org}:{partner.subject}"[:200],
        org=CENTRE_ORG,
        roles=frozenset({Role.OFFICER}),
        clearance=Clearance.STRICTLY_CONFIDENTIAL,
        credential=partner.credential,
    )
    return Viewer(principal=principal, agreements=(), consents=(), now=now)


async def retract(
    session: AsyncSession,
    *,
    partner: Principal,
    incident_id: uuid.UUID,
    status: str,
    reason: str,
    now: datetime,
) -> bool:
    """Take the incident to its final status; tell whether anything changed."""
    steps = STEPS.get(status, ())
    viewer = intake_viewer(partner, now)
    for step in steps:
        body = IncidentTransitionCreate(status=step, reason=reason)
        await transition_incident(
            session, viewer=viewer, incident_id=incident_id, body=body, if_match=None
        )
    return bool(steps)
