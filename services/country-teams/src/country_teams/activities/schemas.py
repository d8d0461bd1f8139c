"""API schemas of preventive activities and the who-does-what-where summary."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Self

from pdp_common.contracts.country_teams import AgencyCode
from pdp_common.countries import CountryCode
from pdp_common.input_fields import Day
from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from country_teams.activities import examples
from country_teams.schemas import Admin1, Text200
from country_teams.vocabulary import ActivityStatus, ThreatCategory

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
SectorCode = Annotated[str, StringConstraints(pattern=r"^\d{5}$")]


class Budget(Strict):
    """An activity's total budget in one currency."""

    amount: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    currency: CurrencyCode = Field(description="ISO 4217 code.")


class ActivityResult(Strict):
    """A result the activity reports against (IATI result/indicator, simplified)."""

    title: Text200
    indicator: Text200 | None = None
    unit: Annotated[str, StringConstraints(max_length=40)] | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    actual: Decimal | None = None


class _ActivityFields(Strict):
    description: Annotated[str, StringConstraints(max_length=10_000)] | None = None
    admin1: Admin1 | None = Field(
        default=None, description="First-level admin area; none = national."
    )
    participating_agencies: list[AgencyCode] | None = Field(default=None, max_length=30)
    start_on: Day | None = None
    end_on: Day | None = None
    sectors: list[SectorCode] | None = Field(default=None, max_length=20)
    budget: Budget | None = None
    results: list[ActivityResult] | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValueError("end_on is before start_on")
        return self


class ActivityCreate(_ActivityFields):
    """A preventive activity to record."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACTIVITY_CREATE]})

    iati_identifier: Annotated[str, StringConstraints(min_length=3, max_length=150)] | None = None
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    country: CountryCode
    lead_agency: AgencyCode
    status: ActivityStatus = ActivityStatus.PIPELINE
    categories: list[ThreatCategory] = Field(min_length=1, max_length=10)


class ActivityUpdate(_ActivityFields):
    """Changes to an activity; absent fields stay as they are, ``null`` clears optional ones."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACTIVITY_UPDATE]})

    title: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
        | None
    ) = None
    status: ActivityStatus | None = None
    categories: list[ThreatCategory] | None = Field(default=None, min_length=1, max_length=10)


class ActivityRead(BaseModel):
    """A preventive activity."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACTIVITY_READ]})

    id: uuid.UUID
    country_team_id: uuid.UUID
    iati_identifier: str | None
    title: str
    description: str
    country: str
    admin1: str | None
    lead_agency: str
    participating_agencies: list[str]
    status: ActivityStatus
    start_on: date | None
    end_on: date | None
    sectors: list[str]
    categories: list[str]
    budget: Budget | None
    results: list[ActivityResult]
    created_by: str
    version: int
    created_at: datetime
    updated_at: datetime


class ActivityFilters(BaseModel):
    """Filters of the activity list and the 3W summary."""

    country: CountryCode | None = None
    admin1: Admin1 | None = None
    agency: AgencyCode | None = None
    status: ActivityStatus | None = None
    category: ThreatCategory | None = None


class WhoWhatWhereCell(BaseModel):
    """How many activities an agency runs on a category in an area."""

    country: str
    admin1: str | None = Field(description="None for national activities.")
    category: str
    agency: str
    activities: int


class WhoWhatWhere(BaseModel):
    """The who-does-what-where summary of the activities matching the filters."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.WHO_WHAT_WHERE]})

    total_activities: int
    cells: list[WhoWhatWhereCell]
