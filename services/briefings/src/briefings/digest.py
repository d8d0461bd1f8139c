"""Rules of the incident digest, and the flash alert drafted when a grave incident is verified."""

from __future__ import annotations

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import utcnow
from pdp_common.identity import CENTRE_ORG, Clearance
from pdp_common.incident_copy import IncidentCopy
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import drafting
from briefings.models import IncidentDigest
from briefings.repository import DigestRepository
from briefings.vocabulary import DEFAULT_PERIOD, BriefingKind

FLASH_AUTHOR = "system:briefings"


async def apply_incident(session: AsyncSession, data: incident_events.IncidentSnapshot) -> None:
    """Bring the digest to the incident's state unless it already holds a newer one."""
    await IncidentCopy(session, IncidentDigest).apply(data)


async def apply_merge(session: AsyncSession, data: incident_events.IncidentMerged) -> None:
    """Bring the digest to the surviving incident's state and mark its duplicates merged."""
    await IncidentCopy(session, IncidentDigest).apply_merge(data)


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
