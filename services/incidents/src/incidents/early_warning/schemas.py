"""What the early-warning API reads: indicators, alerts and the regional picture."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pdp_common.identity import Clearance
from pydantic import BaseModel, ConfigDict, Field

from incidents.early_warning import examples


class FactorRead(BaseModel):
    """One reason an indicator stands where it does, with its baseline where one exists."""

    name: str
    value: float
    baseline: float | None = None
    description: str


class IndicatorRead(BaseModel):
    """A place's latest assessment over one window, and whether an escalation is open."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [examples.INDICATOR_READ]}
    )

    id: uuid.UUID
    country: str
    admin1: str | None = Field(description="Null for the whole country.")
    category: str | None = Field(description="Null for every threat.")
    window_days: int
    as_of: date = Field(description="The day the assessment is for.")
    observed: float = Field(description="Weighted incident score in the window.")
    expected: float = Field(description="What the baseline expects in a window of that length.")
    score: float = Field(description="Departure from the baseline.")
    trend: float = Field(description="Observed minus the previous window's observed.")
    incidents: int
    factors: list[FactorRead]
    open: bool = Field(description="Whether an escalation episode is open.")
    alert_id: uuid.UUID | None = Field(description="The open alert, if any.")


class AlertRead(BaseModel):
    """An escalation alert: where, over which window, how far from the baseline and why."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [examples.ALERT_READ]}
    )

    id: uuid.UUID
    country: str
    admin1: str | None
    category: str | None
    window_days: int
    status: str = Field(description="open | subsided.")
    raised_at: datetime
    subsided_at: datetime | None
    observed: float
    expected: float
    score: float
    threshold: float
    peak_score: float
    factors: list[FactorRead]
    sensitivity: Clearance = Field(description="Highest sensitivity of a contributing incident.")
    version: int


class ContributingIncident(BaseModel):
    """A contributing incident the caller may see."""

    id: uuid.UUID
    reference: str
    title: str
    occurred_at: datetime
    category: str
    severity: int
    casualties_best: int | None
    status: str


class AlertDetail(AlertRead):
    """An alert with the contributing incidents the caller may see, heaviest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ALERT_DETAIL]})

    contributing_incidents: list[ContributingIncident]


class PictureItem(BaseModel):
    """One place in the regional picture: its current risk, trend and open alert."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PICTURE_ITEM]})

    country: str
    admin1: str | None
    category: str | None
    risk: float = Field(description="The highest departure from the baseline across windows.")
    window_days: int = Field(description="The window of that highest departure.")
    observed: float
    expected: float
    trend: float
    as_of: date
    open_alert: AlertRead | None = Field(
        description="The place's open alert of highest score, if the caller may see it."
    )


class EnvironmentalSignalRead(BaseModel):
    """An environmental series departing from its own history (docs/early-warning.md)."""

    model_config = ConfigDict(from_attributes=True)

    series_id: uuid.UUID
    country: str
    admin1: str
    site: str
    kind: str = Field(description="water_level, river_flow, drought_index, ... (the vocabulary).")
    unit: str
    latest_value: float
    latest_on: date
    baseline: float
    baseline_method: str = Field(description="seasonal (same dates in earlier years) or trailing.")
    score: float = Field(description="Departure in the direction that warns for the kind.")
    direction: str = Field(description="above or below the baseline.")
    description: str


class Picture(BaseModel):
    """Places ranked by current risk, highest first, and the departing environmental series."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"items": [examples.PICTURE_ITEM], "environment": [examples.ENVIRONMENT_SIGNAL]}
            ]
        }
    )

    items: list[PictureItem]
    environment: list[EnvironmentalSignalRead] = Field(
        description="Environmental series departing from their own history, highest score first."
    )
