"""API schemas of an incident: what a caller sends to create or update one, and what it reads."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal, Self

from pdp_common.countries import CountryCode
from pdp_common.identity import Clearance
from pdp_common.input_fields import Timestamp
from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from incidents import examples
from incidents.status import Status
from incidents.vocabulary import (
    ConfidenceLevel,
    Credibility,
    EventType,
    Reliability,
    SourceType,
    ThreatCategory,
    TimePrecision,
    is_valid_pair,
)

Text300 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Name200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Language = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)
]
OrgCode = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Z0-9][A-Z0-9_.-]*$")
]
GeoPrecision = Literal[1, 2, 3]


class Translation(Strict):
    """The title and summary of an incident in another language."""

    language: Language
    title: Text300
    summary: Summary = ""


class Casualties(Strict):
    """Casualty estimates: best, low and high (low <= best <= high)."""

    best: int = Field(ge=0, le=1_000_000)
    low: int | None = Field(default=None, ge=0, le=1_000_000)
    high: int | None = Field(default=None, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low is not None and self.low > self.best:
            raise ValueError("casualties.low must not exceed casualties.best")
        if self.high is not None and self.high < self.best:
            raise ValueError("casualties.high must not be below casualties.best")
        return self


class SourceIn(Strict):
    """One report's source, graded for reliability (A-F) and information credibility (1-6)."""

    name: Name200
    type: SourceType
    reliability: Reliability
    credibility: Credibility
    url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://\S+$")] | None = None
    published_at: Timestamp | None = None
    reported_by_org: Name200 | None = None


class Origin(Strict):
    """Where a copy of the incident came from (a partner's own record)."""

    org: OrgCode
    external_id: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = None


class IncidentFields(Strict):
    """Fields shared by create and update."""

    @model_validator(mode="after")
    def _acled_pair(self) -> Self:
        event_type = getattr(self, "event_type", None)
        sub_event_type = getattr(self, "sub_event_type", None)
        if (
            event_type is not None
            and sub_event_type is not None
            and not is_valid_pair(str(event_type), sub_event_type)
        ):
            raise ValueError(
                f"sub_event_type {sub_event_type!r} is not an ACLED sub-event type of "
                f"{str(event_type)!r}"
            )
        return self


class IncidentCreate(IncidentFields):
    """A new incident report."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.INCIDENT_CREATE, examples.INCIDENT_CREATE_MINIMAL]}
    )

    title: Text300
    summary: Summary = ""
    language: Language = "en"
    translations: list[Translation] = Field(default_factory=list, max_length=10)
    occurred_at: Timestamp
    time_precision: TimePrecision = TimePrecision.DAY
    country: CountryCode
    admin1: Name200 | None = None
    admin2: Name200 | None = None
    location: Name200 | None = None
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    geo_precision: GeoPrecision = 1
    category: ThreatCategory
    event_type: EventType
    sub_event_type: Name200
    actor1: Text300 | None = None
    assoc_actor_1: list[Text300] = Field(default_factory=list, max_length=20)
    actor2: Text300 | None = None
    assoc_actor_2: list[Text300] = Field(default_factory=list, max_length=20)
    casualties: Casualties | None = None
    severity: int = Field(ge=1, le=5)
    sensitivity: Clearance = Clearance.INTERNAL
    tags: list[Tag] = Field(default_factory=list, max_length=30)
    sources: list[SourceIn] = Field(default_factory=list, max_length=50)
    origin: Origin | None = None


class IncidentUpdate(IncidentFields):
    """A change to some fields of an incident (absent fields stay as they are)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.INCIDENT_UPDATE]})

    title: Text300 | None = None
    summary: Summary | None = None
    language: Language | None = None
    translations: list[Translation] | None = Field(default=None, max_length=10)
    occurred_at: Timestamp | None = None
    time_precision: TimePrecision | None = None
    country: CountryCode | None = None
    admin1: Name200 | None = None
    admin2: Name200 | None = None
    location: Name200 | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: GeoPrecision | None = None
    category: ThreatCategory | None = None
    event_type: EventType | None = None
    sub_event_type: Name200 | None = None
    actor1: Text300 | None = None
    assoc_actor_1: list[Text300] | None = Field(default=None, max_length=20)
    actor2: Text300 | None = None
    assoc_actor_2: list[Text300] | None = Field(default=None, max_length=20)
    casualties: Casualties | None = None
    severity: int | None = Field(default=None, ge=1, le=5)
    sensitivity: Clearance | None = None
    tags: list[Tag] | None = Field(default=None, max_length=30)
    sources: list[SourceIn] | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _required_not_null(self) -> Self:
        nulled = sorted(n for n in self.model_fields_set - NULLABLE if getattr(self, n) is None)
        if nulled:
            raise ValueError(f"these fields cannot be null: {', '.join(nulled)}")
        return self


NULLABLE = frozenset({"admin1", "admin2", "location", "actor1", "actor2", "casualties"})


class ConfidenceRead(BaseModel):
    """The rolled-up confidence of an incident's sources."""

    score: float
    level: ConfidenceLevel


class Provenance(BaseModel):
    """One organization's record of the incident, kept through merges."""

    org: str
    external_id: str | None = None
    incident_id: uuid.UUID
    reference: str
    recorded_at: datetime


class IncidentRead(BaseModel):
    """An incident as the caller may see it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.INCIDENT_READ]})

    id: uuid.UUID
    reference: str
    status: Status
    title: str
    summary: str
    language: str
    translations: list[Translation]
    occurred_at: datetime
    time_precision: TimePrecision
    country: str
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float
    longitude: float
    geo_precision: int
    category: ThreatCategory
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: list[str]
    actor2: str | None
    assoc_actor_2: list[str]
    casualties: Casualties | None
    severity: int
    sensitivity: Clearance
    tags: list[str]
    sources: list[SourceIn]
    independent_sources: int
    confidence: ConfidenceRead
    origin: Origin
    provenances: list[Provenance]
    merged_into: uuid.UUID | None
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
