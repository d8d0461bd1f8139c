"""Find the incident a new partner item duplicates, and link the item to it.

Candidates come from the duplicates package's query (same category, near in time and place,
unmerged), limited to incidents the partner itself may see, so the report never reveals an
incident the partner's agreement hides; those are created and left to the Centre's analysts,
who see them as duplicate candidates of each other. Linking adds the partner's provenance and
graded source to the existing incident (as a merge would), with a ``linked`` timeline entry and an
``incident.updated`` event, instead of creating it twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import new_id
from pdp_common.events.outbox import record_event
from pdp_common.identity import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from incidents import events, rows
from incidents.access.rule import Viewer
from incidents.duplicates.service import nearby
from incidents.models import Incident
from incidents.repository import IncidentRepository
from incidents.schemas import IncidentCreate
from incidents.service import timeline_row


async def find_match(
    session: AsyncSession,
    *,
    viewer: Viewer,
    create: IncidentCreate,
    window_hours: float,
    radius_km: float,
) -> Incident | None:
    """Return the nearest incident the partner may see that ``create`` duplicates, if any."""
    probe = Incident(
        id=new_id(),
        category=str(create.category),
        occurred_at=create.occurred_at,
        longitude=create.longitude,
        latitude=create.latitude,
    )
    near = await nearby(
        session, viewer=viewer, incident=probe, window_hours=window_hours, radius_km=radius_km
    )
    return min(near, key=lambda pair: pair[0])[1] if near else None


async def link(
    session: AsyncSession,
    *,
    principal: Principal,
    incident_id: Any,
    item_id: str,
    source: dict[str, Any],
    now: datetime,
) -> Incident:
    """Add the partner's provenance and source to an existing incident; announce the change."""
    incident = await IncidentRepository(session).get_for_update(incident_id)
    assert incident is not None
    provenance = {
        "org": principal.org,
        "external_id": item_id,
        "incident_id": str(incident.id),
        "reference": incident.reference,
        "recorded_at": now.isoformat(),
    }
    incident.provenances = [*incident.provenances, provenance]
    named = {(s.get("name"), s.get("reported_by_org")) for s in incident.sources}
    if (source["name"], source["reported_by_org"]) not in named:
        incident.sources = [*incident.sources, source]
        graded = rows.graded(incident.sources)
        incident.independent_sources = graded["independent_sources"]
        incident.confidence = graded["confidence"]
        incident.confidence_score = graded["confidence_score"]
    incident.updated_at = now
    incident.updated_by = principal.subject
    await session.flush()
    entry = timeline_row(
        incident,
        action="linked",
        principal=principal,
        at=now,
        from_status=incident.status,
        reason=f"{principal.org} item {item_id} reports this incident",
        changes=["provenances", "sources"],
    )
    await IncidentRepository(session).insert_timeline([entry])
    await record_event(session, events.snapshot(incident_events.IncidentUpdated, incident))
    return incident
