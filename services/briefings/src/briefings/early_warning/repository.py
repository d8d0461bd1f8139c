"""SQL of the early-warning copy: alerts kept from events, and the alerts a briefing cites."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.early_warning.vocabulary import AlertStatus
from briefings.models import EarlyWarningAlert


class AlertRepository:
    """Escalation alerts as learned from the incidents service's events."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upsert(self, values: dict[str, Any]) -> None:
        """Store an alert's state unless a state as new or newer is held."""
        table = cast(Table, EarlyWarningAlert.__table__)
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(table).values(**values)
        changes: dict[str, Any] = {k: stmt.excluded[k] for k in values if k != "alert_id"}
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.alert_id],
            set_=changes,
            where=table.c.source_version < stmt.excluded.source_version,
        )
        await self.session.execute(stmt)

    async def get(self, alert_id: uuid.UUID) -> EarlyWarningAlert | None:
        """Return one alert."""
        return await self.session.get(EarlyWarningAlert, alert_id)

    async def open_at(
        self,
        *,
        end: datetime,
        countries: Sequence[str],
        sensitivities: Sequence[str],
        category: str | None = None,
    ) -> list[EarlyWarningAlert]:
        """Return the alerts open at ``end``, highest score first."""
        alert = EarlyWarningAlert
        stmt = select(alert).where(
            alert.raised_at < end,
            or_(alert.status == AlertStatus.OPEN.value, alert.subsided_at >= end),
            alert.country.in_(list(countries)),
            alert.sensitivity.in_(list(sensitivities)),
        )
        if category:
            stmt = stmt.where(alert.category == category)
        stmt = stmt.order_by(alert.score.desc(), alert.peak_score.desc(), alert.raised_at)
        return list((await self.session.execute(stmt)).scalars())

    async def subsided_between(
        self,
        *,
        start: datetime,
        end: datetime,
        countries: Sequence[str],
        sensitivities: Sequence[str],
        category: str | None = None,
    ) -> list[EarlyWarningAlert]:
        """Return the alerts that subsided in [``start``, ``end``), latest first."""
        alert = EarlyWarningAlert
        stmt = select(alert).where(
            alert.status == AlertStatus.SUBSIDED.value,
            alert.subsided_at >= start,
            alert.subsided_at < end,
            alert.country.in_(list(countries)),
            alert.sensitivity.in_(list(sensitivities)),
        )
        if category:
            stmt = stmt.where(alert.category == category)
        stmt = stmt.order_by(alert.subsided_at.desc(), alert.peak_score.desc())
        return list((await self.session.execute(stmt)).scalars())
