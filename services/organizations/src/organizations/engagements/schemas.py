"""API schemas of engagements and follow-up actions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pdp_common.identity import Clearance
from pdp_common.input_fields import Day, Timestamp
from pdp_common.schemas import Strict
from pydantic import ConfigDict, Field

from organizations.engagements import examples
from organizations.engagements.vocabulary import EngagementKind, FollowUpStatus, Side
from organizations.schemas import (
    Category,
    CountryCode,
    Filters,
    LongText,
    NameText,
    OrgCode,
    Out,
    ShortText,
)


class Participant(Strict):
    name: ShortText
    side: Side
    organization_code: OrgCode | None = None
    function: ShortText | None = None


class FollowUpCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.FOLLOW_UP_CREATE]})

    action: Annotated[str, Field(min_length=1, max_length=2000)]
    owner: NameText
    due_on: Day


class FollowUpUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.FOLLOW_UP_UPDATE]})

    action: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    owner: NameText | None = None
    due_on: Day | None = None
    status: FollowUpStatus | None = None


class FollowUpRead(Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.FOLLOW_UP_READ]})

    id: uuid.UUID
    engagement_id: uuid.UUID
    action: str
    owner: str
    due_on: date
    status: FollowUpStatus
    is_overdue: bool = False
    overdue_announced_at: datetime | None
    completed_at: datetime | None
    version: int


class EngagementCreate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.ENGAGEMENT_CREATE]})

    kind: EngagementKind
    title: ShortText
    occurred_at: Timestamp
    place: ShortText | None = None
    countries: list[CountryCode] = Field(default_factory=list, max_length=20)
    topics: list[Category] = Field(default_factory=list, max_length=20)
    organizations: list[OrgCode] = Field(default_factory=list, max_length=50)
    participants: list[Participant] = Field(default_factory=list, max_length=200)
    summary: LongText | None = None
    outcomes: LongText | None = None
    sensitivity: Clearance = Clearance.INTERNAL
    follow_ups: list[FollowUpCreate] = Field(default_factory=list, max_length=50)


class EngagementUpdate(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.ENGAGEMENT_UPDATE]})

    kind: EngagementKind | None = None
    title: ShortText | None = None
    occurred_at: Timestamp | None = None
    place: ShortText | None = None
    countries: list[CountryCode] | None = Field(default=None, max_length=20)
    topics: list[Category] | None = Field(default=None, max_length=20)
    organizations: list[OrgCode] | None = Field(default=None, max_length=50)
    participants: list[Participant] | None = Field(default=None, max_length=200)
    summary: LongText | None = None
    outcomes: LongText | None = None
    sensitivity: Clearance | None = None


class EngagementRead(Out):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.ENGAGEMENT_READ]})

    id: uuid.UUID
    kind: EngagementKind
    title: str
    occurred_at: datetime
    place: str | None
    countries: list[str]
    topics: list[str]
    organizations: list[str]
    participants: list[Participant]
    summary: str | None
    outcomes: str | None
    sensitivity: Clearance
    created_by: str
    created_at: datetime
    follow_ups: list[FollowUpRead]
    version: int


class EngagementFilters(Filters):
    kind: EngagementKind | None = None
    country: CountryCode | None = None
    topic: Category | None = None
    organization: OrgCode | None = None
    occurred_from: Timestamp | None = None
    occurred_until: Timestamp | None = None
