"""HTTP endpoints of early warning: indicators, escalation alerts and the regional picture."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pdp_common.countries import CountryCode
from pdp_common.dependencies import PrincipalDep, SessionDep
from pdp_common.json_bytes import json_response
from pdp_common.openapi import problems
from pdp_common.pagination import InvalidCursor, Page, PagingDep, page_response

from incidents.dependencies import ViewerDep
from incidents.early_warning import reads
from incidents.early_warning.environment.signals import environmental_signals
from incidents.early_warning.errors import AlertNotFound, EarlyWarningForbidden
from incidents.early_warning.schemas import (
    AlertDetail,
    AlertRead,
    EnvironmentalSignalRead,
    IndicatorRead,
    Picture,
)
from incidents.vocabulary import ThreatCategory

router = APIRouter(prefix="/early-warning", tags=["early-warning"])


class AlertStatus(StrEnum):
    """The states of an alert."""

    OPEN = "open"
    SUBSIDED = "subsided"


CountryParam = Annotated[CountryCode | None, Query(description="ISO 3166-1 alpha-3 code.")]
CategoryParam = Annotated[ThreatCategory | None, Query(description="Threat category.")]


@router.get(
    "/indicators",
    response_model=Page[IndicatorRead],
    responses=problems(EarlyWarningForbidden, InvalidCursor),
)
async def list_indicators(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
    country: CountryParam = None,
    admin1: Annotated[str | None, Query(max_length=200, description="Admin1 area.")] = None,
    category: CategoryParam = None,
    window: Annotated[int | None, Query(ge=1, le=3660, description="Window in days.")] = None,
) -> Response:
    """List the latest indicator of each place and window (Centre staff only)."""
    items, cursor = await reads.list_indicators(
        session,
        principal=principal,
        paging=paging,
        country=country,
        admin1=admin1,
        category=category.value if category else None,
        window_days=window,
    )
    return page_response(request, items, cursor)


@router.get(
    "/alerts",
    response_model=Page[AlertRead],
    responses=problems(EarlyWarningForbidden, InvalidCursor),
)
async def list_alerts(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
    status: Annotated[AlertStatus | None, Query(description="open or subsided.")] = None,
    country: CountryParam = None,
    category: CategoryParam = None,
) -> Response:
    """List the escalation alerts the caller is cleared for, newest first (Centre staff only)."""
    items, cursor = await reads.list_alerts(
        session,
        principal=principal,
        paging=paging,
        status=status.value if status else None,
        country=country,
        category=category.value if category else None,
    )
    return page_response(request, items, cursor)


@router.get(
    "/alerts/{alert_id:uuid}",
    response_model=AlertDetail,
    responses=problems(EarlyWarningForbidden, AlertNotFound),
)
async def read_alert(alert_id: uuid.UUID, session: SessionDep, viewer: ViewerDep) -> Response:
    """Read one alert with its factors and the contributing incidents the caller may see."""
    return json_response(await reads.read_alert(session, viewer=viewer, alert_id=alert_id))


@router.get("/picture", response_model=Picture, responses=problems(EarlyWarningForbidden))
async def regional_picture(
    *,
    session: SessionDep,
    principal: PrincipalDep,
    country: CountryParam = None,
    limit: Annotated[int, Query(ge=1, le=reads.PICTURE_MAX, description="Places to list.")] = 50,
) -> Response:
    """Rank places by current risk (highest departure across windows) with trend and open alert,
    with the environmental series departing from their own history."""
    items = await reads.picture(session, principal=principal, country=country, limit=limit)
    signals = await environmental_signals(session, as_of=datetime.now(UTC).date())
    environment = [
        EnvironmentalSignalRead.model_validate(signal)
        for signal in signals
        if signal.departing and country in (None, signal.country)
    ]
    return json_response(Picture(items=items, environment=environment[:limit]))
