"""HTTP endpoints of environmental series: CSV import of observations and the series reads."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated, cast

from fastapi import APIRouter, Header, Query, Request, Response
from pdp_common.countries import CountryCode
from pdp_common.db import utcnow
from pdp_common.dependencies import PlatformDep, PrincipalDep, SessionDep
from pdp_common.idempotency import IdempotencyDep
from pdp_common.openapi import problems
from pdp_common.pagination import Page, PagingDep, page_response

from incidents.early_warning.environment import parsing, service
from incidents.early_warning.environment.errors import (
    EnvironmentalAccessForbidden,
    EnvironmentalImportConflict,
    EnvironmentalSeriesNotFound,
    PeriodInvalid,
)
from incidents.early_warning.environment.permissions import require_reader, require_recorder
from incidents.early_warning.environment.schemas import (
    ObservationImportReport,
    ObservationRead,
    SeriesDetail,
    SeriesRead,
)
from incidents.early_warning.environment.vocabulary import KINDS
from incidents.errors import IncidentImportInvalid, IncidentImportMediaType
from incidents.settings import IncidentsSettings

router = APIRouter(prefix="/early-warning/environment", tags=["early-warning"])

DEFAULT_PERIOD_DAYS = 365
MAX_PERIOD_DAYS = 3_660
CSV_EXAMPLE = (
    "country,admin1,site,kind,unit,observed_on,value,latitude,longitude,source,quality\n"
    "TKM,Lebap,Amu Darya at Kerki,river_flow,m3/s,2026-12-01,512.4,37.83,65.21,Hydromet,"
    "provisional\n"
)


@router.post(
    "/observations",
    response_model=ObservationImportReport,
    responses=problems(
        EnvironmentalAccessForbidden,
        IncidentImportInvalid,
        IncidentImportMediaType,
        EnvironmentalImportConflict,
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}},
        }
    },
)
async def import_observations(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    platform: PlatformDep,
    idem: IdempotencyDep,
    content_type: Annotated[str, Header()] = "",
) -> Response:
    """Import daily observations of environmental series from a CSV; every row is reported.

    Good rows are stored (a new series per new site and kind; a day already recorded is
    updated), bad rows are refused with their reasons. A file that cannot be read is refused as
    a whole and stores nothing.
    """
    require_recorder(principal)
    if content_type.split(";")[0].strip().lower() != "text/csv":
        raise IncidentImportMediaType("Send the observations as text/csv.")
    replay = await idem.replay(session)
    if replay is not None:
        return replay
    settings = cast(IncidentsSettings, platform.settings)
    rows = parsing.parse_observations(
        await request.body(),
        countries=settings.early_warning_env_countries,
        max_rows=settings.import_max_rows,
        today=utcnow().date(),
    )
    report = await service.import_observations(session, rows)
    return await idem.respond(session, report.model_dump(mode="json"), status_code=200)


@router.get(
    "/series", response_model=Page[SeriesRead], responses=problems(EnvironmentalAccessForbidden)
)
async def list_series(
    *,
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    paging: PagingDep,
    country: Annotated[CountryCode | None, Query()] = None,
    admin1: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    kind: Annotated[str | None, Query(pattern="^(" + "|".join(KINDS) + ")$")] = None,
) -> Response:
    """List environmental series, by kind, country and id."""
    require_reader(principal)
    rows, cursor = await service.list_series(
        session, paging=paging, country=country, admin1=admin1, kind=kind
    )
    return page_response(request, [SeriesRead.model_validate(r) for r in rows], cursor)


@router.get(
    "/series/{series_id:uuid}",
    response_model=SeriesDetail,
    responses=problems(EnvironmentalAccessForbidden, EnvironmentalSeriesNotFound, PeriodInvalid),
)
async def read_series(
    *,
    series_id: uuid.UUID,
    session: SessionDep,
    principal: PrincipalDep,
    start: Annotated[
        date | None, Query(description="First day (default: a year before `end`).")
    ] = None,
    end: Annotated[date | None, Query(description="Last day (default: today).")] = None,
) -> SeriesDetail:
    """Read one series with its observations from `start` to `end` (at most 3,660 days)."""
    require_reader(principal)
    last = end or utcnow().date()
    first = start or last - timedelta(days=DEFAULT_PERIOD_DAYS)
    if first > last:
        raise PeriodInvalid("start must not be after end.")
    if (last - first).days > MAX_PERIOD_DAYS:
        raise PeriodInvalid(f"A period spans at most {MAX_PERIOD_DAYS} days.")
    series, observations = await service.get_series(session, series_id, start=first, end=last)
    return SeriesDetail(
        **SeriesRead.model_validate(series).model_dump(),
        observations=[ObservationRead.model_validate(o) for o in observations],
    )
