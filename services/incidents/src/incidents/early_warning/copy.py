"""The consumer's copy of incidents: kept from incident events, with each incident's weight."""

from __future__ import annotations

from pdp_common.contracts import incidents as incident_events
from pdp_common.identity import Clearance
from pdp_common.incident_copy import IncidentCopy
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.early_warning.models import EarlyWarningIncident, incidents_copy_table
from incidents.early_warning.places import Place, places_of
from incidents.early_warning.weights import incident_weight


def weight_of(data: incident_events.IncidentSnapshot) -> float:
    """Return the weight the incident carries in the indicators (0 when its status does not
    count)."""
    return incident_weight(
        severity=data.severity,
        casualties_best=data.casualties_best,
        confidence_score=data.confidence_score,
        status=data.status,
    )


def _copy(session: AsyncSession) -> IncidentCopy:
    return IncidentCopy(
        session,
        EarlyWarningIncident,
        derived={
            "occurred_on": lambda data: data.occurred_at.date(),
            "sensitivity_rank": lambda data: Clearance(data.sensitivity).rank,
            "weight": weight_of,
        },
        merged_values={"weight": 0.0},
    )


async def _places_held(session: AsyncSession, ids: list[object]) -> set[Place]:
    c = incidents_copy_table.c
    rows = await session.execute(
        select(c.country, c.admin1, c.category).where(c.incident_id.in_(ids))
    )
    return {p for country, admin1, cat in rows for p in places_of(country, admin1, cat)}


async def apply_snapshot(
    session: AsyncSession, data: incident_events.IncidentSnapshot
) -> set[Place]:
    """Bring the copy to the incident's state (unless it holds a newer one) and return the places
    whose indicators may have changed: where the incident was and where it is now."""
    places = await _places_held(session, [data.incident_id])
    await _copy(session).apply(data)
    return places | await _places_held(session, [data.incident_id])


async def apply_merge(session: AsyncSession, data: incident_events.IncidentMerged) -> set[Place]:
    """Bring the copy to the surviving incident's state, weigh the duplicates 0 and return the
    places whose indicators may have changed."""
    ids: list[object] = [data.incident_id, *data.merged_ids]
    places = await _places_held(session, ids)
    await _copy(session).apply_merge(data)
    return places | await _places_held(session, ids)
