"""The shape of the GeoJSON export (RFC 7946), as the OpenAPI document describes it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pdp_common.identity import Clearance
from pydantic import BaseModel, Field

from incidents.schemas import Casualties, ConfidenceRead
from incidents.status import Status
from incidents.vocabulary import ThreatCategory, TimePrecision


class IncidentPoint(BaseModel):
    """Where the incident happened: a GeoJSON Point, longitude first."""

    type: Literal["Point"]
    coordinates: Annotated[
        list[float],
        Field(min_length=2, max_length=2, description="[longitude, latitude] (WGS 84)."),
    ]


class IncidentFeatureProperties(BaseModel):
    """The incident's fields a map needs (its sources, text and actors stay in the API)."""

    reference: str
    status: Status
    title: str
    occurred_at: datetime
    time_precision: TimePrecision
    country: str
    admin1: str | None
    admin2: str | None
    location: str | None
    geo_precision: int
    category: ThreatCategory
    event_type: str
    sub_event_type: str
    severity: int
    sensitivity: Clearance
    independent_sources: int
    confidence: ConfidenceRead
    casualties: Casualties | None
    tags: list[str]
    merged_into: uuid.UUID | None
    updated_at: datetime


class IncidentFeature(BaseModel):
    """One incident as a GeoJSON Feature; its id is the incident's id."""

    type: Literal["Feature"]
    id: uuid.UUID
    geometry: IncidentPoint
    properties: IncidentFeatureProperties


class IncidentFeatureCollection(BaseModel):
    """The incidents of an export as an RFC 7946 FeatureCollection."""

    type: Literal["FeatureCollection"]
    features: list[IncidentFeature]


FEATURE_PROPERTIES: tuple[str, ...] = tuple(IncidentFeatureProperties.model_fields)
