"""Read the indicators, alerts and regional picture, for the Centre's staff only.

Partners see nothing here: indicators sum incidents of every organization and sensitivity. An alert
is hidden (404) from a caller whose clearance is below its sensitivity, and its contributing
incidents are listed only as far as the incidents' own access rule lets the caller see them.
"""

from __future__ import annotations

import uuid
from typing import Any

from pdp_common.identity import Principal
from pdp_common.keyset import keyset_page
from pdp_common.pagination import PageParams
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.access.repository import visible_clause
from incidents.access.rule import Viewer
from incidents.early_warning.errors import AlertNotFound, EarlyWarningForbidden
from incidents.early_warning.models import EarlyWarningAlert, EarlyWarningIndicator
from incidents.early_warning.schemas import (
    AlertDetail,
    AlertRead,
    ContributingIncident,
    IndicatorRead,
    PictureItem,
)
from incidents.models import incidents_table

PICTURE_MAX = 200
"""The regional picture lists at most this many places."""


def require_reader(principal: Principal) -> None:
    """Refuse callers outside the Centre's staff."""
    if not principal.is_centre_staff:
        raise EarlyWarningForbidden(
            "Early-warning indicators and alerts are read by the Centre's staff only."
        )


def _cleared(principal: Principal, alert: EarlyWarningAlert) -> bool:
    return principal.clearance.rank >= alert.sensitivity_rank


async def list_indicators(
    session: AsyncSession,
    *,
    principal: Principal,
    paging: PageParams,
    country: str | None,
    admin1: str | None,
    category: str | None,
    window_days: int | None,
) -> tuple[list[IndicatorRead], str | None]:
    """Return one page of indicators matching the filters, in a stable order."""
    require_reader(principal)
    i = EarlyWarningIndicator
    stmt = select(i)
    if country is not None:
        stmt = stmt.where(i.country == country)
    if admin1 is not None:
        stmt = stmt.where(i.admin1 == admin1)
    if category is not None:
        stmt = stmt.where(i.category == category)
    if window_days is not None:
        stmt = stmt.where(i.window_days == window_days)
    rows, cursor = await keyset_page(session, stmt, columns=[i.id], paging=paging)
    items = [IndicatorRead.model_validate(row) for row in rows]
    named = {item.alert_id for item in items if item.alert_id is not None}
    if named:
        a = EarlyWarningAlert
        cleared = set(
            await session.scalars(
                select(a.id).where(a.id.in_(named), a.sensitivity_rank <= principal.clearance.rank)
            )
        )
        # An alert the caller is not cleared for is not named (as in the picture).
        items = [
            item if item.alert_id in cleared or item.alert_id is None
            else item.model_copy(update={"alert_id": None})
            for item in items
        ]  # fmt: skip
    return items, cursor


async def list_alerts(
    session: AsyncSession,
    *,
    principal: Principal,
    paging: PageParams,
    status: str | None,
    country: str | None,
    category: str | None,
) -> tuple[list[AlertRead], str | None]:
    """Return one page of the alerts the caller is cleared for, newest first."""
    require_reader(principal)
    a = EarlyWarningAlert
    stmt = select(a).where(a.sensitivity_rank <= principal.clearance.rank)
    if status is not None:
        stmt = stmt.where(a.status == status)
    if country is not None:
        stmt = stmt.where(a.country == country)
    if category is not None:
        stmt = stmt.where(a.category == category)
    rows, cursor = await keyset_page(
        session, stmt, columns=[a.raised_at, a.id], paging=paging, descending=True
    )
    return [AlertRead.model_validate(row) for row in rows], cursor


async def read_alert(session: AsyncSession, *, viewer: Viewer, alert_id: uuid.UUID) -> AlertDetail:
    """Return the alert with the contributing incidents the caller may see (heaviest first)."""
    require_reader(viewer.principal)
    alert = await session.get(EarlyWarningAlert, alert_id)
    if alert is None or not _cleared(viewer.principal, alert):
        raise AlertNotFound(f"No alert {alert_id} is visible to you.")
    ids = [uuid.UUID(i) for i in alert.contributing_incident_ids]
    c = incidents_table.c
    found = {
        row.id: row
        for row in await session.execute(
            select(
                c.id,
                c.reference,
                c.title,
                c.occurred_at,
                c.category,
                c.severity,
                c.casualties_best,
                c.status,
            ).where(c.id.in_(ids), visible_clause(viewer))
        )
    }
    contributing = [
        ContributingIncident.model_validate(found[i], from_attributes=True)
        for i in ids
        if i in found
    ]
    return AlertDetail(
        **AlertRead.model_validate(alert).model_dump(), contributing_incidents=contributing
    )


async def picture(
    session: AsyncSession, *, principal: Principal, country: str | None, limit: int
) -> list[PictureItem]:
    """Return places ranked by current risk (highest score across windows) with their trend and
    open alert (when the caller is cleared for it)."""
    require_reader(principal)
    i = EarlyWarningIndicator
    stmt = select(i).order_by(i.score.desc(), i.id)
    if country is not None:
        stmt = stmt.where(i.country == country)
    best: dict[str, EarlyWarningIndicator] = {}
    alerts: dict[str, list[uuid.UUID]] = {}
    for row in await session.scalars(stmt):
        best.setdefault(row.place, row)
        if row.alert_id is not None:
            alerts.setdefault(row.place, []).append(row.alert_id)
    ranked = list(best.values())[: min(limit, PICTURE_MAX)]
    wanted = [a for row in ranked for a in alerts.get(row.place, [])]
    open_alerts: dict[str, EarlyWarningAlert] = {}
    if wanted:
        a = EarlyWarningAlert
        for alert in await session.scalars(
            select(a).where(a.id.in_(wanted), a.status == "open").order_by(a.score.desc(), a.id)
        ):
            if _cleared(principal, alert):
                open_alerts.setdefault(alert.place, alert)
    return [_picture_item(row, open_alerts.get(row.place)) for row in ranked]


def _picture_item(row: EarlyWarningIndicator, alert: EarlyWarningAlert | None) -> PictureItem:
    data: dict[str, Any] = {
        "country": row.country,
        "admin1": row.admin1,
        "category": row.category,
        "risk": row.score,
        "window_days": row.window_days,
        "observed": row.observed,
        "expected": row.expected,
        "trend": row.trend,
        "as_of": row.as_of,
        "open_alert": AlertRead.model_validate(alert) if alert is not None else None,
    }
    return PictureItem(**data)
