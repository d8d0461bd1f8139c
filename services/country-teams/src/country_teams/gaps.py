"""Rules of the risk read model: which incidents count as risk, and where no activity answers it.

An incident counts as risk when it is verified (status ``verified`` or ``corrected``), occurred
within the last ``gap_window_days`` days and its sensitivity is within the caller's clearance. An
area (country, admin1, category) is *covered* when an activity in ``implementation`` addresses the
category in that country and either is national (no admin1), or names the same admin1 (case
ignored); an incident without admin1 is covered by any such activity in its country. A gap is an
area with risk and no cover.
"""

from __future__ import annotations

from datetime import timedelta

from pdp_common.contracts import incidents as incident_events
from pdp_common.db import utcnow
from pdp_common.identity import Principal
from pdp_common.incident_copy import IncidentCopy
from sqlalchemy.ext.asyncio import AsyncSession

from country_teams import access, permissions
from country_teams.models import IncidentSignal
from country_teams.repository import SignalRepository
from country_teams.schemas import GapList, GapRead

VERIFIED_STATUSES = ("verified", "corrected")


async def apply_incident(session: AsyncSession, data: incident_events.IncidentSnapshot) -> None:
    """Bring the read model to the incident's state unless it already holds a newer one."""
    await IncidentCopy(session, IncidentSignal).apply(data)


async def apply_merge(session: AsyncSession, data: incident_events.IncidentMerged) -> None:
    """Bring the read model to the surviving incident's state and mark its duplicates merged."""
    await IncidentCopy(session, IncidentSignal).apply_merge(data)


async def list_gaps(
    session: AsyncSession, *, principal: Principal, window_days: int, country: str | None
) -> GapList:
    """List areas with verified incidents in the window and no active preventive activity."""
    permissions.require_gaps_reader(principal)
    since = utcnow() - timedelta(days=window_days)
    rows = await SignalRepository(session).gaps(
        since=since,
        statuses=VERIFIED_STATUSES,
        sensitivities=access.visible_sensitivities(principal),
        country=country,
    )
    items = [
        GapRead(
            country=c,
            admin1=a,
            category=cat,
            verified_incidents=n,
            max_severity=sev,
            last_occurred_at=last,
        )
        for c, a, cat, n, sev, last in rows
    ]
    return GapList(window_days=window_days, since=since, items=items)
