"""API schemas of initiatives and their overlaps."""

from __future__ import annotations

import uuid
from datetime import date

from pdp_common.input_fields import Day
from pdp_common.schemas import Strict
from pydantic import ConfigDict, Field, model_validator

from organizations.initiatives import examples
from organizations.initiatives.vocabulary import InitiativeKind, InitiativeStatus
from organizations.schemas import (
    Category,
    CountryCode,
    Filters,
    LongText,
    OrgCode,
    Out,
    ShortText,
)


class InitiativeCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.INITIATIVE_CREATE]})

    organization_code: OrgCode
    title: ShortText
    kind: InitiativeKind
    description: LongText | None = None
    countries: list[CountryCode] = Field(min_length=1, max_length=20)
    themes: list[Category] = Field(min_length=1, max_length=20)
    status: InitiativeStatus = InitiativeStatus.PLANNED
    starts_on: Day | None = None
    ends_on: Day | None = None

    @model_validator(mode="after")
    def _period(self) -> InitiativeCreate:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class InitiativeUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.INITIATIVE_UPDATE]})

    title: ShortText | None = None
    kind: InitiativeKind | None = None
    description: LongText | None = None
    countries: list[CountryCode] | None = Field(default=None, min_length=1, max_length=20)
    themes: list[Category] | None = Field(default=None, min_length=1, max_length=20)
    status: InitiativeStatus | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None


class InitiativeRead(Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.INITIATIVE_READ]})

    id: uuid.UUID
    organization_code: str
    title: str
    kind: InitiativeKind
    description: str | None
    countries: list[str]
    themes: list[str]
    status: InitiativeStatus
    starts_on: date | None
    ends_on: date | None
    version: int


class InitiativeFilters(Filters):
    organization_code: OrgCode | None = None
    country: CountryCode | None = None
    theme: Category | None = None
    status: InitiativeStatus | None = None


class OverlapFilters(Filters):
    country: CountryCode | None = None
    theme: Category | None = None


class OverlapRead(Out):
    """Initiatives of two or more organizations on the same country and theme at the same time."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.OVERLAP_READ]})

    country: str
    theme: str
    organizations: list[str]
    initiatives: list[InitiativeRead]
