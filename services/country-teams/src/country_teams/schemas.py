"""API schemas of the country-teams service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pdp_common.contracts.country_teams import AgencyCode
from pdp_common.countries import CountryCode
from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from country_teams import examples

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Admin1 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class CountryTeamCreate(Strict):
    """A UN country team to register."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COUNTRY_TEAM_CREATE]})

    country: CountryCode = Field(description="ISO 3166-1 alpha-3 code of one of the five states.")
    name: Text200 = Field(examples=["UN Country Team in Kazakhstan"])
    resident_coordinator: Text200
    office: Text200 | None = Field(default=None, description="Seat of the RC office.")
    agencies: list[AgencyCode] = Field(default_factory=list, max_length=60)


class CountryTeamUpdate(Strict):
    """Changes to a country team; absent fields stay as they are."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COUNTRY_TEAM_UPDATE]})

    name: Text200 | None = None
    resident_coordinator: Text200 | None = None
    office: Text200 | None = None
    agencies: list[AgencyCode] | None = Field(default=None, max_length=60)


class CountryTeamRead(BaseModel):
    """A UN country team."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [examples.COUNTRY_TEAM_READ]}
    )

    id: uuid.UUID
    country: str
    name: str
    resident_coordinator: str
    office: str | None
    agencies: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


class GapRead(BaseModel):
    """An area where verified incidents of a category happened and no activity addresses it."""

    country: str
    admin1: str | None
    category: str
    verified_incidents: int
    max_severity: int
    last_occurred_at: datetime


class GapList(BaseModel):
    """The gaps over the risk window."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.GAP_LIST]})

    window_days: int
    since: datetime
    items: list[GapRead]
