"""API schemas of the briefings service."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Self

from pdp_common.contracts.briefings import OrgCode
from pdp_common.countries import CountryCode
from pdp_common.identity import Clearance
from pdp_common.input_fields import Flag, Timestamp
from pdp_common.schemas import Strict
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from briefings import examples
from briefings.early_warning.schemas import EarlyWarningSection
from briefings.vocabulary import BriefingAction, BriefingKind, BriefingStatus

Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Category = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class IncidentRef(Strict):
    """An incident a section cites."""

    incident_id: uuid.UUID
    reference: str = Field(max_length=64)
    category: Category
    severity: int = Field(ge=1, le=5)
    occurred_at: datetime
    admin1: str | None = Field(default=None, max_length=120)
    title: str | None = Field(default=None, max_length=500)


class CountryDevelopmentRead(Strict):
    """What happened in one country over the briefing's period, as recorded."""

    country: str
    summary: Paragraph
    incidents: list[IncidentRef] = Field(default_factory=list, max_length=200)


class CountryDevelopment(CountryDevelopmentRead):
    """What happened in one country over the briefing's period."""

    country: CountryCode


class SectionsRead(Strict):
    """The structured body of a briefing, as recorded."""

    overview: Paragraph
    developments: Sequence[CountryDevelopmentRead] = Field(default_factory=list, max_length=20)
    early_warning: EarlyWarningSection | None = Field(
        default=None,
        description="The regional picture of escalation alerts (see include_regional_picture).",
    )
    outlook: Paragraph
    recommendations: list[Annotated[str, StringConstraints(min_length=1, max_length=2000)]] = Field(
        default_factory=list, max_length=30
    )


class Sections(SectionsRead):
    """The structured body of a briefing."""

    developments: list[CountryDevelopment] = Field(default_factory=list, max_length=20)


class BriefingCreate(Strict):
    """A briefing to draft from its kind's template and the incident digest."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                examples.DAILY_BRIEF_CREATE,
                examples.THEMATIC_NOTE_CREATE,
                examples.WEEKLY_ANALYSIS_CREATE,
            ]
        }
    )

    kind: BriefingKind
    title: Title | None = Field(default=None, description="Defaults to the template's title.")
    classification: Clearance = Clearance.INTERNAL
    audience: list[OrgCode] = Field(default_factory=lambda: ["UNRCCA"], max_length=40)
    countries: list[CountryCode] | None = Field(
        default=None, min_length=1, max_length=6, description="Defaults to the whole region."
    )
    period_start: Timestamp | None = None
    period_end: Timestamp | None = Field(default=None, description="Defaults to now.")
    theme: Category | None = Field(default=None, description="Threat category of a thematic note.")
    incident_id: uuid.UUID | None = Field(
        default=None, description="The incident of a flash alert."
    )
    include_regional_picture: Flag | None = Field(
        default=None,
        description="Attach the early-warning section (open escalation alerts by score, and "
        "those that subsided in the period). Defaults to true for a daily situation brief, "
        "false for weekly analyses and thematic notes; flash alerts have none.",
    )

    @model_validator(mode="after")
    def _kind_needs(self) -> Self:
        if self.kind is BriefingKind.THEMATIC_NOTE and not self.theme:
            raise ValueError("a thematic note needs a theme")
        if self.kind is BriefingKind.FLASH_ALERT and self.incident_id is None:
            raise ValueError("a flash alert needs an incident_id")
        if self.kind is BriefingKind.FLASH_ALERT and self.include_regional_picture:
            raise ValueError("a flash alert has no regional picture")
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValueError("period_end is not after period_start")
        return self


class BriefingUpdate(Strict):
    """Edits to a briefing before release; absent fields stay as they are."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.BRIEFING_UPDATE]})

    title: Title | None = None
    classification: Clearance | None = None
    audience: list[OrgCode] | None = Field(default=None, min_length=1, max_length=40)
    sections: Sections | None = None


class BriefingRead(BaseModel):
    """A briefing."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.BRIEFING_READ]})

    id: uuid.UUID
    kind: BriefingKind
    title: str
    status: BriefingStatus
    classification: Clearance
    audience: list[str]
    countries: list[str]
    theme: str | None
    period_start: datetime
    period_end: datetime
    sections: SectionsRead
    source_incident_id: uuid.UUID | None
    created_by: str
    reviewed_by: str | None
    cleared_by: str | None
    released_by: str | None
    released_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class FailedCondition(BaseModel):
    """A condition of the sharing rule that does not hold, and why."""

    condition: str = Field(description="agreement, sensitivity, embargo or consent.")
    detail: str


class HeldBackItem(BaseModel):
    """A part of a briefing (one country, one threat category) the sharing terms hold back."""

    country: str
    category: str
    failed: list[FailedCondition]


class OrganizationReach(BaseModel):
    """Whether a briefing reaches one organization of its audience."""

    org: str
    reaches: bool
    held_back: list[HeldBackItem]


class BriefingReach(BaseModel):
    """Which organizations of its audience a briefing reaches under their sharing terms."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.BRIEFING_REACH]})

    briefing_id: uuid.UUID
    as_of: datetime = Field(
        description="The instant of the check (a draft counts as released then)."
    )
    audience: list[OrganizationReach]


class BriefingFilters(BaseModel):
    """Filters of the briefing list."""

    kind: BriefingKind | None = None
    status: BriefingStatus | None = None


class BriefingTransitionCreate(Strict):
    """A step of the clearance workflow."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.REVIEW, examples.CLEAR, examples.RELEASE]}
    )

    action: BriefingAction
    comment: Annotated[str, StringConstraints(max_length=2000)] | None = None


class BriefingVersionRead(BaseModel):
    """A briefing as it stood after one change."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.BRIEFING_VERSION_READ]})

    version: int
    action: str
    status: BriefingStatus
    comment: str | None
    changed_by: str
    changed_at: datetime
    snapshot: dict[str, object]
