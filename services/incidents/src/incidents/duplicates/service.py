"""Rules of duplicates: find candidates, and merge them keeping every provenance and source."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import utcnow
from pdp_common.events.outbox import record_event
from pdp_common.identity import Role
from sqlalchemy.ext.asyncio import AsyncSession

from incidents import events, rows
from incidents.access.repository import visible_clause
from incidents.access.rule import Viewer
from incidents.duplicates import repository
from incidents.duplicates.schemas import DuplicateCandidate, MergeCreate
from incidents.errors import IncidentActionForbidden, IncidentMergeConflict
from incidents.geo import BBox, haversine_km
from incidents.models import Incident
from incidents.repository import IncidentRepository
from incidents.service import get_visible, timeline_row

MERGERS = frozenset({Role.ANALYST, Role.OFFICER, Role.HEAD_OF_CENTRE})


async def find_candidates(
    session: AsyncSession,
    *,
    viewer: Viewer,
    incident_id: uuid.UUID,
    window_hours: float,
    radius_km: float,
) -> list[DuplicateCandidate]:
    """Return visible incidents of the same category within the time window and radius."""
    incident = await get_visible(session, viewer=viewer, incident_id=incident_id)
    candidates = []
    for distance, other in await nearby(
        session, viewer=viewer, incident=incident, window_hours=window_hours, radius_km=radius_km
    ):
        hours = abs((other.occurred_at - incident.occurred_at).total_seconds()) / 3600
        candidates.append(
            DuplicateCandidate(
                incident=rows.to_read(other),
                distance_km=round(distance, 3),
                hours_apart=round(hours, 2),
            )
        )
    return sorted(candidates, key=lambda c: (c.distance_km, c.hours_apart))


async def nearby(
    session: AsyncSession,
    *,
    viewer: Viewer,
    incident: Incident,
    window_hours: float,
    radius_km: float,
) -> list[tuple[float, Incident]]:
    """Return the other incidents ``viewer`` may see of ``incident``'s category within the time
    window and radius (kilometres), each with its distance. ``incident`` need not be stored: a
    transient one with an id, category, time and point probes for an item not yet recorded."""
    point = BBox(incident.longitude, incident.latitude, incident.longitude, incident.latitude)
    found = await repository.near_in_time_and_place(
        session,
        incident,
        window=timedelta(hours=window_hours),
        box=point.expanded(radius_km),
        visible=visible_clause(viewer),
    )
    near = [
        (haversine_km(incident.longitude, incident.latitude, o.longitude, o.latitude), o)
        for o in found
    ]
    return [(distance, other) for distance, other in near if distance <= radius_km]


def _source_key(source: dict[str, Any]) -> tuple[str, str, str]:
    return (
        str(source.get("name", "")).casefold(),
        str(source.get("url") or ""),
        str(source.get("reported_by_org") or "").casefold(),
    )


def _absorb(survivor: Incident, duplicate: Incident) -> None:
    """Give ``survivor`` the provenances and sources of ``duplicate``."""
    survivor.provenances = [*survivor.provenances, *duplicate.provenances]
    known = {_source_key(s) for s in survivor.sources}
    extra = [s for s in duplicate.sources if _source_key(s) not in known]
    survivor.sources = [*survivor.sources, *extra]
    graded = rows.graded(survivor.sources)
    survivor.independent_sources = graded["independent_sources"]
    survivor.confidence = graded["confidence"]
    survivor.confidence_score = graded["confidence_score"]


async def merge_incidents(
    session: AsyncSession, *, viewer: Viewer, survivor_id: uuid.UUID, body: MergeCreate
) -> Incident:
    """Merge duplicates into the survivor, recording it on every timeline, and announce it."""
    if not viewer.principal.has_any(*MERGERS):
        raise IncidentActionForbidden("Merging needs the analyst, officer or head_of_centre role.")
    ids = sorted(set(body.duplicate_ids))
    if survivor_id in ids:
        raise IncidentMergeConflict("An incident cannot be merged into itself.")
    survivor = await get_visible(session, viewer=viewer, incident_id=survivor_id, for_update=True)
    duplicates = [
        await get_visible(session, viewer=viewer, incident_id=i, for_update=True) for i in ids
    ]
    for incident in [survivor, *duplicates]:
        if incident.merged_into_id is not None:
            raise IncidentMergeConflict(
                f"Incident {incident.reference} was already merged into {incident.merged_into_id}."
            )
    now = utcnow()
    for duplicate in duplicates:
        _absorb(survivor, duplicate)
        duplicate.merged_into_id = survivor.id
        duplicate.updated_at = now
        duplicate.updated_by = viewer.principal.subject
    survivor.updated_at = now
    survivor.updated_by = viewer.principal.subject
    await session.flush()
    entries = [
        timeline_row(d, action="merged_into", principal=viewer.principal, at=now,
                     from_status=d.status, reason=f"{body.reason} (into {survivor.reference})")
        for d in duplicates
    ]  # fmt: skip
    references = [d.reference for d in duplicates]
    entries.append(
        timeline_row(survivor, action="merged", principal=viewer.principal, at=now,
                     from_status=survivor.status, changes=["provenances", "sources"],
                     reason=f"{body.reason} (merged {', '.join(references)})")
    )  # fmt: skip
    await IncidentRepository(session).insert_timeline(entries)
    event = events.snapshot(
        incident_events.IncidentMerged,
        survivor,
        merged_ids=[d.id for d in duplicates],
        merged_references=references,
    )
    await record_event(session, event)
    return survivor
