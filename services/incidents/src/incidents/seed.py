"""Load the synthetic demo incidents once, through the service layer (checks, workflow, events).

Each demo payload is validated and recorded like any report, then taken through its ``workflow``
steps; the Centre's and UNAMA's copies of the cross-border event are merged, so the survivor shows
two provenances. A second run finds the seeder's timeline entries and adds nothing.

The history is dated as if the platform had been in use since June: each report reaches the
Centre a few hours after its event and each workflow step follows within days, so partners see
their share at once (an embargo counts from the time a report was recorded). The newest reports
arrive in the last hours, so the embargo is seen at work on them.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from pdp_common.db import Database, utcnow
from pdp_common.identity import Clearance, Principal, Role
from pdp_common.migrations import upgrade
from pdp_common.settings import ServiceSettings
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.rule import Viewer
from incidents.demo import demo_incidents
from incidents.demo.environment import load_demo_environment
from incidents.demo.generator import SEED
from incidents.duplicates.schemas import MergeCreate
from incidents.duplicates.service import find_candidates, merge_incidents
from incidents.main import MIGRATIONS_DIR
from incidents.repository import IncidentRepository
from incidents.schemas import IncidentCreate
from incidents.service import record_new, validate_new
from incidents.status import Status
from incidents.workflow.schemas import IncidentTransitionCreate
from incidents.workflow.service import transition_incident

REPORTED_AFTER_HOURS = (2.0, 30.0)
STEP_AFTER_HOURS = (4.0, 72.0)
ARRIVING_NOW = 5
"""The newest demo reports, recorded in the last hours: still under a partner's embargo."""

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
    now = utcnow()
    viewer = Viewer(principal=SEEDER, agreements=(), consents=(), now=now)
    payloads = demo_incidents()
    for index, raw in enumerate(payloads):
        await _load_one(session, viewer, dict(raw), now=now, arriving=len(payloads) - index)
    await _merge_cross_border(session, viewer)
    await load_demo_environment(session, today=now.date())
    return len(payloads)


def history(occurred_at: datetime, *, steps: int, now: datetime, arriving: int) -> list[datetime]:
    """Return when a demo report was recorded and when each of its workflow steps was taken.

    ``arriving`` counts from the newest report (1); the newest few arrive in the last hours.
    """
    if arriving <= ARRIVING_NOW:
        recorded = now - timedelta(minutes=20 * arriving)
        return [recorded + timedelta(minutes=2 * n) for n in range(steps + 1)]
    rng = random.Random(f"{SEED}-{occurred_at.isoformat()}")  # noqa: S311 - reproducible, not secret
    times = [occurred_at + timedelta(hours=rng.uniform(*REPORTED_AFTER_HOURS))]
    for _ in range(steps):
        times.append(times[-1] + timedelta(hours=rng.uniform(*STEP_AFTER_HOURS)))
    return [min(t, now) for t in times]


async def _load_one(
    session: AsyncSession, viewer: Viewer, raw: dict[str, Any], *, now: datetime, arriving: int
) -> None:
    steps = raw.pop("workflow", [])
    payload = IncidentCreate.model_validate(raw)
    recorded_at, *step_times = history(
        payload.occurred_at, steps=len(steps), now=now, arriving=arriving
    )
    validate_new(SEEDER, payload, recorded_at)
    (row,) = await record_new(session, SEEDER, [payload], now=recorded_at)
    for step, at in zip(steps, step_times, strict=True):
        reason = step.get("reason") or "Taken up for review"
        body = IncidentTransitionCreate(status=Status(step["to"]), reason=reason)
        await transition_incident(
            session, viewer=viewer, incident_id=row["id"], body=body, if_match=None, at=at
        )


async def _merge_cross_border(session: AsyncSession, viewer: Viewer) -> None:
    repo = IncidentRepository(session)
    partner_copies = await repo.with_origin_org("UNAMA")
    for partner_copy in partner_copies:
        candidates = await find_candidates(
            session, viewer=viewer, incident_id=partner_copy, window_hours=24.0, radius_km=10.0
        )
        centre = [c for c in candidates if c.incident.origin.org == SEEDER.org]
        if centre:
            body = MergeCreate(
                duplicate_ids=[partner_copy],
                reason="UNAMA's report and the Centre's report describe the same clash",
            )
            await merge_incidents(
                session, viewer=viewer, survivor_id=centre[0].incident.id, body=body
            )
