"""SQL of duplicate candidates: same category, near in time and place."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from incidents.geo import BBox
from incidents.models import Incident


async def near_in_time_and_place(
    session: AsyncSession,
    incident: Incident,
    *,
    window: timedelta,
    box: BBox,
    visible: ColumnElement[bool],
    limit: int = 200,
) -> Sequence[Incident]:
    """Return other unmerged incidents of the same category within the time window and box."""
    spans = box.lon_spans()
    lon = or_(*[Incident.longitude.between(lo, hi) for lo, hi in spans])
    stmt = (
        select(Incident)
        .options(defer(Incident.search_document))
        .where(
            visible,
            Incident.id != incident.id,
            Incident.merged_into_id.is_(None),
            Incident.category == incident.category,
            Incident.occurred_at.between(
                incident.occurred_at - window, incident.occurred_at + window
            ),
            Incident.latitude.between(box.min_lat, box.max_lat),
            lon,
        )
        .order_by(Incident.occurred_at, Incident.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())
