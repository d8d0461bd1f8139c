"""Rules of the early-warning copy: alerts kept from their events, and the regional picture a
briefing carries, never above its classification."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pdp_common.contracts import early_warning as alert_events
from pdp_common.db import utcnow
from pdp_common.identity import Clearance
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.early_warning import templates
from briefings.early_warning.repository import AlertRepository
from briefings.early_warning.schemas import EarlyWarningSection
from briefings.early_warning.vocabulary import MAX_LISTED


def _values(data: alert_events.EscalationAlert) -> dict[str, Any]:
    return {
        "alert_id": data.alert_id,
        "country": data.country,
        "admin1": data.admin1,
        "category": data.category,
        "window_days": data.window_days,
        "observed": data.observed,
        "expected": data.expected,
        "score": data.score,
        "threshold": data.threshold,
        "peak_score": data.peak_score,
        "status": data.status,
        "raised_at": data.raised_at,
        "subsided_at": data.subsided_at,
        "factors": [f.model_dump(mode="json") for f in data.factors],
        "contributing_incident_ids": [str(i) for i in data.contributing_incident_ids],
        "sensitivity": data.sensitivity.value,
        "source_version": data.version,
        "updated_at": utcnow(),
    }


async def apply_alert(session: AsyncSession, data: alert_events.EscalationAlert) -> None:
    """Bring the copy to the alert's state unless it already holds that version or a newer one."""
    await AlertRepository(session).upsert(_values(data))


async def regional_picture(
    session: AsyncSession,
    *,
    start: datetime,
    end: datetime,
    countries: Sequence[str],
    classification: Clearance,
    category: str | None = None,
) -> EarlyWarningSection:
    """Draft the early-warning section of a briefing: the alerts open at the period's end and
    those that subsided in it, of its countries (and theme), within its classification."""
    allowed = [c.value for c in Clearance.up_to(classification)]
    alerts = AlertRepository(session)
    open_alerts = await alerts.open_at(
        end=end, countries=countries, sensitivities=allowed, category=category
    )
    subsided = await alerts.subsided_between(
        start=start, end=end, countries=countries, sensitivities=allowed, category=category
    )
    return templates.draft_section(open_alerts=open_alerts, subsided=subsided, listed=MAX_LISTED)


async def cited_above(
    session: AsyncSession, section: EarlyWarningSection | None, classification: str
) -> list[str]:
    """Return the alerts ``section`` cites that are classified above ``classification``, as
    cited or as now known, in words."""
    if section is None:
        return []
    allowed = {c.value for c in Clearance.up_to(Clearance(classification))}
    alerts = AlertRepository(session)
    above = []
    for ref in [*section.open_alerts, *section.subsided_alerts]:
        known = await alerts.get(ref.alert_id)
        sensitivities = {ref.sensitivity.value} | ({known.sensitivity} if known else set())
        if not sensitivities <= allowed:
            above.append(f"The alert on {templates.threat(ref)} in {templates.place(ref)}")
    return above
