"""Rules of the incident digest, and the flash alert drafted when a grave incident is verified."""

from __future__ import annotations

from typing import Any

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import utcnow
from pdp_common.identity import CENTRE_ORG, Clearance
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import drafting
from briefings.repository import DigestRepository
from briefings.vocabulary import DEFAULT_PERIOD, BriefingKind

FLASH_AUTHOR = "system:briefings"


def _values(data: incident_events.IncidentSnapshot) -> dict[str, Any]:
    return {
        "incident_id": data.incident_id,
        "reference": data.reference,
        "country": data.country,
        "admin1": data.admin1,
        "category": data.category,
        "severity": data.severity,
        "sensitivity": data.sensitivity.value,
        "status": data.status,
        "occurred_at": data.occurred_at,
        "title": data.title,
        "source_version": data.version,
        "updated_at": utcnow(),
    }


async def apply_incident(session: AsyncSession, data: incident_events.IncidentSnapshot) -> None:
    """Bring the digest to the incident's state unless it already holds a newer one."""
    await DigestRepository(session).upsert(_values(data))


async def apply_merge(session: AsyncSession, data: incident_events.IncidentMerged) -> None:
    """Bring the digest to the surviving incident's state and mark its duplicates merged."""
    await apply_incident(session, data)
    merged = [i for i in data.merged_ids if i != data.incident_id]
    await DigestRepository(session).mark_merged(merged)


async def draft_flash_alert(
    session: AsyncSession, data: incident_events.IncidentSnapshot, *, min_severity: int
) -> None:
    """Draft a flash alert for a verified incident this grave, once per incident."""
    incident = await DigestRepository(session).get(data.incident_id)
    if incident is None or incident.status != "verified" or incident.severity < min_severity:
        return
    end = utcnow()
    spec = drafting.DraftSpec(
        kind=BriefingKind.FLASH_ALERT,
        title=None,
        classification=max(Clearance.INTERNAL, Clearance(incident.sensitivity)),
        audience=[CENTRE_ORG],
        countries=[incident.country],
        start=end - DEFAULT_PERIOD[BriefingKind.FLASH_ALERT],
        end=end,
        theme=None,
        incident_id=incident.incident_id,
        author=FLASH_AUTHOR,
    )
    await drafting.draft_briefing(session, spec)
