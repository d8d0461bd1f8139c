"""The daily refresh: windows roll and episodes subside on days without incident events.

Every ``interval`` seconds the worker recomputes, as of today, the places whose indicators were
last assessed before today, ``batch`` places per transaction, until none is left. A place is
recomputed at most once per day by the refresh (its rows then hold today's date), so a refresh
that runs again the same day, or on two replicas, changes nothing.
"""

from __future__ import annotations

from datetime import date

import structlog
from pdp_common.background import BackgroundLoop
from pdp_common.db import Database, utcnow
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.early_warning.assessments import Recompute, indicator_settings
from incidents.early_warning.models import indicators_table
from incidents.early_warning.places import Place
from incidents.settings import IncidentsSettings

log = structlog.get_logger(__name__)


async def stale_places(
    session: AsyncSession, *, as_of: date, windows: tuple[int, ...], limit: int
) -> list[Place]:
    """Return up to ``limit`` places with an indicator of ``windows`` last assessed before
    ``as_of``."""
    c = indicators_table.c
    rows = await session.execute(
        select(c.country, c.admin1, c.category, c.place)
        .where(c.as_of < as_of, c.window_days.in_(windows))
        .group_by(c.country, c.admin1, c.category, c.place)
        .order_by(c.place)
        .limit(limit)
    )
    return [Place(country, admin1, category) for country, admin1, category, _ in rows]


async def refresh_batch(session: AsyncSession, settings: IncidentsSettings, *, as_of: date) -> int:
    """Recompute one batch of stale places as of ``as_of``; return how many were recomputed."""
    places = await stale_places(
        session,
        as_of=as_of,
        windows=tuple(settings.early_warning_windows),
        limit=settings.early_warning_refresh_batch,
    )
    await Recompute(session, indicator_settings(settings)).places(places, as_of=as_of)
    return len(places)


class DailyRefresh(BackgroundLoop):
    """Recompute every place not yet assessed today, in bounded batches, every ``interval``."""

    def __init__(self, db: Database, settings: IncidentsSettings) -> None:
        super().__init__(
            name="incidents-early-warning-refresh", interval=settings.early_warning_refresh_seconds
        )
        self.db = db
        self.settings = settings

    async def refresh(self, *, as_of: date | None = None) -> int:
        """Recompute every place not assessed on ``as_of`` (default today); return how many."""
        day = as_of or utcnow().date()
        total = 0
        while True:
            async with self.db.transaction() as session:
                done = await refresh_batch(session, self.settings, as_of=day)
            total += done
            if done < self.settings.early_warning_refresh_batch:
                return total

    async def work(self) -> bool:
        """Refresh today's assessments; the next refresh waits for the interval."""
        count = await self.refresh()
        if count:
            log.info("early-warning indicators refreshed", places=count)
        return False
