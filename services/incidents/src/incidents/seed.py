"""Load the synthetic demo incidents once, through the service layer (checks, workflow, events).

Each demo payload is validated and recorded like any report, then taken through its ``workflow``
steps; the Centre's and UNAMA's copies of the cross-border event are merged, so the survivor shows
two provenances. A second run finds the seeder's timeline entries and adds nothing.
"""

from __future__ import annotations

from typing import Any

from pdp_common.db import Database, utcnow
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.migrations import upgrade
from pdp_common.settings import ServiceSettings
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.rule import Viewer
from incidents.demo import demo_incidents
from incidents.duplicates.schemas import MergeCreate
from incidents.duplicates.service import find_candidates, merge_incidents
from incidents.main import MIGRATIONS_DIR
from incidents.repository import IncidentRepository
from incidents.schemas import IncidentCreate
from incidents.service import record_new, validate_new
from incidents.workflow.schemas import IncidentTransitionCreate
from incidents.workflow.service import transition_incident
from incidents.workflow.states import Status

SEEDER = Principal(
    subject="demo-seed",
    org="UNRCCA",
    roles=frozenset({Role.SYSTEM, Role.OFFICER}),
    clearance=Clearance.STRICTLY_CONFIDENTIAL,
    credential="demo-seed",
    name="Demo data loader",
)


async def seed_demo(settings: ServiceSettings) -> int:
    """Load the demo incidents unless they are already there; return how many were added."""
    await upgrade(MIGRATIONS_DIR, settings)
    async with Database.for_service(settings) as db, db.transaction() as session:
        if await IncidentRepository(session).has_actor(SEEDER.subject):
            return 0
        return await load_demo(session)


async def load_demo(session: AsyncSession) -> int:
    """Record every demo incident, apply its workflow and merge the cross-border copies."""
    viewer = Viewer(principal=SEEDER, agreements=(), consents=(), now=utcnow())
    payloads = demo_incidents()
    for raw in payloads:
        await _load_one(session, viewer, dict(raw))
    await _merge_cross_border(session, viewer)
    return len(payloads)


async def _load_one(session: AsyncSession, viewer: Viewer, raw: dict[str, Any]) -> None:
    steps = raw.pop("workflow", [])
    payload = IncidentCreate.model_validate(raw)
    validate_new(SEEDER, payload, utcnow())
    (row,) = await record_new(session, SEEDER, [payload])
    for step in steps:
        reason = step.get("reason") or "Taken up for review"
        body = IncidentTransitionCreate(status=Status(step["to"]), reason=reason)
        await transition_incident(session, viewer, row["id"], body, if_match=None)


async def _merge_cross_border(session: AsyncSession, viewer: Viewer) -> None:
    repo = IncidentRepository(session)
    partner_copies = await repo.with_origin_org("UNAMA")
    for partner_copy in partner_copies:
        candidates = await find_candidates(
            session, viewer, partner_copy, window_hours=24.0, radius_km=10.0
        )
        centre = [c for c in candidates if c.incident.origin.org == SEEDER.org]
        if centre:
            body = MergeCreate(
                duplicate_ids=[partner_copy],
                reason="UNAMA's report and the Centre's report describe the same clash",
            )
            await merge_incidents(session, viewer, centre[0].incident.id, body)
