"""API schemas of listing and searching incidents."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from fastapi import Query
from pdp_common.countries import CountryCode
from pdp_common.identity import Clearance
from pdp_common.input_fields import Timestamp
from pydantic import BaseModel, ConfigDict, Field

from incidents import examples
from incidents.errors import IncidentInvalid
from incidents.geo import BBox, InvalidCoordinatesError, parse_bbox
from incidents.status import Status
from incidents.vocabulary import EventType, ThreatCategory


class IncidentSort(StrEnum):
    """Orders a list can take; a leading '-' means newest (or highest) first."""

    OCCURRED_DESC = "-occurred_at"
    OCCURRED_ASC = "occurred_at"
    CREATED_DESC = "-created_at"
    CREATED_ASC = "created_at"
    UPDATED_DESC = "-updated_at"
    UPDATED_ASC = "updated_at"

    @property
    def column(self) -> str:
        """Return the column this order sorts by."""
        return self.value.lstrip("-")

    @property
    def descending(self) -> bool:
        """Tell whether the order is descending."""
        return self.value.startswith("-")


class IncidentFilters(BaseModel):
    """Which incidents a list, count or export selects (all conditions must hold)."""

    country: list[str] = Field(default_factory=list)
    admin1: str | None = None
    category: list[ThreatCategory] = Field(default_factory=list)
    event_type: list[EventType] = Field(default_factory=list)
    status: list[Status] = Field(default_factory=list)
    sensitivity: list[Clearance] = Field(default_factory=list)
    severity_min: int | None = Field(default=None, ge=1, le=5)
    severity_max: int | None = Field(default=None, ge=1, le=5)
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    bbox: BBox | None = None
    q: str | None = None
    include_merged: bool = False


class IncidentCount(BaseModel):
    """How many incidents the caller may see match the filters."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.INCIDENT_COUNT]})

    count: int


Countries = Annotated[
    list[CountryCode],
    Query(description="ISO 3166-1 alpha-3 country codes (any of them).", max_length=20),
]


async def incident_filters(
    *,
    country: Countries = [],  # noqa: B006 - FastAPI copies query defaults
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    category: Annotated[list[ThreatCategory], Query(max_length=10)] = [],  # noqa: B006
    event_type: Annotated[list[EventType], Query(max_length=6)] = [],  # noqa: B006
    status: Annotated[list[Status], Query(max_length=6)] = [],  # noqa: B006
    sensitivity: Annotated[list[Clearance], Query(max_length=4)] = [],  # noqa: B006
    severity_min: Annotated[int | None, Query(ge=1, le=5)] = None,
    severity_max: Annotated[int | None, Query(ge=1, le=5)] = None,
    occurred_from: Annotated[Timestamp | None, Query(description="Inclusive.")] = None,
    occurred_to: Annotated[Timestamp | None, Query(description="Exclusive.")] = None,
    bbox: Annotated[
        str | None, Query(description="min_lon,min_lat,max_lon,max_lat (RFC 7946 order).")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=500, description="Words to find (any script, prefixes).")
    ] = None,
    include_merged: Annotated[bool, Query(description="Also list merged duplicates.")] = False,
) -> IncidentFilters:
    """Read the filters of a list, count or export from the query string."""
    box = None
    if bbox:
        try:
            box = parse_bbox(bbox)
        except InvalidCoordinatesError as exc:
            raise IncidentInvalid(str(exc), field="bbox") from exc
    return IncidentFilters(
        country=country,
        admin1=admin1,
        category=category,
        event_type=event_type,
        status=status,
        sensitivity=sensitivity,
        severity_min=severity_min,
        severity_max=severity_max,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        bbox=box,
        q=q,
        include_merged=include_merged,
    )
